"""Personal data: one key per person, AES-256-GCM, keys wrapped by a master key; erasure destroys the key."""

from __future__ import annotations

import base64
import os
import re
import uuid
from datetime import datetime, timezone

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eventsourcing.persistence import Transcoding
from sqlalchemy import Column, DateTime, LargeBinary, String, Table, bindparam, select, text, update

from core.errors import PersonErasedError
from core.prepared import Prepared
from core.tables import metadata

# GDPR tag of each personal field: Art. 9 special categories and Art. 10 criminal data are named.
CATEGORIES = {
    "identity": "identity (name, pseudonym, identity number)",
    "contact": "contact details",
    "health": "Art. 9: health",
    "beliefs": "Art. 9: religious or political beliefs",
    "criminal": "Art. 10: criminal convictions and offences",
    "note": "free text (may hold any category)",
    "credential": "a staff member's login secret (stored hashed, then encrypted)",
}

vault_keys = Table(
    "exitfi_vault_keys",
    metadata,
    Column("person_id", String(32), primary_key=True),
    Column("wrapped_key", LargeBinary, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("erased_at", DateTime(timezone=True), nullable=True),
)
# Built once: every command that writes a personal field reads its person's key.
_KEY_OF = Prepared(select(vault_keys.c.wrapped_key, vault_keys.c.erased_at).where(
    vault_keys.c.person_id == bindparam("person_id")))


class Erased:
    """What an erased personal field reads as: explicit, never an exception."""

    def __str__(self) -> str:
        return "[erased]"

    __repr__ = __str__

    def __bool__(self) -> bool:
        return False


ERASED = Erased()

_HEX = re.compile("[0-9a-f]{32}")


class Personal:
    """A personal field of one person: plaintext only in memory, ciphertext wherever it is stored."""

    __slots__ = ("_person", "category", "_plain", "_token")

    def __init__(self, person_id, category: str, value: str | None = None, *, token: dict | None = None):
        if category not in CATEGORIES:
            raise ValueError(f"unknown personal-data category {category!r}")
        self._person = uuid.UUID(str(person_id))
        self.category = category
        self._plain = value
        self._token = token

    @classmethod
    def stored(cls, token: dict) -> Personal:
        """The field a stored token holds, its person's id read only when asked for."""
        if token["c"] not in CATEGORIES:
            raise ValueError(f"unknown personal-data category {token['c']!r}")
        field = cls.__new__(cls)
        # A UUID costs more to make than the rest of an event's decoding; a replay seldom asks whose a field is.
        field._person, field.category, field._plain, field._token = token["p"], token["c"], None, token
        return field

    @property
    def person_id(self) -> uuid.UUID:
        """Whose the field is."""
        if type(self._person) is not uuid.UUID:
            self._person = uuid.UUID(self._person)
        return self._person

    @property
    def person_hex(self) -> str:
        """Whose the field is, as the 32 lower-case hexadecimal digits every table keys a person by."""
        if type(self._person) is str and _HEX.fullmatch(self._person):
            return self._person  # as the vault wrote it into the token
        return self.person_id.hex

    @property
    def token(self) -> dict | None:
        """The stored form (ciphertext), once encrypted."""
        return self._token

    def __repr__(self) -> str:
        # Never the plaintext: a repr ends up in logs and error messages.
        return f"<Personal {self.category} of {self.person_id}>"

    __str__ = __repr__

    def __eq__(self, other) -> bool:
        return isinstance(other, Personal) and self._token is not None and self._token == other._token

    def __hash__(self) -> int:
        return hash((self.person_id, self.category))


class Vault:
    """Keeps the per-person data keys and turns personal fields into ciphertext and back."""

    def __init__(self, master_key: bytes, transaction):
        self._master = AESGCM(master_key)
        self._transaction = transaction

    # -- keys ---------------------------------------------------------------
    def _data_key(self, session, person_id: uuid.UUID, create: bool, cache: dict | None = None) -> bytes | None:
        cache = session.info.setdefault("exitfi_vault_keys", {}) if cache is None else cache
        if person_id in cache:
            return cache[person_id]
        row = next(iter(_KEY_OF.rows(session, {"person_id": person_id.hex})), None)
        if row is not None and row[1] is not None:  # erased
            cache[person_id] = None
            return None
        if row is not None:
            key = self._unwrap(person_id, row[0])
        elif create:
            key = AESGCM.generate_key(bit_length=256)
            session.execute(
                vault_keys.insert().values(
                    person_id=person_id.hex, wrapped_key=self._wrap(person_id, key), created_at=_now()
                )
            )
        else:
            key = None
        cache[person_id] = key
        return key

    def load_keys(self, person_ids, keys: dict) -> None:
        """Read the data keys of many persons in one query into a caller's cache (a page of a list)."""
        wanted = {uuid.UUID(str(p)) for p in person_ids} - set(keys)
        if not wanted:
            return
        with self._transaction(commit=False) as session:
            rows = session.execute(select(vault_keys.c.person_id, vault_keys.c.wrapped_key, vault_keys.c.erased_at)
                                   .where(vault_keys.c.person_id.in_([p.hex for p in wanted]))).all()
        for row in rows:
            person_id = uuid.UUID(row.person_id)
            keys[person_id] = None if row.erased_at is not None else self._unwrap(person_id, row.wrapped_key)

    def _wrap(self, person_id: uuid.UUID, key: bytes) -> bytes:
        nonce = os.urandom(12)
        return nonce + self._master.encrypt(nonce, key, b"exitfi-vault:" + person_id.bytes)

    def _unwrap(self, person_id: uuid.UUID, wrapped: bytes) -> bytes:
        try:
            return self._master.decrypt(wrapped[:12], wrapped[12:], b"exitfi-vault:" + person_id.bytes)
        except InvalidTag:
            raise RuntimeError("a data key does not open with this master key: is the right master key configured?") from None

    def opens(self, person_id, wrapped: bytes) -> bool:
        """Whether a wrapped data key opens with this vault's master key (an imported key table is checked so)."""
        try:
            self._unwrap(uuid.UUID(str(person_id)), wrapped)
        except (RuntimeError, ValueError):
            return False
        return True

    # -- fields -------------------------------------------------------------
    def encrypt(self, field: Personal) -> dict:
        """Encrypt a field with its person's key (made on first use) and return the stored token."""
        if field.token is not None:
            return field.token
        with self._transaction(commit=True) as session:
            key = self._data_key(session, field.person_id, create=True)
        if key is None:
            raise PersonErasedError(f"person {field.person_id} was erased; no new personal data is kept for them")
        nonce = os.urandom(12)
        plain = (field._plain or "").encode("utf-8")
        ct = AESGCM(key).encrypt(nonce, plain, _aad(field))
        field._token = {"p": field.person_id.hex, "c": field.category, "n": _b64(nonce), "x": _b64(ct)}
        return field._token

    def reveal(self, field: Personal | None, keys: dict | None = None):
        """Return the plaintext of a field, ERASED if its key is gone, None for no field."""
        # `keys` caches data keys for the caller (one web request, say); without it, for the transaction.
        if field is None:
            return None
        if field._plain is not None:
            return field._plain
        token = field.token
        if keys is not None and field.person_id in keys:
            key = keys[field.person_id]
        else:
            with self._transaction(commit=False) as session:
                key = self._data_key(session, field.person_id, create=False, cache=keys)
        if key is None:
            return ERASED
        plain = AESGCM(key).decrypt(base64.b64decode(token["n"]), base64.b64decode(token["x"]), _aad(field))
        return plain.decode("utf-8")

    def destroy_key(self, session, person_id) -> bool:
        """Destroy a person's data key (crypto-shredding); False if there was none to destroy."""
        person_id = uuid.UUID(str(person_id))
        session.info.setdefault("exitfi_vault_keys", {})[person_id] = None
        if session.get_bind().dialect.name == "sqlite":
            session.execute(text("PRAGMA secure_delete = ON"))  # zero the freed bytes, not just unlink them
        result = session.execute(
            update(vault_keys)
            .where(vault_keys.c.person_id == person_id.hex, vault_keys.c.erased_at.is_(None))
            .values(wrapped_key=None, erased_at=_now())
        )
        if result.rowcount == 0:
            exists = session.execute(select(vault_keys.c.person_id).where(vault_keys.c.person_id == person_id.hex)).first()
            if exists is None:  # never had data; record the erasure so none can be written later
                session.execute(vault_keys.insert().values(person_id=person_id.hex, created_at=_now(), erased_at=_now()))
            return False
        return True

    def key_state(self, person_id) -> str | None:
        """What the vault holds for the person: None if it never held a key (no data of theirs was kept), "held", or
        "erased" once the key is destroyed."""
        with self._transaction(commit=False) as session:
            found = _KEY_OF.rows(session, {"person_id": uuid.UUID(str(person_id)).hex})
        return None if not found else "erased" if found[0][1] is not None else "held"

    def is_erased(self, person_id) -> bool:
        """Whether the person's key has been destroyed."""
        return self.key_state(person_id) == "erased"


class PersonalAsToken(Transcoding):
    """Store a Personal field as its ciphertext token, encrypting it on the way in."""

    type = Personal
    name = "personal"

    def __init__(self, vault: Vault):
        self.vault = vault

    def encode(self, obj: Personal) -> dict:
        return self.vault.encrypt(obj)

    def decode(self, data: dict) -> Personal:
        return Personal.stored(data)


def _aad(field: Personal) -> bytes:
    return field.person_id.bytes + field.category.encode("ascii")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _now() -> datetime:
    return datetime.now(timezone.utc)
