"""Time-based one-time passwords (RFC 6238 over RFC 4226): 30-second steps, 6 digits, HMAC-SHA1.

The parameters every authenticator app uses by default (Google Authenticator, FreeOTP, Aegis…).
Only the standard library: a secret is 20 random bytes, shown to the user in base32.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
import time
from urllib.parse import quote, urlencode

import segno

STEP_SECONDS = 30
DIGITS = 6
WINDOW = 1  # steps accepted on either side of the current one (clock drift, slow typing)
ISSUER = "Tanzim"


def secret_new() -> str:
    """A new shared secret: 160 random bits (RFC 4226's recommended length), base32 without padding."""
    return base64.b32encode(secrets.token_bytes(20)).decode().rstrip("=")


def _key(secret: str) -> bytes:
    cleaned = secret.replace(" ", "").upper()
    return base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))


def hotp(secret: str, counter: int, *, digits: int = DIGITS) -> str:
    """RFC 4226: HMAC-SHA1 of the counter, dynamically truncated to `digits` decimal digits."""
    mac = hmac.new(_key(secret), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    number = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**digits).zfill(digits)


def now() -> float:
    """The clock codes are checked against (tests move it)."""
    return time.time()


def step_at(at: float | None = None) -> int:
    """The time step (RFC 6238's T) of a Unix time, now by default."""
    return int((now() if at is None else at) // STEP_SECONDS)


def code_at(secret: str, at: float | None = None) -> str:
    """The code an authenticator app shows at that time (now by default)."""
    return hotp(secret, step_at(at))


def code_match(secret: str, code: str, *, at: float | None = None) -> int | None:
    """The time step the code belongs to (the current step ±WINDOW), or None.

    Every candidate is compared in constant time. Refusing a code used before is the caller's
    job: it keeps the last step accepted and refuses any step at or before it.
    """
    code = "".join(code.split())
    if len(code) != DIGITS or not code.isdigit():
        return None
    now = step_at(at)
    found = None
    for step in range(now - WINDOW, now + WINDOW + 1):
        if hmac.compare_digest(hotp(secret, step), code) and found is None:
            found = step
    return found


def provisioning_uri(secret: str, *, account: str, issuer: str = ISSUER) -> str:
    """The otpauth:// address that authenticator apps read from the QR code."""
    label = quote(issuer) + ":" + quote(account)
    query = urlencode(
        {"secret": secret, "issuer": issuer, "algorithm": "SHA1", "digits": DIGITS, "period": STEP_SECONDS}
    )
    return f"otpauth://totp/{label}?{query}"


def qr_svg(uri: str) -> str:
    """The address as an inline SVG QR code (no image file, no external service)."""
    return segno.make(uri, error="m").svg_inline(scale=5, border=2, dark="#111", light="#fff")
