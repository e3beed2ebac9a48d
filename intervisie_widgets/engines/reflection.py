"""Private reflection reports: encrypted with a key that only the writer holds.

The key is derived from the writer's passphrase with scrypt (memory-hard, N = 2**17, r = 8,
p = 1: OWASP's recommended minimum) and a random salt per writer; the text is encrypted with
Fernet (AES-128-CBC + HMAC-SHA256, authenticated, a fresh IV per text). Only the salt, the KDF
parameters and the ciphertext are stored; the passphrase and the key never are. Because a
writer's reflections share one salt, opening them costs one derivation per attempt, not one
per stored reflection; stored KDF parameters are bounded, so a tampered row cannot make the
server derive for minutes.
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

#: scrypt cost (2**17, r=8: 128 MiB and about 0.3 s per derivation on the reference machine).
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**17, 8, 1
#: What a stored KDF may ask for: older rows (2**15) still open, a tampered row cannot ask for more.
N_BOUNDS, R_BOUNDS, P_BOUNDS = (2**14, 2**18), (1, 16), (1, 4)
SALT_BYTES = 16
MIN_PASSPHRASE = 12
MIN_DISTINCT = 6
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
    """(n, r, p) of a stored KDF description, within the bounds; DecryptionFailed otherwise."""
    name, *parts = kdf.split(":")
    if name != "scrypt":
        raise DecryptionFailed()
    values = dict(part.split("=", 1) for part in parts)
    n, r, p = int(values["n"]), int(values["r"]), int(values["p"])
    if not (N_BOUNDS[0] <= n <= N_BOUNDS[1] and n & (n - 1) == 0 and R_BOUNDS[0] <= r <= R_BOUNDS[1]
            and P_BOUNDS[0] <= p <= P_BOUNDS[1]):
        raise DecryptionFailed()
    return n, r, p


CURRENT_KDF = _kdf_string(SCRYPT_N, SCRYPT_R, SCRYPT_P)


def derive_key(passphrase: str, salt: bytes, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> bytes:
    """The Fernet key (urlsafe base64 of 32 bytes) for ``passphrase`` and ``salt``."""
    raw = Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))
    return base64.urlsafe_b64encode(raw)


def key_for(passphrase: str, kdf: str, salt: bytes) -> bytes:
    """The key of a stored KDF description and salt (one derivation); DecryptionFailed for a bad KDF."""
    try:
        n, r, p = _parse_kdf(kdf)
    except (ValueError, KeyError, TypeError):
        raise DecryptionFailed() from None
    return derive_key(passphrase or "", bytes(salt), n, r, p)


def check_passphrase(passphrase: str, avoid: tuple[str, ...] = ()) -> None:
    """At least 12 characters, at least 6 different ones, not only digits, and not the
    pseudonym or group code: a sentence of a few words is easy to remember and hard to guess."""
    phrase = passphrase or ""
    if len(phrase) < MIN_PASSPHRASE:
        raise ReflectionError("passphrase_too_short", n=MIN_PASSPHRASE)
    folded = " ".join(phrase.split()).casefold()
    if (len(set(folded)) < MIN_DISTINCT or folded.replace(" ", "").isdigit()
            or any(a and folded == " ".join(a.split()).casefold() for a in avoid)):
        raise ReflectionError("passphrase_too_simple", n=MIN_DISTINCT)


def new_salt() -> bytes:
    return os.urandom(SALT_BYTES)


def check_text(text: str) -> None:
    if not text or not text.strip():
        raise ReflectionError("empty")
    if len(text) > MAX_TEXT:
        raise ReflectionError("too_long", n=MAX_TEXT)


def seal(text: str, passphrase: str, n: int = SCRYPT_N, salt: bytes | None = None,
         key: bytes | None = None) -> Sealed:
    """Encrypt ``text`` with a key derived from ``passphrase`` and ``salt`` (a fresh one if None);
    pass ``key`` when it was derived already for this salt."""
    check_passphrase(passphrase)
    check_text(text)
    salt = salt if salt is not None else new_salt()
    key = key or derive_key(passphrase, salt, n, SCRYPT_R, SCRYPT_P)
    token = Fernet(key).encrypt(text.encode("utf-8")).decode("ascii")
    return Sealed(_kdf_string(n, SCRYPT_R, SCRYPT_P), salt, token)


def open_token(token: str, key: bytes) -> str:
    """The text of one Fernet token; DecryptionFailed for a wrong key or altered data."""
    try:
        return Fernet(key).decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, ValueError, TypeError):
        raise DecryptionFailed() from None


def unseal(sealed: Sealed, passphrase: str) -> str:
    """The text, or :class:`DecryptionFailed` for a wrong passphrase or altered data."""
    return open_token(sealed.token, key_for(passphrase, sealed.kdf, sealed.salt))
