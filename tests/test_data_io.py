"""Import, export, demo data, report and certificate, through the `intervisie` command."""
from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from conftest_pg import pg_admin_url, pg_url, sqlite_url, store_url  # noqa: F401

from intervisie_widgets.cli import main
from intervisie_widgets.exchange.format import FIXED_COLUMNS
from intervisie_widgets.storage import Store, count_rows

HEADER = ["group", "session", "role", "participant", "form", "veiligheid", "rapportcijfer", "les"]
GOOD = [["G", "1", "deelnemer", "p1", "sessie", "4", "8", "luisteren"],
        ["G", "1", "inbrenger", "p2", "sessie", "5", "9", ""],
        ["G", "2", "deelnemer", "p1", "sessie", "3", "", "doorvragen"]]


def write_csv(path, rows, header=HEADER, delimiter=","):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter)
    w.writerow(header)
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def test_round_trip_export_import_export(tmp_path, store_url):
    """Demo data exported, imported into an empty database and exported again gives identical bytes."""
    src = f"sqlite:///{tmp_path / 'src.sqlite'}"
    assert main(["demo-data", "--groups", "3", "--sessions", "5", "--seed", "7", "--db", src]) == 0
    assert main(["export", "--out", str(tmp_path / "a.csv"), "--db", src]) == 0
    assert main(["import", str(tmp_path / "a.csv"), "--db", store_url]) == 0
    assert main(["export", "--out", str(tmp_path / "b.csv"), "--db", store_url]) == 0
    a, b = (tmp_path / "a.csv").read_bytes(), (tmp_path / "b.csv").read_bytes()
    assert a == b and a.count(b"\n") > 40
    frame = pd.read_csv(tmp_path / "a.csv", dtype=str, keep_default_na=False)
    assert list(frame.columns[: len(FIXED_COLUMNS)]) == list(FIXED_COLUMNS)
    assert frame["participant"].str.fullmatch(r"p-[0-9a-f]{12}").all()  # pseudonymised keys only
    assert not frame["participant"].str.contains("deelnemer").any()


def test_xlsx_export_has_the_same_rows(tmp_path, sqlite_url):
    """The XLSX export holds the same responses as the CSV export, with numbers as numbers."""
    main(["demo-data", "--groups", "1", "--sessions", "3", "--db", sqlite_url])
    main(["export", "--out", str(tmp_path / "e.csv"), "--db", sqlite_url])
    main(["export", "--format", "xlsx", "--out", str(tmp_path / "e.xlsx"), "--db", sqlite_url])
    x = pd.read_excel(tmp_path / "e.xlsx")
    c = pd.read_csv(tmp_path / "e.csv")
    assert len(x) == len(c) > 5 and x["veiligheid"].dropna().between(1, 5).all()
    assert x["participant"].tolist() == c["participant"].tolist()


@pytest.mark.parametrize("rows, header, expected", [
    (GOOD, [h for h in HEADER if h != "role"], ["regel 1, kolom role", "ontbreekt"]),
    (GOOD + [["G", "3", "deelnemer", "p3", "sessie", "7", "", ""]], HEADER, ["regel 5, kolom veiligheid", "buiten"]),
    (GOOD + [["G", "drie", "deelnemer", "p3", "sessie", "4", "", ""]], HEADER, ["regel 5, kolom session", "'drie'"]),
    (GOOD + [["G", "2", "deelnemer", "p3", "sessie", "4", "acht", ""]], HEADER,
     ["regel 5, kolom rapportcijfer", "geen heel getal"]),
    (GOOD + [GOOD[0]], HEADER, ["regel 5, kolom participant", "herhaalt regel 2"]),
    (GOOD + [["G", "4", "deelnemer", "p3", "sessie", "4", "", "x" * 1_000_000]], HEADER,
     ["regel 5, kolom les", "1000000 tekens"]),
    (GOOD, HEADER + ["favoriete_kleur"], ["regel 1, kolom favoriete_kleur", "onbekende kolom"]),
    (GOOD + [["G", "2", "voorzitter", "p4", "sessie", "4", "", ""]], HEADER, ["regel 5, kolom role", "onbekende rol"]),
])
def test_bad_import_names_row_and_column_and_writes_nothing(tmp_path, sqlite_url, capsys, rows, header, expected):
    """Each bad input is reported with row and column, and not even the good rows are written."""
    path = write_csv(tmp_path / "in.csv", [r[: len(header)] if len(header) < len(HEADER) else
                                           r + [""] * (len(header) - len(r)) for r in rows], header)
    assert main(["import", str(path), "--db", sqlite_url, "--lang", "nl"]) == 1
    err = capsys.readouterr().err
    for words in expected:
        assert words in err
    assert "Niets geïmporteerd" in err
    with Store(sqlite_url) as s:
        assert count_rows(s, "ik_responses") == 0 and count_rows(s, "ik_answers") == 0


def test_good_import_with_semicolons(tmp_path, sqlite_url):
    """A semicolon-separated file (Dutch Excel) imports every row."""
    path = write_csv(tmp_path / "in.csv", GOOD, delimiter=";")
    assert main(["import", str(path), "--db", sqlite_url]) == 0
    with Store(sqlite_url) as s:
        assert count_rows(s, "ik_responses") == 3
        assert s.responses("G", numeric_only=True)["score"].sum() == 4 + 8 + 5 + 9 + 3


def test_failed_import_leaves_stored_data_alone(tmp_path, sqlite_url, capsys):
    """Importing rows that are already stored changes nothing at all (all or nothing)."""
    path = write_csv(tmp_path / "in.csv", GOOD)
    main(["import", str(path), "--db", sqlite_url])
    write_csv(path, [["G", "5", "deelnemer", "p9", "sessie", "2", "", ""]] + GOOD[:1])
    assert main(["import", str(path), "--db", sqlite_url, "--lang", "en"]) == 1
    assert "row 3, column participant: this evaluation is already in the database" in capsys.readouterr().err
    with Store(sqlite_url) as s:
        assert count_rows(s, "ik_responses") == 3 and 5 not in s.responses("G")["session"].tolist()


def test_demo_data_is_realistic_and_repeatable(tmp_path):
    """Safety rises over the sessions, dips without begeleider, some responses miss; same seed, same data."""
    from intervisie_widgets.engines import analysis

    urls = [f"sqlite:///{tmp_path / n}" for n in ("a.sqlite", "b.sqlite")]
    for url in urls:
        assert main(["demo-data", "--groups", "8", "--sessions", "10", "--seed", "5", "--db", url]) == 0
    a, b = (Store(u).responses() for u in urls)
    assert a.drop(columns="submitted_at").equals(b.drop(columns="submitted_at"))
    df = analysis.prepare(a.loc[(a["item"] == "veiligheid") & (a["kind"] == "session")])
    by_session = df.groupby("session")["score"].mean()
    assert by_session.loc[8:10].mean() > by_session.loc[1:3].mean() + 0.5
    assert by_session.loc[[3, 6]].mean() > by_session.loc[[4, 5]].mean()  # the dip without begeleider
    rate = analysis.response_rate(df)
    assert (rate["rate"] < 1).mean() > 0.3 and rate["rate"].min() > 0


def test_report_and_certificate(tmp_path, sqlite_url, capsys):
    """report writes a PDF (PNG and HTML from the same data); certificate is made for a stored member, by name."""
    from intervisie_widgets.render import report

    main(["demo-data", "--groups", "1", "--sessions", "4", "--seed", "2", "--db", sqlite_url])
    out = tmp_path / "r.pdf"
    assert main(["report", "--group", "DEMO-01", "--out", str(out), "--db", sqlite_url]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    data = report.build(Store(sqlite_url), "demo-01", "nl")
    assert report.report_png(data).startswith(b"\x89PNG")
    html = report.report_html(data)
    assert html.count("<img src='data:image/png;base64,") == 3 and "alt='Lijngrafiek" in html
    cert = tmp_path / "c.pdf"
    member = Store(sqlite_url).load_group("DEMO-01").participants[0]
    assert main(["certificate", "--group", "demo-01", "--member", member.lower(), "--out", str(cert),
                 "--db", sqlite_url]) == 0
    assert cert.read_bytes().startswith(b"%PDF")
    assert main(["certificate", "--group", "DEMO-01", "--member", "niemand", "--out", str(tmp_path / "n.pdf"),
                 "--db", sqlite_url]) == 1
    assert "geen lid van groep" in capsys.readouterr().err and not (tmp_path / "n.pdf").exists()
    assert main(["report", "--group", "DEMO-01", "--out", str(tmp_path / "r.doc"), "--db", sqlite_url]) == 2
    assert main(["report", "--group", "GEEN", "--out", str(out), "--db", sqlite_url]) == 1


def test_unreachable_database_is_a_message_not_a_traceback(tmp_path, capsys):
    """Every data command reports an unreachable PostgreSQL URL in one line and exits with 1."""
    url = "postgresql://kit@127.0.0.1:9/intervisie"
    assert main(["export", "--out", str(tmp_path / "x.csv"), "--db", url, "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "cannot be reached" in err and "Traceback" not in err
    assert not (tmp_path / "x.csv").exists()


def test_forms_command_lists_items(capsys):
    """`intervisie forms --check` lists every item and finds no problem in the packaged files."""
    assert main(["forms", "--check"]) == 0
    out = capsys.readouterr().out
    assert "meta_positie" in out and "advies_bewaard" in out and "1-10" in out
