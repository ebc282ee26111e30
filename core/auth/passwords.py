"""Password rules and hashing (argon2id)."""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn.frequency_lists import FREQUENCY_LISTS

MIN_LENGTH = 12
_hasher = PasswordHasher()
_common = None


def problems(password: str, username: str = "") -> list[str]:
    """Return what is wrong with a new password (empty when it is acceptable)."""
    global _common
    if _common is None:  # a constant word list, loaded once: no data another worker could change
        _common = set(FREQUENCY_LISTS["passwords"])
    found = []
    if len(password) < MIN_LENGTH:
        found.append(f"must be at least {MIN_LENGTH} characters")
    lowered = password.lower()
    if lowered in _common or lowered.rstrip("0123456789!") in _common and len(lowered.rstrip("0123456789!")) > 3:
        found.append("is too common; choose a phrase of your own")
    if username and username.lower() in lowered:
        found.append("must not contain the username")
    return found


def use_hasher(hasher: PasswordHasher) -> None:
    """Swap the argon2 parameters (tests use cheap ones; hashes carry their own parameters)."""
    global _hasher, _dummy
    _hasher, _dummy = hasher, None


def hash_password(password: str) -> str:
    """Hash a password with argon2id."""
    return _hasher.hash(password)


def password_matches(hashed: str, password: str) -> bool:
    """Check a password against its hash, in constant time."""
    try:
        return _hasher.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


def dummy_hash() -> str:
    """A hash to check against when the username is unknown, so both paths cost the same."""
    global _dummy
    if _dummy is None:
        _dummy = _hasher.hash(secrets.token_urlsafe(16))
    return _dummy


_dummy = None
