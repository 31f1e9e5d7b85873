"""The office's own payer profiles, kept in the case store so every workstation shares them.

The app ships a few profiles (reference library); an office adds the payers it deals with, or
corrects a shipped one (its appeals address, its appeal window), and the letter, the enclosure
list, the pre-export check and the appeal deadline follow the office's version. Each profile is
one store setting (``payer-profile:<id>``, JSON) listed in ``payer-profile-ids``, so a change is
one audited write that both backends already know how to make. Payer data is not patient data.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Protocol

from cdt_desktop.core.errors import InputError
from cdt_desktop.core.patterns import LazyPattern
from cdt_desktop.domain.reference import CodeLibrary

if TYPE_CHECKING:
    from cdt_desktop.domain.appeal.profiles import PayerProfile
    from cdt_desktop.services.auth import AuthService


class ShippedLibrary(CodeLibrary, Protocol):
    """The reference library with its shipped payer profiles."""

    def payer_profiles(self) -> tuple[PayerProfile, ...]: ...


INDEX_KEY = "payer-profile-ids"
KEY_PREFIX = "payer-profile:"
ID_RE = LazyPattern(r"^[a-z0-9][a-z0-9-]{0,39}$")
MAX_TEXT = 500
MAX_WINDOW_DAYS = 3650
_FLAGS = ("signed_letter", "contemporaneous_records", "separate_mailing", "brief")


class SettingsStore(Protocol):
    """The part of the case store the profiles live in (store settings, audited)."""

    def get_setting(self, key: str) -> str | None: ...

    def set_setting(self, key: str, value: str, *, operator: str) -> None: ...


def validate(profile: PayerProfile) -> PayerProfile:
    """The profile as stored, or InputError naming the field."""
    if not ID_RE.match(profile.id):
        raise InputError(
            "a payer profile id is 1-40 lower-case letters, digits and '-' (e.g. acme-dental)"
        )
    if not profile.name.strip():
        raise InputError("a payer profile needs the payer's name")
    from cdt_desktop.domain.appeal.symbols import pictographs_named

    if listed := pictographs_named(profile.name):  # no claim's payer name has one: never matched
        raise InputError(
            f"the payer's name has {listed} in it, which no claim or letter prints: type the "
            "name as the EOB has it"
        )
    if not 1 <= profile.window_days <= MAX_WINDOW_DAYS:
        raise InputError(f"the appeal window must be 1-{MAX_WINDOW_DAYS} days")
    texts = (("the payer's name", profile.name), ("the appeals address", profile.address),
             ("the note for the billing desk", profile.instructions),
             *(("an enclosure line", line) for line in profile.enclose))  # fmt: skip
    for what, text in texts:
        if len(text) > MAX_TEXT:
            raise InputError(
                f"{what} is {len(text)} characters long: a payer profile's texts are at most "
                f"{MAX_TEXT} characters each"
            )
    return profile._replace(name=profile.name.strip(), address=profile.address.strip(), office=True)


def new_profile_id(name: str, taken: Collection[str]) -> str:
    """The id a new profile named ``name`` gets (the window asks only for the name): lower-case
    letters and digits of the name joined by '-' ("Acme Dental Plan": acme-dental-plan), cut
    to the id's 40 characters; "-2", "-3" ... after one ``taken`` already; "payer" for a name
    with no such letter (王保险)."""
    words = "".join(c if c.isascii() and c.isalnum() else " " for c in name.lower()).split()
    base = "-".join(words)[:40].strip("-") or "payer"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        suffix = f"-{n}"
        candidate = base[: 40 - len(suffix)].rstrip("-") + suffix
    return candidate


def _to_json(profile: PayerProfile) -> str:
    import json  # only when the office saves a profile (json is not loaded at start-up)

    data = {
        "id": profile.id,
        "name": profile.name,
        "address": profile.address,
        "window_days": profile.window_days,
        "enclose": list(profile.enclose),
        "instructions": profile.instructions,
        **{flag: bool(getattr(profile, flag)) for flag in _FLAGS},
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def _from_json(text: str) -> PayerProfile | None:
    """A stored profile; None for one that is not usable (never an exception at letter time)."""
    import json

    from cdt_desktop.domain.appeal.profiles import PayerProfile  # read at letter time

    try:
        data = json.loads(text)
        return validate(
            PayerProfile(
                id=str(data["id"]),
                name=str(data["name"]),
                address=str(data.get("address", "")),
                window_days=int(data.get("window_days", 180)),
                enclose=tuple(str(e) for e in data.get("enclose", ())),
                instructions=str(data.get("instructions", "")),
                signed_letter=bool(data.get("signed_letter", False)),
                contemporaneous_records=bool(data.get("contemporaneous_records", False)),
                separate_mailing=bool(data.get("separate_mailing", False)),
                brief=bool(data.get("brief", False)),
            )
        )
    except (ValueError, TypeError, KeyError, InputError):
        return None


class PayerDirectory:
    """Shipped and office payer profiles; the office's win (same id or name, `profile_for`)."""

    def __init__(
        self,
        shipped: tuple[PayerProfile, ...],
        store: SettingsStore | None,
        auth: AuthService | None = None,
    ) -> None:
        self.shipped = shipped
        self.store = store
        self.auth = auth

    def office(self) -> tuple[PayerProfile, ...]:
        if self.store is None:
            return ()
        found = (self._load(pid) for pid in self._ids())
        return tuple(p for p in found if p is not None)

    def profiles(self) -> tuple[PayerProfile, ...]:
        """The office's profiles first, then the shipped ones (what the letter looks up)."""
        return self.office() + self.shipped

    def save(self, profile: PayerProfile, *, operator: str) -> PayerProfile:
        """Add or replace the office's profile ``profile.id`` (admins, once sign-in is on)."""
        store = self._writable()
        stored = validate(profile)
        store.set_setting(KEY_PREFIX + stored.id, _to_json(stored), operator=operator)
        ids = self._ids()
        if stored.id not in ids:
            store.set_setting(INDEX_KEY, ",".join([*ids, stored.id]), operator=operator)
        return stored

    def remove(self, profile_id: str, *, operator: str) -> bool:
        """Forget the office's profile (a shipped one of the same id applies again)."""
        store = self._writable()
        ids = self._ids()
        if profile_id not in ids:
            return False
        store.set_setting(KEY_PREFIX + profile_id, "", operator=operator)
        store.set_setting(INDEX_KEY, ",".join(i for i in ids if i != profile_id), operator=operator)
        return True

    # -- internals ------------------------------------------------------------------------------
    def _writable(self) -> SettingsStore:
        if self.store is None:
            raise InputError("payer profiles are kept in the case store, and none is open")
        if self.auth is not None:
            from cdt_desktop.domain.session import Permission

            self.auth.require(Permission.MANAGE_PAYERS)
        return self.store

    def _ids(self) -> list[str]:
        raw = self.store.get_setting(INDEX_KEY) if self.store is not None else None
        return [i for i in (raw or "").split(",") if ID_RE.match(i)]

    def _load(self, profile_id: str) -> PayerProfile | None:
        raw = self.store.get_setting(KEY_PREFIX + profile_id) if self.store is not None else None
        return _from_json(raw) if raw else None
