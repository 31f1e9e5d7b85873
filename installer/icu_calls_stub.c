/* The ICU functions Qt Core calls, each answering "not available", built by installer/build.py on
 * Linux in place of Qt's libicuuc (2 MiB) and libicui18n (3 MiB). With the empty ICU data library
 * (icu_stub.c) these calls fail already, apart from case mapping: Qt then takes the fallback it
 * has for a missing ICU feature, as it does today.
 *
 *   ucol_*  QCollator: "Could not create collator", compares by code point (Qt's file dialog).
 *   ucal_*  QTimeZone: time-zone display names (the zone rules are read from the system).
 *   ucnv_*  QStringConverter: no legacy 8-bit or CJK encodings (the app reads and writes UTF-8).
 *   u_strToUpper/Lower  QLocale::toUpper/toLower: Qt's own Unicode case mapping (QString).
 *
 * Only Qt Core calls ICU in the bundle; build.py checks that the bundle needs no other ICU
 * function than these (readelf), so a Qt update that calls a new one fails the build instead
 * of the app. ICU_SUFFIX is ICU's version suffix on every name, e.g. _73.
 */
#ifndef ICU_SUFFIX
#error "build with -DICU_SUFFIX=_NN"
#endif
#include <stddef.h>
#include <stdint.h>

#define JOIN2(a, b) a##b
#define JOIN(a, b) JOIN2(a, b)
#define ICU(name) JOIN(name, ICU_SUFFIX)
#define API __attribute__((visibility("default")))

typedef int UErrorCode;
typedef uint16_t UChar;
typedef int8_t UBool;
typedef void (*Callback)(void);

enum { U_UNSUPPORTED_ERROR = 16 };

static void fail(UErrorCode *status) {
    if (status != NULL && *status <= 0) /* ICU: never overwrite an earlier failure */
        *status = U_UNSUPPORTED_ERROR;
}

/* case mapping (libicuuc) */
API int32_t ICU(u_strToUpper)(UChar *dest, int32_t capacity, const UChar *src, int32_t length,
                              const char *locale, UErrorCode *status) {
    (void)dest, (void)capacity, (void)src, (void)length, (void)locale;
    fail(status);
    return 0;
}
API int32_t ICU(u_strToLower)(UChar *dest, int32_t capacity, const UChar *src, int32_t length,
                              const char *locale, UErrorCode *status) {
    (void)dest, (void)capacity, (void)src, (void)length, (void)locale;
    fail(status);
    return 0;
}

/* converters (libicuuc) */
API void *ICU(ucnv_open)(const char *name, UErrorCode *status) {
    (void)name;
    fail(status);
    return NULL;
}
API void ICU(ucnv_close)(void *cnv) { (void)cnv; }
API void ICU(ucnv_reset)(void *cnv) { (void)cnv; }
API int32_t ICU(ucnv_countAvailable)(void) { return 0; }
API const char *ICU(ucnv_getAvailableName)(int32_t n) {
    (void)n;
    return NULL;
}
API const char *ICU(ucnv_getName)(const void *cnv, UErrorCode *status) {
    (void)cnv;
    fail(status);
    return NULL;
}
API const char *ICU(ucnv_getStandardName)(const char *name, const char *standard,
                                          UErrorCode *status) {
    (void)name, (void)standard;
    fail(status);
    return NULL;
}
API int8_t ICU(ucnv_getMaxCharSize)(const void *cnv) {
    (void)cnv;
    return 1;
}
API int32_t ICU(ucnv_fromUCountPending)(const void *cnv, UErrorCode *status) {
    (void)cnv;
    fail(status);
    return 0;
}
API int32_t ICU(ucnv_toUCountPending)(const void *cnv, UErrorCode *status) {
    (void)cnv;
    fail(status);
    return 0;
}
API void ICU(ucnv_fromUnicode)(void *cnv, char **target, const char *limit, const UChar **source,
                               const UChar *source_limit, int32_t *offsets, UBool flush,
                               UErrorCode *status) {
    (void)cnv, (void)target, (void)limit, (void)source, (void)source_limit, (void)offsets;
    (void)flush;
    fail(status);
}
API void ICU(ucnv_toUnicode)(void *cnv, UChar **target, const UChar *limit, const char **source,
                             const char *source_limit, int32_t *offsets, UBool flush,
                             UErrorCode *status) {
    (void)cnv, (void)target, (void)limit, (void)source, (void)source_limit, (void)offsets;
    (void)flush;
    fail(status);
}
API void ICU(ucnv_getFromUCallBack)(const void *cnv, Callback *action, const void **context) {
    (void)cnv;
    if (action != NULL) *action = NULL;
    if (context != NULL) *context = NULL;
}
API void ICU(ucnv_getToUCallBack)(const void *cnv, Callback *action, const void **context) {
    (void)cnv;
    if (action != NULL) *action = NULL;
    if (context != NULL) *context = NULL;
}
API void ICU(ucnv_setFromUCallBack)(void *cnv, Callback action, const void *context,
                                    Callback *old_action, const void **old_context,
                                    UErrorCode *status) {
    (void)cnv, (void)action, (void)context, (void)old_action, (void)old_context;
    fail(status);
}
API void ICU(ucnv_setToUCallBack)(void *cnv, Callback action, const void *context,
                                  Callback *old_action, const void **old_context,
                                  UErrorCode *status) {
    (void)cnv, (void)action, (void)context, (void)old_action, (void)old_context;
    fail(status);
}
API void ICU(ucnv_cbFromUWriteUChars)(void *args, const UChar **source, const UChar *limit,
                                      int32_t offset, UErrorCode *status) {
    (void)args, (void)source, (void)limit, (void)offset;
    fail(status);
}
API void ICU(ucnv_cbToUWriteUChars)(void *args, const UChar *source, int32_t length,
                                    int32_t offset, UErrorCode *status) {
    (void)args, (void)source, (void)length, (void)offset;
    fail(status);
}
API void ICU(UCNV_FROM_U_CALLBACK_SUBSTITUTE)(const void *context, void *args, const UChar *units,
                                              int32_t length, int32_t code_point, int reason,
                                              UErrorCode *status) {
    (void)context, (void)args, (void)units, (void)length, (void)code_point, (void)reason;
    fail(status);
}
API void ICU(UCNV_TO_U_CALLBACK_SUBSTITUTE)(const void *context, void *args, const char *units,
                                            int32_t length, int reason, UErrorCode *status) {
    (void)context, (void)args, (void)units, (void)length, (void)reason;
    fail(status);
}

/* calendars and time zones (libicui18n) */
API void *ICU(ucal_open)(const UChar *zone, int32_t length, const char *locale, int type,
                         UErrorCode *status) {
    (void)zone, (void)length, (void)locale, (void)type;
    fail(status);
    return NULL;
}
API void ICU(ucal_close)(void *cal) { (void)cal; }
API int32_t ICU(ucal_getCanonicalTimeZoneID)(const UChar *id, int32_t length, UChar *result,
                                             int32_t capacity, UBool *is_system,
                                             UErrorCode *status) {
    (void)id, (void)length, (void)result, (void)capacity;
    if (is_system != NULL) *is_system = 0;
    fail(status);
    return 0;
}
API int32_t ICU(ucal_getTimeZoneDisplayName)(const void *cal, int type, const char *locale,
                                             UChar *result, int32_t capacity,
                                             UErrorCode *status) {
    (void)cal, (void)type, (void)locale, (void)result, (void)capacity;
    fail(status);
    return 0;
}

/* collation (libicui18n) */
API void *ICU(ucol_open)(const char *locale, UErrorCode *status) {
    (void)locale;
    fail(status);
    return NULL;
}
API void ICU(ucol_close)(void *coll) { (void)coll; }
API void ICU(ucol_setAttribute)(void *coll, int attribute, int value, UErrorCode *status) {
    (void)coll, (void)attribute, (void)value;
    fail(status);
}
API int ICU(ucol_strcoll)(const void *coll, const UChar *a, int32_t a_length, const UChar *b,
                          int32_t b_length) {
    (void)coll, (void)a, (void)a_length, (void)b, (void)b_length;
    return 0;
}
API int32_t ICU(ucol_getSortKey)(const void *coll, const UChar *source, int32_t length,
                                 uint8_t *result, int32_t capacity) {
    (void)coll, (void)source, (void)length, (void)result, (void)capacity;
    return 0;
}
