"""Each cross-record check, from a broken *workbook*: the broken reports of `tests/aef_consistency` are
exported the way `setu aef export --id-style v2` writes them, read back with `read_aef` as `setu aef check`
does, and the findings of reader and checker together must name exactly the rule the case breaks."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

import tests.aef_consistency.test_each_check as cases
from setu.aef.workbook_reader import read_aef
from setu.aef.workbook_writer import write_aef
from setu.domain.article6.aef_consistency import check_consistency
from setu.domain.article6.aef_findings import Severity
from setu.domain.article6.aef_generations import for_template
from setu.domain.article6.aef_model import AefReport, IdStyle


def _through_a_workbook(directory: Path):  # type: ignore[no-untyped-def]
    numbers = itertools.count()
    reader_findings = []

    def round_trip(report: AefReport | None) -> AefReport | None:
        if report is None:
            return None
        path = directory / f"aef-{next(numbers)}.xlsx"
        shaped, _ = for_template(report, IdStyle.V2)
        write_aef(shaped, path, IdStyle.V2)
        read, findings = read_aef(path)
        reader_findings.extend(findings)
        return read

    def check(report, *, previous=None, counterpart=None, finalization=False):  # type: ignore[no-untyped-def]
        mine = round_trip(report)
        found = check_consistency(mine, previous=round_trip(previous), counterpart=round_trip(counterpart),
                                  finalization=finalization) if mine is not None else []
        return reader_findings[:] + found

    return check


@pytest.mark.parametrize(("rule", "run"), [(rule, run) for _, rule, run in cases.CASES],
                         ids=[c[0] for c in cases.CASES])
def test_a_broken_workbook_triggers_exactly_its_rule(rule, run, tmp_path, monkeypatch):
    monkeypatch.setattr(cases, "check_consistency", _through_a_workbook(tmp_path))
    findings = [f for f in run() if f.severity is Severity.ERROR]
    assert findings, "nothing found"
    assert {f.rule for f in findings} == {rule}, [str(f) for f in findings]
    assert all(f.location for f in findings), "every finding names its sheet and cell"
