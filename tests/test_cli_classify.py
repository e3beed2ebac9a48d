"""Tests for ``intervisie classify``: JSON lines in and out, bad lines, and --evaluate."""
from __future__ import annotations

import io
import json
import subprocess
import sys

from intervisie_widgets.cli import main
from intervisie_widgets.cli.classify import classify_stream
from intervisie_widgets.questions import export_dev

FIELDS = {"text", "lang", "is_question", "problem", "level", "confidence", "open", "advice", "leading",
          "stacked", "bare_why", "doubt", "feedback", "rewrite", "rewrite_kind"}


def run_stream(lines: list[str], lang: str = "nl") -> tuple[int, list[dict], str]:
    out, err = io.StringIO(), io.StringIO()
    code = classify_stream(io.StringIO("".join(line + "\n" for line in lines)), out, err, lang)
    return code, [json.loads(x) for x in out.getvalue().splitlines()], err.getvalue()


def test_one_answer_per_line_in_order_with_every_field():
    """Each input line gets one JSON line, in the same order, with the level, the flags and feedback."""
    code, out, err = run_stream([
        json.dumps({"text": "Wat vind je daar belangrijk aan?"}),
        json.dumps({"text": "Heb je er al aan gedacht om hem te bellen?", "lang": "nl"}),
        json.dumps({"text": "Who else was there?", "lang": "en"}),
    ])
    assert code == 0 and err == ""
    assert [o["text"] for o in out] == ["Wat vind je daar belangrijk aan?", "Heb je er al aan gedacht om hem te bellen?",
                                        "Who else was there?"]
    assert all(set(o) == FIELDS for o in out)
    assert out[0]["level"] == "overtuigingen" and out[0]["open"] is True
    assert out[1]["advice"] is True and out[1]["open"] is False
    assert out[2]["lang"] == "en" and out[2]["level"] == "omgeving"
    assert all(isinstance(o["feedback"], list) and o["feedback"] for o in out)


def test_feedback_language_follows_the_option():
    """--lang en gives the feedback in English, also for a Dutch question."""
    _, (nl,), _ = run_stream([json.dumps({"text": "Heb je hem gebeld?"})], "nl")
    _, (en,), _ = run_stream([json.dumps({"text": "Heb je hem gebeld?"})], "en")
    assert "ja of nee" in " ".join(nl["feedback"]) and "yes or no" in " ".join(en["feedback"])


def test_malformed_line_in_the_middle_is_reported_and_the_rest_answered():
    """A broken line gets an error naming its line number (also on stderr); the others are answered; exit 1."""
    code, out, err = run_stream([
        json.dumps({"text": "Wie waren er nog meer bij?"}),
        '{"text": "kapot',
        json.dumps({"tekst": "verkeerde sleutel"}),
        json.dumps({"text": "Wat deed je toen?"}),
    ])
    assert code == 1
    assert len(out) == 4
    assert out[0]["level"] == "omgeving" and out[3]["level"] == "gedrag"
    assert out[1]["line"] == 2 and "line 2" in out[1]["error"]
    assert out[2]["line"] == 3 and "text" in out[2]["error"]
    assert "line 2" in err and "line 3" in err


def test_bad_input_is_answered_not_crashed():
    """Empty, emoji and a statement are answered with a problem, with exit status 0."""
    code, out, _ = run_stream([json.dumps({"text": t}) for t in ("", "🙈", "Dat was een lastige dag.")])
    assert code == 0 and [o["problem"] for o in out] == ["empty", "no_words", "not_question"]


def test_command_line_end_to_end():
    """The installed command reads stdin and writes JSON lines (a real subprocess)."""
    code = "import sys; from intervisie_widgets.cli import main; sys.exit(main())"
    done = subprocess.run([sys.executable, "-c", code, "classify"],
                          input='{"text": "Waartoe doe je dit werk?"}\nnot json\n',
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    first, second = (json.loads(x) for x in done.stdout.splitlines())
    assert first["level"] == "zingeving" and second["line"] == 2
    assert "line 2" in done.stderr


def test_evaluate_a_file_prints_scores_and_confusion_matrix(tmp_path, capsys):
    """--evaluate on the exported dev split prints accuracy per label, macro-F1, advice scores and the matrix."""
    path = tmp_path / "dev.jsonl"
    n = export_dev(path)
    assert n == len(path.read_text(encoding="utf-8").splitlines()) >= 100
    assert main(["classify", "--evaluate", str(path)]) == 0
    text = capsys.readouterr().out
    for needle in ("level", "open", "advice", "macro-F1", "precision", "recall", "confusion", "Zingeving"):
        assert needle in text


def test_evaluate_dev_json_matches_the_file(tmp_path, capsys):
    """--dev --json gives the same scores as --evaluate on the exported file."""
    path = tmp_path / "dev.jsonl"
    export_dev(path)
    assert main(["classify", "--dev", "--json"]) == 0
    dev = json.loads(capsys.readouterr().out)
    assert main(["classify", "--evaluate", str(path), "--json"]) == 0
    file = json.loads(capsys.readouterr().out)
    assert dev == file
    assert len(dev["confusion"]) == 6 and all(len(row) == 6 for row in dev["confusion"])
    assert set(dev["advice"]) == {"precision", "recall", "f1"}


def test_evaluate_reports_bad_lines_and_missing_file(tmp_path, capsys):
    """A labelled file with a broken line is still scored (exit 1); a missing file is exit 2."""
    path = tmp_path / "x.jsonl"
    path.write_text('{"text": "Wat deed je?", "level": "gedrag", "open": true, "advice": false}\n{oops\n',
                    encoding="utf-8")
    assert main(["classify", "--evaluate", str(path)]) == 1
    captured = capsys.readouterr()
    assert "n = 1" in captured.out and "line 2" in captured.err
    assert main(["classify", "--evaluate", str(tmp_path / "missing.jsonl")]) == 2


def test_shipped_dev_file_is_the_current_dev_split():
    """data/questions-dev.jsonl is the export of the bank's current dev split (re-run --export-dev if not)."""
    from pathlib import Path

    from intervisie_widgets.questions import dev_items

    shipped = Path(__file__).resolve().parents[1] / "data" / "questions-dev.jsonl"
    lines = [json.loads(x) for x in shipped.read_text(encoding="utf-8").splitlines()]
    assert lines == dev_items()


def test_cv_errors_lists_the_misclassified_only_when_asked(monkeypatch, capsys):
    """--cv --errors prints one line per misclassified train question; --cv alone and --cv --json leave them out."""
    from intervisie_widgets.questions import crossval

    scores = {"n": 2, "accuracy": 0.5, "accuracy_by_lang": {"nl": 0.5}, "groups": 2, "folds": 5,
              "confusion": [[1 if (i, j) in ((0, 0), (5, 3)) else 0 for j in range(6)] for i in range(6)],
              "errors": [{"text": "Voor wie doe je het?", "lang": "nl", "level": "zingeving", "predicted": "overtuigingen"}]}
    monkeypatch.setattr(crossval, "grouped_cv", lambda: json.loads(json.dumps(scores)))
    assert main(["classify", "--cv", "--errors"]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if "Voor wie doe je het?" in line]
    assert lines == ["nl zingeving     -> overtuigingen Voor wie doe je het?"]
    assert main(["classify", "--cv"]) == 0
    assert "Voor wie doe je het?" not in capsys.readouterr().out
    assert main(["classify", "--cv", "--json"]) == 0
    assert "errors" not in json.loads(capsys.readouterr().out)
