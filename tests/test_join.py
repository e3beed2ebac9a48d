"""Joining from a phone without a database: the codes, the QR code, the public address and the commands.

The store's side (binding, expiry, revocation, post-its) is in ``test_join_storage.py``; the
command-line tests here use a SQLite file.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import segno

from intervisie_widgets import catalog
from intervisie_widgets.cli import build_parser, main
from intervisie_widgets.cli.serve import options_from_args
from intervisie_widgets.engines import join as codes
from intervisie_widgets.model.join import JoinCode
from intervisie_widgets.render.qr import qr_png, qr_svg
from intervisie_widgets.server import ServeError, ServeOptions, check_options, server_env
from intervisie_widgets.server import options as server_options
from intervisie_widgets.storage import Store, count_rows

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
URL = "http://192.168.1.20:8866/deelnemen/ABCDEFGH"


def opts(**kw) -> ServeOptions:
    """Serve options with the repository's notebooks and a scratch data folder unless given."""
    kw.setdefault("notebooks_dir", NOTEBOOKS)
    kw.setdefault("data_dir", Path("/tmp/intervisie-test-data"))
    return ServeOptions(**kw)


# --------------------------------------------------------------------------- codes
def test_codes_use_eight_unambiguous_symbols():
    """Every new code has 8 symbols of a 31-symbol alphabet without 0, O, 1, I or L, and every symbol occurs."""
    assert len(set(codes.ALPHABET)) == len(codes.ALPHABET) == 31
    assert not set("0O1IL") & set(codes.ALPHABET)
    made = [codes.new_code() for _ in range(5000)]
    assert all(len(c) == 8 and set(c) <= set(codes.ALPHABET) for c in made)
    assert set("".join(made)) == set(codes.ALPHABET)
    assert len(set(made)) == len(made)


def test_codes_come_from_the_secrets_module(monkeypatch):
    """The symbols are drawn with secrets.choice (the system's random source), not with the random module."""
    monkeypatch.setattr(codes.secrets, "choice", lambda alphabet: alphabet[-1])
    assert codes.new_code() == "Z" * 8


def test_guessing_a_code_during_a_meeting_is_hopeless():
    """Ten guesses a second for 12 hours against 100 live meetings hit one with a chance below 1 in 10,000."""
    space = len(codes.ALPHABET) ** codes.CODE_LENGTH
    guesses = 10 * 3600 * 12
    assert guesses * 100 / space < 1e-4


@pytest.mark.parametrize("typed, canonical", [
    ("abcd-efgh", "ABCDEFGH"), (" ABCD EFGH ", "ABCDEFGH"), ("abcd–efgh", "ABCDEFGH"), ("ab_cd.ef gh\n", "ABCDEFGH"),
])
def test_a_typed_code_is_normalised(typed, canonical):
    """Case, spaces, dashes (also an en dash), underscores and dots are ignored when a code is typed."""
    assert codes.normalise_code(typed) == canonical and codes.is_code(typed)


@pytest.mark.parametrize("typed", ["", None, "ABCD-EFG", "ABCD-EFGHJ", "ABCD-EFG0", "ABCD-EFGO", "ABCD-EFG1",
                                   "ABCD-EFGI", "ABCD-EFGL", "ABCD/EFGH", "ÄBCD-EFGH", "A" * 100_000])
def test_what_is_not_a_code(typed):
    """Wrong length, a symbol outside the alphabet or an overlong text is not a code."""
    assert not codes.is_code(typed)
    assert len(codes.normalise_code(typed)) <= 64


def test_addresses_and_the_shown_code():
    """The QR address is <base>/deelnemen/<CODE>, the short one <base>/deelnemen; the code is shown as ABCD-EFGH."""
    assert codes.join_url("http://10.0.0.5:8866/", "abcd-efgh") == "http://10.0.0.5:8866/deelnemen/ABCDEFGH"
    assert codes.join_url("https://kit.example.nl/k", "ABCDEFGH") == "https://kit.example.nl/k/deelnemen/ABCDEFGH"
    assert codes.short_url("http://10.0.0.5:8866") == "http://10.0.0.5:8866/deelnemen"
    assert codes.shown_code("abcdefgh") == "ABCD-EFGH"
    when = dt.datetime(2026, 1, 12, 19, 30, tzinfo=dt.timezone.utc)
    assert JoinCode("WXYZ2345", "G", 1, when).shown == "WXYZ-2345"


# --------------------------------------------------------------------------- QR code
def _reference(url: str):
    """segno's own encoding of ``url`` (error level M at least, never Micro QR)."""
    qr = segno.make(url, error="m", micro=False)
    return qr, [list(map(bool, row)) for row in qr.matrix]


def test_the_png_is_a_png_of_the_url():
    """qr_png gives a square PNG of 200-600 px whose modules are exactly segno's encoding of the url."""
    from PIL import Image

    qr, matrix = _reference(URL)
    data = qr_png(URL)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    img = Image.open(io.BytesIO(data)).convert("L")
    n = len(matrix)
    assert img.size[0] == img.size[1] and img.size[0] % (n + 8) == 0 and 200 <= img.size[0] <= 600
    scale = img.size[0] // (n + 8)
    dark = [[img.getpixel(((x + 4) * scale + scale // 2, (y + 4) * scale + scale // 2)) < 128 for x in range(n)]
            for y in range(n)]
    assert dark == matrix
    assert all(img.getpixel((i, 0)) > 128 and img.getpixel((0, i)) > 128 for i in range(0, img.size[0], 7))
    assert qr.error in "MQH"
    assert _reference(URL.replace("ABCDEFGH", "ABCDEFGJ"))[1] != matrix  # the check sees the url


def _svg_cells(svg: str) -> tuple[int, set]:
    """The viewBox size and the dark cells drawn by the black path of a segno SVG (M, m and h steps)."""
    root = ET.fromstring(svg)
    size = int(root.get("viewBox").split()[2])
    path = next(p for p in root.iter("{http://www.w3.org/2000/svg}path") if p.get("stroke") == "#000")
    x = y = 0.0
    cells = set()
    for op, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", path.get("d")):
        if op == "M":
            x, y = float(a), float(b)
        elif op == "m":
            x, y = x + float(a), y + float(b)
        else:
            cells |= {(int(x) + i, int(y)) for i in range(int(a))}
            x += float(a)
    return size, cells


def test_the_svg_draws_the_same_modules_and_is_labelled():
    """qr_svg draws exactly segno's modules of the url in a scalable, labelled image on a light background."""
    _, matrix = _reference(URL)
    svg = qr_svg(URL, title="Scan mij & doe mee")
    root = ET.fromstring(svg)  # well-formed, the & escaped
    assert root.get("role") == "img" and "width" not in root.attrib
    assert root.find("{http://www.w3.org/2000/svg}title").text == "Scan mij & doe mee"
    size, cells = _svg_cells(svg)
    assert size == len(matrix) + 8
    assert cells == {(x + 4, y + 4) for y, row in enumerate(matrix) for x, v in enumerate(row) if v}
    assert ET.fromstring(qr_svg(URL)).find("{http://www.w3.org/2000/svg}title").text == URL
    assert any(p.get("fill") == "#fff" for p in root.iter("{http://www.w3.org/2000/svg}path"))


def test_an_empty_address_has_no_qr_code():
    """A QR code of nothing is refused rather than drawn."""
    with pytest.raises(ValueError):
        qr_svg("  ")
    with pytest.raises(ValueError):
        qr_png("")


# --------------------------------------------------------------------------- the public address
@pytest.mark.parametrize("given, kept", [
    ("http://192.168.1.20:8866", "http://192.168.1.20:8866"),
    ("https://intervisie.example.nl/kit/", "https://intervisie.example.nl/kit"),
    (" HTTP://Laptop.local:9000/ ", "HTTP://Laptop.local:9000"),
    ("http://[fe80::1]:8866", "http://[fe80::1]:8866"),
])
def test_a_good_public_url_is_kept(given, kept):
    """An http(s) address with a host name or IP address is accepted, trimmed and without a trailing slash."""
    assert server_options.check_public_url(given) == kept
    check_options(opts(public_url=given))


@pytest.mark.parametrize("bad", ["", "192.168.1.20:8866", "ftp://host", "http://", "http://a b.nl", "http://x?y=1",
                                 "http://x/#f", "http://user:pw@x", "http://x:99999", "javascript:alert(1)",
                                 "http://exa_mple.org", "http://[nietip]/", "http://-x.nl"])
def test_a_bad_public_url_refuses_to_start(bad):
    """Anything but http(s) with a valid host and no user, query or fragment stops the server with a message."""
    with pytest.raises(ServeError) as err:
        check_options(opts(public_url=bad))
    assert err.value.key == "bad_public_url"
    nl, en = err.value.message("nl"), err.value.message("en")
    assert f"'{bad.strip()}'" in nl and "--public-url" in en and nl != en


def _no_address():
    raise AssertionError("the address must not be looked up")


@pytest.mark.parametrize("kw, url", [
    (dict(), "http://127.0.0.1:8866"),
    (dict(ip="192.168.1.20", port=9000), "http://192.168.1.20:9000"),
    (dict(ip="::1"), "http://[::1]:8866"),
    (dict(ip="localhost", extra_args=("--Voila.base_url=/kit/",)), "http://localhost:8866/kit"),
    (dict(ip="0.0.0.0", public_url="https://kit.example.nl/"), "https://kit.example.nl"),
])
def test_the_public_url_is_given_or_the_listening_address(kw, url):
    """--public-url wins; else the listening address, port and Voilà base_url make the address."""
    found = server_options.public_url(opts(**kw), find_address=_no_address)
    assert (found.url, found.found) == (url, True)


def test_on_every_interface_the_primary_address_is_used_or_loopback_said():
    """For 0.0.0.0 and :: the primary address is used; without one the address is loopback and flagged."""
    assert server_options.public_url(opts(ip="0.0.0.0"), lambda: "10.1.2.3") == server_options.PublicUrl(
        "http://10.1.2.3:8866", True)
    assert server_options.public_url(opts(ip="::", port=9001), lambda: None) == server_options.PublicUrl(
        "http://127.0.0.1:9001", False)


class _FakeSocket:
    """A UDP socket that records what is done with it and names ``addr`` as its own address."""

    def __init__(self, addr, fail=False):
        self.addr, self.fail, self.calls = addr, fail, []

    def __call__(self, family, kind):
        self.calls.append(("socket", family, kind))
        return self

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def connect(self, where):
        self.calls.append(("connect", where))
        if self.fail:
            raise OSError("Network is unreachable")

    def getsockname(self):
        return (self.addr, 40000)


@pytest.mark.parametrize("addr, fail, expected", [("192.168.1.5", False, "192.168.1.5"), ("127.0.0.1", False, None),
                                                  ("0.0.0.0", False, None), ("192.168.1.5", True, None)])
def test_the_primary_address_is_found_without_sending_anything(monkeypatch, addr, fail, expected):
    """The address comes from a UDP socket 'connected' to a documentation address; loopback or no route gives None."""
    import socket

    fake = _FakeSocket(addr, fail)
    monkeypatch.setattr(server_options.socket, "socket", fake)
    assert server_options.primary_address() == expected
    assert fake.calls[0] == ("socket", socket.AF_INET, socket.SOCK_DGRAM)
    assert fake.calls[1][0] == "connect" and fake.calls[1][1][0].startswith("192.0.2.")  # RFC 5737, never routed
    assert {c[0] for c in fake.calls} == {"socket", "connect"}  # nothing sent


def test_kernels_and_handlers_get_the_public_url():
    """The server environment carries INTERVISIE_PUBLIC_URL: the given address, else the derived one."""
    assert server_env(opts(port=9000), {})["INTERVISIE_PUBLIC_URL"] == "http://127.0.0.1:9000"
    assert server_env(opts(public_url="https://kit.example.nl/"), {})["INTERVISIE_PUBLIC_URL"] == "https://kit.example.nl"


def test_serve_takes_public_url_from_the_command_line_or_the_environment():
    """--public-url becomes ServeOptions.public_url, INTERVISIE_PUBLIC_URL is the default, the command line wins."""
    parser = build_parser()
    env = {"INTERVISIE_PUBLIC_URL": "http://10.0.0.9:8866"}
    assert options_from_args(parser.parse_args(["serve"]), {}).public_url is None
    assert options_from_args(parser.parse_args(["serve"]), env).public_url == "http://10.0.0.9:8866"
    o = options_from_args(parser.parse_args(["serve", "--public-url", "https://kit.example.nl"]), env)
    assert o.public_url == "https://kit.example.nl"


def test_serve_says_where_participants_join(monkeypatch, capsys):
    """intervisie serve prints the join address and passes the derived URL on; without a network address it warns."""
    import intervisie_widgets.server as server_pkg

    seen = []
    monkeypatch.setattr(server_pkg, "serve", lambda o: seen.append(o) or 0)
    monkeypatch.setattr(server_options, "primary_address", lambda: "10.4.5.6")
    assert main(["serve", "--ip", "0.0.0.0", "--token", "t0ken-for-the-tests", "--port", "9100", "--lang", "en"]) == 0
    out = capsys.readouterr()
    assert "http://10.4.5.6:9100/deelnemen" in out.out and out.err == ""
    assert seen[-1].public_url == "http://10.4.5.6:9100"
    monkeypatch.setattr(server_options, "primary_address", lambda: None)
    assert main(["serve", "--ip", "0.0.0.0", "--token", "t0ken-for-the-tests", "--lang", "nl"]) == 0
    out = capsys.readouterr()
    assert "http://127.0.0.1:8866/deelnemen" in out.out
    assert out.err.strip() == catalog.text("join.serve_no_address", "nl", url="http://127.0.0.1:8866")


def test_serve_with_a_bad_public_url_stops_before_the_server(monkeypatch, capsys):
    """A bad --public-url is refused by serve's own checks (exit 2, the message), nothing printed about joining."""
    code = main(["serve", "--public-url", "ftp://kit", "--no-browser", "--lang", "en"])
    out = capsys.readouterr()
    assert code == 2 and "'ftp://kit'" in out.err and "deelnemen" not in out.out


# --------------------------------------------------------------------------- intervisie join
@pytest.fixture
def db(tmp_path) -> str:
    """A SQLite database holding the group 'Team A'."""
    url = f"sqlite:///{tmp_path / 'join.sqlite'}"
    with Store(url) as s:
        s.ensure_group("Team A")
    return url


def test_join_json_has_exactly_url_code_and_expires(db, capsys, monkeypatch):
    """--json prints url, code and expires (ISO 8601, UTC, 12 hours on); a second call prints the same code."""
    monkeypatch.delenv("INTERVISIE_PUBLIC_URL", raising=False)
    before = dt.datetime.now(dt.timezone.utc)
    assert main(["join", "--group", "team a", "--session", "2", "--db", db, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"url", "code", "expires"}
    expires = dt.datetime.fromisoformat(data["expires"])
    assert expires.utcoffset() == dt.timedelta(0)
    assert dt.timedelta(hours=12, seconds=-5) < expires - before <= dt.timedelta(hours=12, seconds=5)
    assert data["url"] == codes.join_url("http://127.0.0.1:8866", data["code"])
    with Store(db) as s:
        found = s.resolve_join(data["code"])
    assert (found.group, found.session, found.shown) == ("Team A", 2, data["code"])
    assert main(["join", "--group", "Team A", "--session", "2", "--db", db, "--json", "--hours", "1"]) == 0
    assert json.loads(capsys.readouterr().out) == data


def test_join_uses_the_public_url_and_hours(db, capsys, monkeypatch):
    """--public-url (else INTERVISIE_PUBLIC_URL) is the address's base; --hours sets a new code's validity."""
    monkeypatch.setenv("INTERVISIE_PUBLIC_URL", "http://10.0.0.9:8866")
    assert main(["join", "--group", "Team A", "--session", "1", "--db", db, "--json", "--hours", "2"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["url"] == "http://10.0.0.9:8866/deelnemen/" + data["code"].replace("-", "")
    left = dt.datetime.fromisoformat(data["expires"]) - dt.datetime.now(dt.timezone.utc)
    assert dt.timedelta(hours=2, seconds=-5) < left <= dt.timedelta(hours=2)
    assert main(["join", "--group", "Team A", "--session", "1", "--db", db, "--json",
                 "--public-url", "https://kit.example.nl/"]) == 0
    assert json.loads(capsys.readouterr().out)["url"] == "https://kit.example.nl/deelnemen/" + data["url"][-8:]


def test_join_prints_address_code_and_expiry_in_the_users_language(db, capsys):
    """Without --json the address, the short address with the code and the expiry are printed in nl or en."""
    assert main(["join", "--group", "Team A", "--session", "3", "--db", db, "--lang", "en"]) == 0
    en = capsys.readouterr().out
    with Store(db) as s:
        code = s.create_join("Team A", 3)
    assert en.splitlines() == [
        f"Address (QR code): http://127.0.0.1:8866/deelnemen/{code.code}",
        f"Or go to http://127.0.0.1:8866/deelnemen and type the code: {code.shown}",
        f"Valid until: {code.expires:%Y-%m-%d %H:%M} (UTC)"]
    assert main(["join", "--group", "Team A", "--session", "3", "--db", db, "--lang", "nl"]) == 0
    assert capsys.readouterr().out.splitlines()[1] == f"Of ga naar http://127.0.0.1:8866/deelnemen en typ de code: {code.shown}"


@pytest.mark.parametrize("lang, said", [("nl", "Er is geen groep met de code 'Onbekend'."),
                                        ("en", "There is no group with the code 'Onbekend'.")])
def test_join_for_an_unknown_group_fails_with_a_message(db, capsys, lang, said):
    """An unknown group is exit status 1 with the message in the user's language, and nothing is created."""
    assert main(["join", "--group", "Onbekend", "--session", "1", "--db", db, "--lang", lang]) == 1
    out = capsys.readouterr()
    assert out.err.strip() == said and out.out == ""
    with Store(db) as s:
        assert s.groups() == ["Team A"]


def test_join_refuses_a_bad_public_url_or_hours(db, capsys):
    """A bad --public-url is exit status 2 and bad --hours exit status 1, each with its message, no code stored."""
    assert main(["join", "--group", "Team A", "--session", "1", "--db", db, "--public-url", "kit:8866"]) == 2
    assert "'kit:8866'" in capsys.readouterr().err
    assert main(["join", "--group", "Team A", "--session", "1", "--db", db, "--hours", "200", "--lang", "en"]) == 1
    assert "at most 168 hours" in capsys.readouterr().err
    with Store(db) as s:
        assert count_rows(s, "ik_join_codes") == 0
