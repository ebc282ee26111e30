"""Checkpoints: the end of the seal chain at a moment, signed so that auditors can keep and check it."""

from __future__ import annotations

import base64
import json
import time

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

FIELDS = ("position", "seal", "at")


def signing_key(seal_key: bytes) -> Ed25519PrivateKey:
    """Derive the instance's checkpoint-signing key from its seal key (no extra secret to keep)."""
    seed = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"exitfi-checkpoint").derive(seal_key)
    return Ed25519PrivateKey.from_private_bytes(seed)


def public_key_text(seal_key: bytes) -> str:
    """The public half, base64: auditors check checkpoints with it, without any secret."""
    raw = signing_key(seal_key).public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def _signed_bytes(mark: dict) -> bytes:
    return json.dumps({k: mark[k] for k in FIELDS}, sort_keys=True, separators=(",", ":")).encode()


def make_checkpoint(seal_key: bytes, position: int, seal: bytes | None) -> dict:
    """Return a signed checkpoint of the chain's end."""
    mark = {"position": position, "seal": seal.hex() if seal else "",
            "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    mark["signature"] = base64.b64encode(signing_key(seal_key).sign(_signed_bytes(mark))).decode()
    mark["public_key"] = public_key_text(seal_key)
    return mark


def signature_holds(mark: dict, public_key: str) -> bool:
    """Whether a checkpoint was signed by the holder of the seal key behind `public_key`."""
    try:
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key))
        key.verify(base64.b64decode(mark["signature"]), _signed_bytes(mark))
        return True
    except (InvalidSignature, KeyError, ValueError, TypeError):
        return False


def check_checkpoint(store, seal_key: bytes, mark: dict) -> str | None:
    """Return why the log no longer holds a checkpoint, or None when it does."""
    if not signature_holds(mark, public_key_text(seal_key)):
        return "the checkpoint's signature does not hold: it was altered or made by another instance"
    with store.reading() as session:
        seal = store.seals.seal_at(session, int(mark["position"]))
    if seal is None:
        return f"position {mark['position']}: the log was cut short; it no longer reaches the checkpoint"
    if seal.hex() != mark["seal"]:
        return f"position {mark['position']}: the log no longer holds the checkpoint of {mark['at']}"
    return None
