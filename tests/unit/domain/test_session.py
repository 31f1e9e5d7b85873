"""Users, roles, PINs, lockout and idle policy: the rules every sign-in path shares."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from cdt_desktop.core.errors import InputError
from cdt_desktop.domain.pins import (
    DEFAULT_SCRYPT,
    LOCKOUT,
    MAX_FAILED_PINS,
    LockedOutError,
    Lockout,
    PinError,
    ScryptParams,
    hash_pin,
    needs_rehash,
    validate_pin,
    verify_pin,
)
from cdt_desktop.domain.session import (
    Actor,
    IdleTimer,
    Permission,
    PermissionDeniedError,
    Role,
    User,
    field_permissions,
    initials_for,
    normalize_initials,
    roles_with,
    valid_idle_minutes,
    valid_role,
    valid_user_name,
)

FAST = ScryptParams(n=2**10)  # the rules are the same; the test suite need not pay 32 MiB a hash
T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def user(role: Role, name: str = "Maria Ruiz") -> User:
    return User(id=1, name=name, initials=initials_for(name), role=role)


# -- who may do what ----------------------------------------------------------------------------
P = Permission
ROLE_TABLE = [
    # (situation, role, permission, allowed)
    ("assistant ticks the pre-op radiograph at the chair", Role.ASSISTANT, P.TICK, True),
    ("assistant creates the case while the patient is seated", Role.ASSISTANT, P.CREATE_CASE, True),
    ("assistant records the pulp diagnosis", Role.ASSISTANT, P.EDIT_CLINICAL, True),
    ("assistant may not change D3310 to D3330", Role.ASSISTANT, P.CHANGE_CODE, False),
    ("assistant may not sign the appeal letter", Role.ASSISTANT, P.SIGN_LETTER, False),
    ("assistant may not mark the claim denied", Role.ASSISTANT, P.SET_STATUS, False),
    ("assistant may not export the case file", Role.ASSISTANT, P.EXPORT, False),
    ("assistant may not add a user", Role.ASSISTANT, P.MANAGE_USERS, False),
    ("dentist changes the code after the radiograph", Role.DENTIST, P.CHANGE_CODE, True),
    ("dentist signs the appeal letter", Role.DENTIST, P.SIGN_LETTER, True),
    ("dentist ticks at the chair", Role.DENTIST, P.TICK, True),
    ("dentist does not edit the payer's claim data", Role.DENTIST, P.EDIT_CLAIM, False),
    ("dentist does not read the audit trail", Role.DENTIST, P.VIEW_AUDIT, False),
    ("billing fills in the denial reason", Role.BILLING, P.EDIT_CLAIM, True),
    ("billing moves the case to appealed", Role.BILLING, P.SET_STATUS, True),
    ("billing exports the letter weeks later", Role.BILLING, P.EXPORT, True),
    ("billing opens the case", Role.BILLING, P.VIEW_CASES, True),
    ("billing does not tick clinical documentation", Role.BILLING, P.TICK, False),
    ("billing does not change the code", Role.BILLING, P.CHANGE_CODE, False),
    ("billing does not manage users", Role.BILLING, P.MANAGE_USERS, False),
    ("admin adds the new hygienist", Role.ADMIN, P.MANAGE_USERS, True),
    ("admin edits payer profiles", Role.ADMIN, P.MANAGE_PAYERS, True),
    ("admin migrates the store", Role.ADMIN, P.MANAGE_STORE, True),
    ("admin sets the idle lock", Role.ADMIN, P.MANAGE_SETTINGS, True),
    ("admin exports the audit trail", Role.ADMIN, P.VIEW_AUDIT, True),
    ("owner-dentist admin ticks too", Role.ADMIN, P.TICK, True),
]


@pytest.mark.parametrize(
    ("role", "permission", "allowed"),
    [row[1:] for row in ROLE_TABLE],
    ids=[row[0] for row in ROLE_TABLE],
)
def test_role_permissions(role: Role, permission: Permission, allowed: bool) -> None:
    actor = Actor.signed_in(user(role))
    assert actor.can(permission) is allowed
    if allowed:
        actor.require(permission)
    else:
        with pytest.raises(PermissionDeniedError):
            actor.require(permission)


def test_every_permission_has_a_role_and_admin_has_all() -> None:
    for permission in Permission:
        assert Role.ADMIN in roles_with(permission)


def test_refusal_names_the_roles_that_may() -> None:
    with pytest.raises(PermissionDeniedError) as caught:
        Actor.signed_in(user(Role.ASSISTANT)).require(P.CHANGE_CODE)
    assert str(caught.value) == (
        "Changing a case's code needs the dentist or admin role; you are signed in as assistant."
    )
    assert caught.value.permission is P.CHANGE_CODE


@pytest.mark.parametrize(
    ("role", "wanted", "said"),
    [
        (Role.DENTIST, (P.EXPORT,),
         "Exporting a case file needs the billing or admin role; you are signed in as dentist."),
        (Role.ASSISTANT, (P.SIGN_LETTER, P.EXPORT),
         "Exporting or printing an appeal letter needs the dentist, billing or admin role; "
         "you are signed in as assistant."),
    ],
    ids=["a dentist exports the case file", "an assistant prints the letter"],
)  # fmt: skip
def test_the_case_file_and_the_letter_refusals_name_their_own_action(
    role: Role, wanted: tuple[Permission, ...], said: str
) -> None:
    """Tour3: both said "Exporting a case or letter needs ...", once with the dentist among the
    roles that may and once without, so the dentist read two contradicting refusals."""
    with pytest.raises(PermissionDeniedError) as caught:
        Actor.signed_in(user(role)).require(*wanted)
    assert str(caught.value) == said


def test_sign_in_off_allows_everything_under_typed_initials() -> None:
    actor = Actor("MR")
    assert actor.user_id is None
    for permission in Permission:
        assert actor.can(permission)
        actor.require(permission)


FIELD_TABLE = [
    ("code corrected from D3310 to D3330", "procedure.code", Role.ASSISTANT, False),
    ("code corrected by the dentist", "procedure.code", Role.DENTIST, True),
    ("code changed by billing", "procedure.code", Role.BILLING, False),
    ("tooth corrected by the assistant", "procedure.tooth", Role.ASSISTANT, True),
    ("pulp diagnosis by the dentist", "findings.pulp", Role.DENTIST, True),
    ("findings by billing", "findings.notes", Role.BILLING, False),
    ("denial reason by billing", "claim.denial_reason", Role.BILLING, True),
    ("denial reason by the assistant", "claim.denial_reason", Role.ASSISTANT, False),
    ("member id by billing", "subscriber.member_id", Role.BILLING, True),
    ("patient date of birth fixed by billing", "patient.date_of_birth", Role.BILLING, True),
    ("patient name typed at the chair", "patient.name", Role.ASSISTANT, True),
    ("provider NPI by the dentist", "provider.npi", Role.DENTIST, True),
    ("enclosures by billing", "enclosures", Role.BILLING, True),
    ("a field added later defaults to claim data", "claim.deadline", Role.BILLING, True),
    # the clinical facts fell to the claim-data default: an assistant could not record a pulp
    # test, which the guide says assistants fill in (new-office walkthrough's role review)
    ("cold test recorded by the assistant", "facts.cold", Role.ASSISTANT, True),
    ("pulpal diagnosis recorded by the dentist", "facts.pulpal_diagnosis", Role.DENTIST, True),
    (
        "film date copied from the chart by billing",
        "facts.preop_radiograph_date",
        Role.BILLING,
        True,
    ),
]


@pytest.mark.parametrize(
    ("name", "role", "allowed"),
    [row[1:] for row in FIELD_TABLE],
    ids=[row[0] for row in FIELD_TABLE],
)
def test_field_permissions(name: str, role: Role, allowed: bool) -> None:
    actor = Actor.signed_in(user(role))
    assert any(actor.can(p) for p in field_permissions(name)) is allowed
    if allowed:
        actor.require_fields([name])
    else:
        with pytest.raises(PermissionDeniedError):
            actor.require_fields(["patient.name", name])


def test_field_refusal_names_every_role_that_may() -> None:
    with pytest.raises(PermissionDeniedError) as caught:
        Actor.signed_in(user(Role.BILLING)).require_fields(["findings.pulp"])
    assert "dentist, assistant or admin role" in str(caught.value)


# -- users --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("  Maria   Ruiz ", "Maria Ruiz"),
        ("Nguyễn Thị Lan", "Nguyễn Thị Lan"),
        ("王小明", "王小明"),
    ],
)
def test_user_names_are_trimmed(typed: str, stored: str) -> None:
    assert valid_user_name(typed) == stored


@pytest.mark.parametrize("bad", ["", "   ", "x" * 41, "Maria\x00"])
def test_unusable_user_names(bad: str) -> None:
    with pytest.raises(InputError):
        valid_user_name(bad)


@pytest.mark.parametrize(
    ("name", "initials"),
    [
        ("Maria del Carmen Ruiz", "MDCR"),
        ("zoë", "Z"),
        ("42", ""),
        # titles and degrees are not the person's initials (the audit trail said "D" for every
        # dentist added as "Dr. ...")
        ("Dr. Ann Lee", "AL"),
        ("Dr Ann Lee", "AL"),
        ("DR. ANN LEE", "AL"),
        ("Dr. J. Smith", "JS"),
        ("Ann Lee DDS", "AL"),
        ("Ann Lee, DDS", "AL"),
        ("Ann Lee, D.D.S.", "AL"),
        ("Dr. Ann Lee, DMD", "AL"),
        ("Mrs. Bea Billing", "BB"),
        ("Ms Maria Ruiz", "MR"),
        ("Mr. Tom Diaz", "TD"),
        ("Mr", "M"),  # a name that is only a title keeps it: initials are never empty for it
        ("Drew Lee", "DL"),  # a name that starts like a title is a name
        ("Msimang Thandi", "MT"),
        ("Ann Lee MD", "AL"),
        ("Md. Abdul Karim", "MAK"),  # Md. (Muhammad) begins the name: no degree there
        ("Dr. Md. Rahim", "MR"),
    ],
)
def test_initials_from_names(name: str, initials: str) -> None:
    assert initials_for(name) == initials


def test_initials_are_letters_only() -> None:
    assert normalize_initials(" mr ") == "MR"
    assert normalize_initials("M.R.") == ""


@pytest.mark.parametrize("role", ["dentist", "Assistant", " BILLING ", "admin"])
def test_roles_are_read_in_any_case(role: str) -> None:
    assert valid_role(role).value == role.strip().lower()


def test_unknown_role_lists_the_roles() -> None:
    with pytest.raises(InputError, match="dentist, assistant, billing, admin"):
        valid_role("hygienist")


# -- PINs ---------------------------------------------------------------------------------------
PIN_TABLE = [
    ("six digits", "482913", None),
    ("twelve digits", "482913570264", None),
    ("five digits is too short", "48291", "6 to 12 digits"),
    ("thirteen digits is too long", "4829135702641", "6 to 12 digits"),
    ("letters are not digits", "48a913", "digits 0-9 only"),
    ("Arabic-Indic digits are not ASCII digits", "٤٨٢٩١٣", "digits 0-9 only"),
    ("a space inside", "482 913", "digits 0-9 only"),
    ("one digit repeated", "000000", "repeat one digit"),
    ("a rising run", "123456", "run of digits"),
    ("a run across the wrap", "789012", "run of digits"),
    ("a falling run", "987654", "run of digits"),
]


@pytest.mark.parametrize(
    ("pin", "problem"), [row[1:] for row in PIN_TABLE], ids=[row[0] for row in PIN_TABLE]
)
def test_pin_rules(pin: str, problem: str | None) -> None:
    if problem is None:
        assert validate_pin(pin) == pin
        return
    with pytest.raises(PinError, match=problem) as caught:
        validate_pin(pin)
    assert pin not in str(caught.value)


# RELIABILITY req. 12
def test_pin_hash_round_trip_with_the_shipped_parameters() -> None:
    encoded = hash_pin("482913")
    assert encoded.startswith(f"scrypt${DEFAULT_SCRYPT.n}$8$1$")
    assert "482913" not in encoded
    assert verify_pin("482913", encoded)
    assert not verify_pin("482914", encoded)
    assert not needs_rehash(encoded)


def test_each_hash_has_its_own_salt() -> None:
    first, second = hash_pin("482913", FAST), hash_pin("482913", FAST)
    assert first != second
    assert verify_pin("482913", first) and verify_pin("482913", second)


@pytest.mark.parametrize(
    "encoded",
    ["", "plain", "scrypt$1024$8$1$AAAA", "scrypt$1000$8$1$AAAA$AAAA", "scrypt$x$8$1$A$A",
     "scrypt$2097152$8$1$AAAA$AAAA", "bcrypt$1024$8$1$AAAA$AAAA"],
)  # fmt: skip
def test_malformed_hash_never_verifies(encoded: str) -> None:
    assert not verify_pin("482913", encoded)
    assert needs_rehash(encoded)


@pytest.mark.parametrize("pin", ["", "48291a", "4" * 200])
def test_odd_input_never_verifies(pin: str) -> None:
    assert not verify_pin(pin, hash_pin("482913", FAST))


def test_weaker_hash_asks_for_a_rehash() -> None:
    assert needs_rehash(hash_pin("482913", FAST))


# -- lockout ------------------------------------------------------------------------------------
# RELIABILITY req. 12
def test_fifth_wrong_pin_locks_for_five_minutes() -> None:
    state = Lockout()
    for attempt in range(1, MAX_FAILED_PINS):
        state = state.after_failure(T0 + timedelta(seconds=attempt))
        assert state.failed == attempt
        assert not state.locked(T0 + timedelta(seconds=attempt))
    last = T0 + timedelta(seconds=MAX_FAILED_PINS)
    state = state.after_failure(last)
    assert state.locked(last)
    assert state.locked_until == last + LOCKOUT
    assert state.remaining(last + timedelta(minutes=1)) == timedelta(minutes=4)
    assert state.locked(last + LOCKOUT - timedelta(seconds=1))
    assert not state.locked(last + LOCKOUT)


def test_failures_while_locked_do_not_extend_the_lock() -> None:
    locked = Lockout(0, T0 + LOCKOUT)
    assert locked.after_failure(T0 + timedelta(minutes=2)) == locked


def test_count_starts_again_after_the_lock_runs_out() -> None:
    expired = Lockout(0, T0)
    assert expired.after_failure(T0 + timedelta(seconds=1)) == Lockout(1, None)


def test_lockout_message_rounds_minutes_up_and_hides_nothing_secret() -> None:
    error = LockedOutError("Maria Ruiz", timedelta(seconds=61))
    assert "try again in 2 minutes" in str(error)
    assert "1 minute " in str(LockedOutError("Maria Ruiz", timedelta(seconds=5)))


def test_lockout_message_keeps_a_right_to_left_name_from_turning_the_sentence_around() -> None:
    # An Arabic name at the start of "... is locked after 5 wrong PINs" would carry the digits
    # and words after it into its right-to-left run; wrapped in an isolate it cannot.
    words = str(LockedOutError("مريم حداد", timedelta(minutes=3)))
    assert words.startswith("\u2068مريم حداد\u2069 is locked after 5 wrong PINs")
    assert str(LockedOutError("Maria Ruiz", timedelta(minutes=3))).startswith("Maria Ruiz is")


# -- idle policy --------------------------------------------------------------------------------
# RELIABILITY req. 13
@pytest.mark.parametrize(("value", "minutes"), [(1, 1), ("5", 5), (" 60 ", 60)])
def test_idle_minutes_in_range(value: object, minutes: int) -> None:
    assert valid_idle_minutes(value) == minutes


@pytest.mark.parametrize("value", [0, 61, -5, "five", "2.5", None])
def test_idle_minutes_out_of_range(value: object) -> None:
    with pytest.raises(InputError):
        valid_idle_minutes(value)


def test_idle_timer_follows_the_injected_clock() -> None:
    now = [1000.0]
    timer = IdleTimer(5, monotonic=lambda: now[0])
    now[0] += 299
    assert not timer.expired()
    assert timer.remaining_seconds() == pytest.approx(1)
    timer.touch()
    now[0] += 299
    assert not timer.expired()
    now[0] += 1
    assert timer.expired()
    assert timer.idle_seconds() == pytest.approx(300)


def test_user_repr_holds_no_secret() -> None:
    text = repr(user(Role.DENTIST))
    assert "scrypt" not in text and "pin_hash" not in text
