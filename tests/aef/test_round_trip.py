"""Write → read gives back the report, in both template generations, with no finding at all."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from setu.aef.workbook_reader import read_aef, read_aef_workbook
from setu.aef.workbook_writer import write_aef
from setu.domain.article6.aef_model import AefReport, IdStyle
from tests.aef.builders import as_read_back, sample_report, without_sources, written
from tests.aef.strategies import reports


def _round_trip(report: AefReport, style: IdStyle) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "aef.xlsx"
        write_aef(report, path, style)
        reading = read_aef_workbook(path, style)
    assert [str(f) for f in reading.findings] == []
    assert reading.report is not None
    assert without_sources(reading.report) == report
    if report.actions or report.holdings:
        assert reading.generation is style


@pytest.mark.parametrize("style", list(IdStyle))
def test_the_sample_report_reads_back_equal(tmp_path, style):
    report, findings = read_aef(written(tmp_path, style), style)
    assert findings == []
    assert report is not None and without_sources(report) == as_read_back(sample_report(), style)
    assert report.actions[2].source == "'Table 3 Actions'!A5"
    assert report.submission.source == "'Table 1 Submission'!A2"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports(IdStyle.V1))
def test_random_v1_reports_round_trip(report):
    _round_trip(report, IdStyle.V1)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports(IdStyle.V2))
def test_random_v2_reports_round_trip(report):
    _round_trip(report, IdStyle.V2)
