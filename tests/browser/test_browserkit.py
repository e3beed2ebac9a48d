"""The browser-test helpers: screenshots leave docs/screenshots/ alone, and CI never skips for want of Chromium.

No browser is started here; the tests sit in this folder because they test its helpers.
"""
from __future__ import annotations

from pathlib import Path

import browserkit
import pytest


class FakePage:
    """Stands in for a Playwright page: 'takes' a screenshot by writing a few bytes."""

    def screenshot(self, path: str) -> None:
        Path(path).write_bytes(b"\x89PNG fake")


def test_screenshots_go_to_a_temporary_folder(monkeypatch, tmp_path, screenshot_folder):
    """Without INTERVISIE_REFRESH_SCREENSHOTS a screenshot lands in the session's temporary folder, outside the repository."""
    monkeypatch.delenv(browserkit.REFRESH_SCREENSHOTS_ENV, raising=False)
    monkeypatch.setattr(browserkit, "SCREENSHOTS", tmp_path / "docs")
    path = browserkit.screenshot(FakePage(), "probe")
    assert path == screenshot_folder / "probe.png" and path.read_bytes() == b"\x89PNG fake"
    assert browserkit.REPO not in path.parents and not (tmp_path / "docs").exists()


def test_refreshing_writes_docs_screenshots(monkeypatch, tmp_path):
    """With INTERVISIE_REFRESH_SCREENSHOTS=1 a screenshot replaces the picture in docs/screenshots/."""
    monkeypatch.setenv(browserkit.REFRESH_SCREENSHOTS_ENV, "1")
    monkeypatch.setattr(browserkit, "SCREENSHOTS", tmp_path / "docs")
    assert browserkit.screenshot(FakePage(), "probe") == tmp_path / "docs" / "probe.png"
    assert (tmp_path / "docs" / "probe.png").is_file()


@pytest.mark.parametrize("ci, outcome", [("", pytest.skip.Exception), ("true", pytest.fail.Exception)])
def test_missing_chromium_skips_except_under_ci(monkeypatch, tmp_path, ci, outcome):
    """A missing Chromium skips the browser tests on a workstation and fails them under CI=true."""
    monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome, match="not installed"):
        browserkit.require_chromium(tmp_path / "no-chromium")
    browserkit.require_chromium(Path(__file__))  # an existing file: neither skip nor fail
