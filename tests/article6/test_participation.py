"""The standing document and the rules on it, without a database."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from setu.domain.article6.participation import (
    Gates,
    Requirement,
    eligibility_problem,
    parse_standing,
    report_problem,
    standing_on,
)


def _document(**changes):  # type: ignore[no-untyped-def]
    d = {
        "party": "IND",
        "as_of": "2026-01-01",
        "requirements": {r.value: {"met": True, "evidence": "e"} for r in Requirement},
        "initial_reports": [{"cooperative_approach_id": "CA0123", "submitted_on": "2026-02-01", "reference": "r"}],
    }
    d.update(changes)
    return d


def test_defaults_follow_the_reference():
    s = parse_standing(_document())
    assert s.gates == Gates(initial_report=True, technical_review=False)
    assert s.unmet == () and s.as_of == date(2026, 1, 1)
    assert [r.letter for r in Requirement] == list("abcdef")


@pytest.mark.parametrize("changes, says", [
    ({"party": "India"}, "party:"),
    ({"as_of": "2026-13-01"}, "as_of:"),
    ({"as_of": datetime(2026, 1, 1, 12)}, "as_of:"),
    ({"as_of": "1999-01-01"}, "as_of:"),
    ({"requirements": {}}, "requirements.authorization_arrangements: missing"),
    ({"extra": 1}, "standing.extra: unknown key"),
    ({"gates": {"initial_report": "yes"}}, "gates.initial_report:"),
    ({"gates": {"ter": True}}, "gates.ter: unknown key"),
    ({"initial_reports": {"CA0123": "2026-01-01"}}, "initial_reports: expected a list"),
    ({"initial_reports": [{"cooperative_approach_id": "CA123", "submitted_on": "2026-02-01", "reference": "r"}]},
     "initial_reports[0].cooperative_approach_id"),
    ({"initial_reports": [{"cooperative_approach_id": "CA0123", "submitted_on": "2026-02-01", "reference": "r",
                           "technical_review_completed_on": "2026-01-01"}]},
     "initial_reports[0].technical_review_completed_on: 2026-01-01 is before"),
    ({"initial_reports": [{"cooperative_approach_id": "CA0123", "submitted_on": "2026-02-01", "reference": ""}]},
     "initial_reports[0].reference"),
])
def test_bad_documents_name_the_key(changes, says):
    with pytest.raises(ValueError, match=None) as caught:
        parse_standing(_document(**changes))
    assert says in str(caught.value)


def test_a_requirement_given_as_text_is_refused():
    d = _document()
    d["requirements"]["ndc_maintained"] = {"met": "true", "evidence": "e"}
    with pytest.raises(ValueError, match=r"requirements\.ndc_maintained\.met"):
        parse_standing(d)


def test_the_standing_in_force_is_the_newest_version_dated_on_or_before_the_day():
    v1 = parse_standing(_document(), version=1)
    v2 = parse_standing(_document(as_of="2026-06-01"), version=2)
    v3 = parse_standing(_document(as_of="2026-03-01"), version=3)  # a later correction, dated earlier
    assert standing_on([v1, v2, v3], date(2025, 12, 31)) is None
    assert standing_on([v1, v2, v3], date(2026, 2, 1)) is v1
    assert standing_on([v1, v2, v3], date(2026, 4, 1)) is v3
    assert standing_on([v1, v2, v3], date(2026, 7, 1)) is v3


def test_eligibility_names_the_first_unmet_requirement_by_its_letter():
    d = _document()
    for name in ("national_inventory_report", "tracking_arrangements"):
        d["requirements"][name]["met"] = False
    s = parse_standing(d)
    problem = eligibility_problem("IND", [s], date(2026, 6, 1))
    assert problem is not None and "4(c)" in problem
    assert "earliest is dated 2026-01-01" in (eligibility_problem("IND", [s], date(2025, 6, 1)) or "")


def test_report_gates():
    reviewed = {"cooperative_approach_id": "CA0123", "submitted_on": "2026-02-01", "reference": "r",
                "technical_review_completed_on": "2026-08-01"}
    s = parse_standing(_document(initial_reports=[reviewed], gates={"technical_review": True}))
    assert "initial report" in (report_problem("IND", [s], "CA0123", date(2026, 1, 15)) or "")
    assert "technical expert review" in (report_problem("IND", [s], "CA0123", date(2026, 7, 1)) or "")
    assert report_problem("IND", [s], "CA0123", date(2026, 8, 1)) is None
    assert report_problem("IND", [s], "CA0999", date(2026, 8, 1)) is not None
    off = parse_standing(_document(initial_reports=[], gates={"initial_report": False}))
    assert report_problem("IND", [off], "CA0999", date(2026, 8, 1)) is None
