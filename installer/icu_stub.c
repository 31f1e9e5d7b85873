/* An empty ICU data library, built by installer/build.py on Linux in place of Qt's 31 MiB
 * libicudata. Qt links ICU but, in this app, needs none of its data: Qt's locale data, text
 * boundaries, normalisation and case mapping are its own (libicuuc and libicui18n are replaced
 * too, by icu_calls_stub.c, when the bundle calls no other ICU function). With no data,
 * QCollator falls back to comparing by code point (file names in Qt's file dialog) and Qt knows
 * no legacy 8-bit or CJK text encodings (the app reads and writes UTF-8 only).
 *
 * The layout is ICU's own "stubdata" (an empty common-data package, "CmnD" format 1): a header,
 * then a table of contents with no entries. ICU_ENTRY is the versioned symbol, e.g. icudt73_dat.
 */
#ifndef ICU_ENTRY
#error "build with -DICU_ENTRY=icudtNN_dat"
#endif

typedef struct {
    unsigned short headerSize;
    unsigned char magic1, magic2;
    struct {
        unsigned short size, reserved;
        unsigned char isBigEndian, charsetFamily, sizeofUChar, reservedByte;
        unsigned char dataFormat[4], formatVersion[4], dataVersion[4];
    } info;
    char padding[8];
    unsigned int count, reserved;
    struct { unsigned int nameOffset, dataOffset; } toc[1];
} IcuDataHeader;

__attribute__((visibility("default"), aligned(16)))
const IcuDataHeader ICU_ENTRY = {
    32, 0xda, 0x27,
    {20, 0, 0, 0, 2, 0, {0x43, 0x6d, 0x6e, 0x44}, {1, 0, 0, 0}, {0, 0, 0, 0}},
    {0, 0, 0, 0, 0, 0, 0, 0},
    0, 0,
    {{0, 0}},
};
