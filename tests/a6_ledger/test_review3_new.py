"""Third review of the standing and share-of-proceeds code: each test pins a defect found in it."""

from __future__ import annotations

import pytest

from setu.domain.article6.participation import Requirement, parse_standing
from setu.domain.article6.requests import RecordStanding
from setu.domain.codes import RegistryCode
from setu.domain.rejections import RejectionCode
from setu.services.article6_records import record_standing
from tests.ledger_script import LedgerScript


def _document(**changes):  # type: ignore[no-untyped-def]
    d = {
        "party": "IND",
        "as_of": "2026-01-01",
        "requirements": {r.value: {"met": True, "evidence": "e"} for r in Requirement},
    }
    return d | changes


# -- 1. A falsy `gates` or `initial_reports` is silently read as "not given" -----------------------------
# `gates: false` (a focal point meaning "no gates") was recorded as the defaults, initial-report gate ON;
# `initial_reports: false` / `""` / `{}` as "no reports". The docs promise every problem names the key.
@pytest.mark.parametrize("changes, says", [
    ({"gates": False}, "gates:"),
    ({"gates": []}, "gates:"),
    ({"gates": 0}, "gates:"),
    ({"initial_reports": False}, "initial_reports:"),
    ({"initial_reports": {}}, "initial_reports:"),
    ({"initial_reports": ""}, "initial_reports:"),
])
def test_a_falsy_gates_or_initial_reports_is_refused_not_defaulted(changes, says):
    with pytest.raises(ValueError, match=says):
        parse_standing(_document(**changes))


def test_null_gates_and_initial_reports_still_mean_the_defaults():
    s = parse_standing(_document(gates=None, initial_reports=None))
    assert s.gates.initial_report and not s.gates.technical_review and s.initial_reports == ()


# -- 2. Dates that are not YYYY-MM-DD were accepted (Python 3.11 fromisoformat reads ISO week and basic forms)
@pytest.mark.parametrize("text", ["2026-W05-1", "20260126", "2026-01-2", "2026-001"])
def test_a_standing_date_must_be_written_yyyy_mm_dd(text):
    with pytest.raises(ValueError, match="as_of"):
        parse_standing(_document(as_of=text))
    report = {"cooperative_approach_id": "CA0123", "submitted_on": text, "reference": "r"}
    with pytest.raises(ValueError, match="submitted_on"):
        parse_standing(_document(initial_reports=[report]))


def test_the_service_refuses_a_week_date_instead_of_recording_it(ledger, clock):  # type: ignore[no-untyped-def]
    clock.at("2026-06-01")
    LedgerScript(ledger).run("registry IND01 IND")
    outcome = record_standing(ledger, RecordStanding("k", RegistryCode("IND01"), _document(as_of="2026-W05-1")))
    assert outcome.rejection is not None and outcome.rejection.code is RejectionCode.FIELD_INVALID
