"""Join codes and the participants' address: made here, stored by :mod:`..storage.joins`.

A code is 8 characters from :data:`ALPHABET`: the digits 2-9 and the letters A-Z without I, L
and O (31 symbols, none that can be mistaken for another: no 0/O, no 1/I/L). It is shown as
``ABCD-EFGH``; case, spaces and dashes are ignored when it is typed.

Why 8: there are 31**8 = 852,891,037,441 (about 8.5e11, 39.6 bits) codes. Someone who guesses
10 codes a second, without being slowed down, for a whole 12-hour meeting tries
10 * 3600 * 12 = 432,000 codes; with 100 meetings live at the same moment the chance that any
guess opens any of them is 432,000 * 100 / 8.5e11 = 5e-5 (1 in 20,000), and for one meeting
5e-7. The participant pages slow repeated wrong codes down, which divides that further. Seven
characters would give 2.75e10 codes and 1.6e-3 for 100 live meetings: too close. The code is
drawn with :mod:`secrets` (the operating system's random source), never with :mod:`random`.
"""
from __future__ import annotations

import secrets

#: 31 symbols without 0, O, 1, I and L.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
#: The participants' path under the public address: ``<base>/deelnemen`` and ``<base>/deelnemen/<CODE>``.
JOIN_PATH = "deelnemen"
_IGNORED = " \t\r\n-–—_."  # what people type between the groups of four (or paste around it)


def new_code() -> str:
    """A fresh random code in canonical form (8 characters of :data:`ALPHABET`, no dash)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """``text`` as a code is compared: upper case, without spaces, dashes, underscores or dots.

    The result need not be a valid code (see :func:`is_code`); overlong input is cut, so a
    crafted request cannot make the comparison expensive.
    """
    cleaned = "".join(c for c in str(text or "")[:64] if c not in _IGNORED)
    return cleaned.upper()


def is_code(text: str) -> bool:
    """Whether ``text`` (after :func:`normalise_code`) has the shape of a code at all."""
    code = normalise_code(text)
    return len(code) == CODE_LENGTH and all(c in ALPHABET for c in code)


def shown_code(code: str) -> str:
    """A code as it is displayed and typed: ``ABCD-EFGH``."""
    code = normalise_code(code)
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def short_url(public_base: str) -> str:
    """The short address participants type: ``<base>/deelnemen``."""
    return f"{str(public_base).rstrip('/')}/{JOIN_PATH}"


def join_url(public_base: str, code: str) -> str:
    """The address in the QR code: ``<base>/deelnemen/<CODE>`` (canonical code, no dash)."""
    return f"{short_url(public_base)}/{normalise_code(code)}"
