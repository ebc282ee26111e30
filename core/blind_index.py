"""Blind indexes: a keyed hash of normalised personal data, to find the same person without storing who it is."""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from core.vault import ERASED

# Letters that NFKD does not split into a base letter and a mark.
_UNSPLIT = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"})
_APOSTROPHES = re.compile(r"['’ʼ`´]")
_NOT_WORD = re.compile(r"[\W_]+")


def index_key(master_key: bytes) -> bytes:
    """Derive the instance's blind-index key from its master key (no extra secret to keep, never the same key)."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"exitfi-blind-index").derive(master_key)


def normalised(text: str) -> str:
    """Fold the ways one value is typed into one: case, accents and dots (å, ä, ö too), punctuation, spaces."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c)).translate(_UNSPLIT)
    return " ".join(_NOT_WORD.sub(" ", _APOSTROPHES.sub("", folded)).split())


def digest(key: bytes, *parts: str) -> str:
    """HMAC-SHA256 of the normalised parts, in hex; a part cannot run into the next (unit separator between)."""
    message = "\x1f".join(normalised(part) for part in parts).encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def blind_index(store, *parts: str) -> str:
    """The store's keyed hash of `parts`; name the index first ("casework.client") so two indexes never compare."""
    return digest(store.index_key, *parts)


def blind_matches(store, value: str, fields) -> list[bool]:
    """Which encrypted index values (Personal fields) equal `value`; an erased person's never does."""
    keys: dict = {}
    store.vault.load_keys([f.person_id for f in fields], keys)
    found = []
    for field in fields:
        plain = store.vault.reveal(field, keys)
        found.append(plain is not ERASED and hmac.compare_digest(plain, value))
    return found
