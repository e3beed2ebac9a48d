"""Private reflection reports: encrypted with a key that only the writer holds.

The key is derived from the writer's passphrase with scrypt and a random per-reflection
salt; the text is encrypted with Fernet (AES-128-CBC + HMAC-SHA256, authenticated). Only the
salt, the KDF parameters and the ciphertext are stored; the passphrase and the key never are.
Without the passphrase nobody — trainer, coordinator, another participant, the CLI or an
export — can read the text; a wrong passphrase and a tampered ciphertext both fail.
"""
from __future__ import annotations

import base64
import os
from dataclasses import dataclass

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from .. import catalog

#: scrypt cost (2**15, r=8: about 32 MiB and 0.1 s per derivation on the reference machine).
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
SALT_BYTES = 16
MIN_PASSPHRASE = 8
MAX_TEXT = 50_000


class ReflectionError(ValueError):
    """A reflection cannot be saved or opened; ``message(lang)`` says why."""

    def __init__(self, key: str, **values: object):
        self.key = key
        self.values = values
        super().__init__(self.message("en"))

    def message(self, lang: str) -> str:
        return catalog.text(f"reflection.{self.key}", lang, **self.values)


class DecryptionFailed(ReflectionError):
    def __init__(self):
        super().__init__("wrong_key")


@dataclass(frozen=True)
class Sealed:
    """What is stored of a reflection: KDF description, salt and Fernet token."""

    kdf: str
    salt: bytes
    token: str


def _kdf_string(n: int, r: int, p: int) -> str:
    return f"scrypt:n={n}:r={r}:p={p}"


def _parse_kdf(kdf: str) -> tuple[int, int, int]:
    name, *parts = kdf.split(":")
    if name != "scrypt":
        raise DecryptionFailed()
    values = dict(part.split("=", 1) for part in parts)
    return int(values["n"]), int(values["r"]), int(values["p"])


def derive_key(passphrase: str, salt: bytes, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> bytes:
    """The Fernet key (urlsafe base64 of 32 bytes) for ``passphrase`` and ``salt``."""
    raw = Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))
    return base64.urlsafe_b64encode(raw)


def check_passphrase(passphrase: str) -> None:
    if len(passphrase or "") < MIN_PASSPHRASE:
        raise ReflectionError("passphrase_too_short", n=MIN_PASSPHRASE)


def seal(text: str, passphrase: str, n: int = SCRYPT_N) -> Sealed:
    """Encrypt ``text`` with a key derived from ``passphrase`` and a fresh salt."""
    check_passphrase(passphrase)
    if not text or not text.strip():
        raise ReflectionError("empty")
    if len(text) > MAX_TEXT:
        raise ReflectionError("too_long", n=MAX_TEXT)
    salt = os.urandom(SALT_BYTES)
    key = derive_key(passphrase, salt, n, SCRYPT_R, SCRYPT_P)
    token = Fernet(key).encrypt(text.encode("utf-8")).decode("ascii")
    return Sealed(_kdf_string(n, SCRYPT_R, SCRYPT_P), salt, token)


def unseal(sealed: Sealed, passphrase: str) -> str:
    """The text, or :class:`DecryptionFailed` for a wrong passphrase or altered data."""
    try:
        n, r, p = _parse_kdf(sealed.kdf)
        key = derive_key(passphrase or "", bytes(sealed.salt), n, r, p)
        return Fernet(key).decrypt(sealed.token.encode("ascii")).decode("utf-8")
    except (InvalidToken, ValueError, KeyError, TypeError):
        raise DecryptionFailed() from None
