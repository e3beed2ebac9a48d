"""QR codes of the join address (segno): SVG for the projector's page, PNG for a download or handout.

Error correction is at least level M (15 % of the symbol may be unreadable: glare on a projector
screen, a phone held at an angle); segno raises it when the symbol has room for more. The quiet
zone is the four modules the standard asks for, drawn light, so the code also scans on a dark page.
"""
from __future__ import annotations

import io

import segno

ERROR = "m"
BORDER = 4
#: Pixels per module of the PNG: a typical join address (version 3-5, 29-37 modules) gives 370-450 px.
PNG_SCALE = 10


def qr_code(url: str) -> segno.QRCode:
    """The QR code (never a Micro QR, which phone cameras do not read) of ``url``."""
    url = str(url or "").strip()
    if not url:
        raise ValueError("a QR code needs an address")
    return segno.make(url, error=ERROR, micro=False)


def qr_svg(url: str, title: str | None = None) -> str:
    """An inline ``<svg>`` of the code: it scales to its box (viewBox, no fixed size) and is
    announced as an image named ``title`` (the address itself unless given)."""
    buf = io.BytesIO()
    qr_code(url).save(buf, kind="svg", scale=1, border=BORDER, xmldecl=False, svgns=True, omitsize=True,
                      title=title or str(url).strip(), svgclass="ik-qr", lineclass=None, dark="#000", light="#fff")
    return buf.getvalue().decode("utf-8").replace("<svg ", '<svg role="img" ', 1)


def qr_png(url: str, scale: int = PNG_SCALE) -> bytes:
    """The code as a PNG, ``scale`` pixels per module, black on white with the quiet zone."""
    buf = io.BytesIO()
    qr_code(url).save(buf, kind="png", scale=scale, border=BORDER, dark="#000", light="#fff")
    return buf.getvalue()
