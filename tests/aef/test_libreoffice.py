"""LibreOffice opens both generations of the AEF workbook headless and keeps every sheet and value."""

from __future__ import annotations

import os
import shutil
import subprocess

import openpyxl
import pytest

from setu.aef.workbook_layout import SHEETS
from setu.aef.workbook_reader import read_aef
from setu.domain.article6.aef_model import IdStyle
from tests.aef.builders import as_read_back, sample_report, without_sources, written


@pytest.mark.parametrize("style", list(IdStyle))
def test_libreoffice_opens_the_workbook(tmp_path, style):
    """LibreOffice reads every sheet: its own xlsx re-export keeps the sheets and reads back as the same report."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        if os.environ.get("SETU_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("SETU_REQUIRE_LIBREOFFICE=1 but neither soffice nor libreoffice is on PATH")
        pytest.skip("neither soffice nor libreoffice is on PATH; the headless LibreOffice check needs one")
    book = written(tmp_path, style)
    out = tmp_path / "out"
    result = subprocess.run(
        [office, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--convert-to", "xlsx",
         "--outdir", str(out), str(book)],
        capture_output=True, text=True, timeout=180, check=False,
    )
    converted = out / book.name
    assert result.returncode == 0 and converted.exists(), result.stdout + result.stderr
    assert openpyxl.load_workbook(converted).sheetnames == list(SHEETS)
    report, findings = read_aef(converted, style)
    assert [str(f) for f in findings] == []
    assert report is not None and without_sources(report) == as_read_back(sample_report(), style)
