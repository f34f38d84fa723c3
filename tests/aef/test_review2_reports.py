"""Second adversarial review of the Article 6 reports: each test is one defect the first review missed."""

from __future__ import annotations

from dataclasses import replace

from openpyxl.worksheet.formula import ArrayFormula

from setu.aef.workbook_reader import read_aef
from setu.domain.article6.aef_consistency import check_consistency
from setu.domain.article6.aef_findings import AefCode, Severity
from tests.aef.builders import cell, edit, written
from tests.aef_consistency.builders import (
    FT,
    OIMP_AUTH,
    USE,
    act,
    held,
    india_2027,
    india_2029_oimp,
    japan_2027,
    oimp_authorization,
)


def _rules(report, **others):  # type: ignore[no-untyped-def]
    return [f.rule for f in check_consistency(report, **others) if f.severity is Severity.ERROR]


def test_clean_reports_stay_clean():
    assert _rules(india_2027()) == []
    assert _rules(india_2029_oimp()) == []
    assert _rules(japan_2027(), counterpart=india_2027()) == []


def test_an_oimp_authorization_must_say_which_oimp_it_authorizes():
    """§4.3 Table 2 #14: `OIMP authorized by the Party` is filled when the purposes include OIMP."""
    report = india_2029_oimp(authorizations=(oimp_authorization(oimp_authorized=None),))
    assert "X7" in _rules(report)


def test_an_oimp_first_transfer_names_its_oimp_purpose():
    """§4.4: a `First transfer` recording an OIMP event fills the OIMP purpose column."""
    base = india_2029_oimp()
    actions = tuple(replace(a, oimp_purpose=None) if a.action_type is FT else a for a in base.actions)
    assert "X7" in _rules(replace(base, actions=actions))


def test_a_use_for_oimp_names_who_used_the_units():
    """§4.4: a Use for OIMP names the using Party or the authorized entity (setu writes one of them)."""
    base = india_2029_oimp()
    use = act("01/10/2029", USE, OIMP_AUTH, held(51001, 51010, vintage=2028), oimp_purpose="CORSIA")
    holdings = (replace(base.holdings[0], block=held(51011, 60000, vintage=2028)),)
    assert "X7" in _rules(replace(base, actions=(*base.actions, use), holdings=holdings))
    named = replace(use, using_party="IND")
    assert _rules(replace(base, actions=(*base.actions, named), holdings=holdings)) == []


def test_a_use_towards_the_ndc_by_a_party_the_authorization_does_not_name():
    """X15: `Authorized Party(ies) ID` restricts use to the named Parties; Japan's use of units India
    authorized for KOR only passed."""
    india = india_2027(authorizations=(replace(india_2027().authorizations[0], authorized_parties=("KOR",)),))
    use = act("01/09/2027", USE, india.authorizations[0].authorization_id, held(1, 100, registry="JPN01"),
              ndc_use_year=2027)
    japan = japan_2027(use)
    japan = replace(japan, holdings=(replace(japan.holdings[0], block=held(101, 60000, registry="JPN01")),))
    assert "X15" in _rules(japan, counterpart=india)


def test_an_array_formula_is_a_formula_not_text(tmp_path):
    """openpyxl reads an array formula as an `ArrayFormula` object, not a '=' string: it was accepted as
    the text of its repr ('<openpyxl...ArrayFormula object at 0x…>') in any free-text field."""
    where = cell(3, "first_unit_id")
    path = edit(written(tmp_path), lambda book: book["Table 3 Actions"].__setitem__(where, ArrayFormula(where, "=A1:A2")))
    report, findings = read_aef(path)
    assert [(f.code, f.location) for f in findings] == [(AefCode.FIELD_SYNTAX, f"'Table 3 Actions'!{where}")]
    assert "formula" in findings[0].message


def test_data_rows_after_an_empty_row_are_a_finding_not_silently_dropped(tmp_path):
    """A table ends at its first empty row (§4.2), so the rows after an accidental blank row are not read
    by the template's readers. setu read the two rows above the gap, dropped the four below and said the
    workbook had no errors; a footnote under a table stays fine."""
    path = edit(written(tmp_path), lambda book: book["Table 3 Actions"].insert_rows(5))
    report, findings = read_aef(path)
    assert len(report.actions) == 2
    assert [(f.code, f.severity, f.location) for f in findings] == [
        (AefCode.DATA_AFTER_TABLE, Severity.ERROR, "'Table 3 Actions'!A6")]
    footnote = edit(written(tmp_path, name="footnote.xlsx"),
                    lambda book: book["Table 3 Actions"].cell(12, 1, "Note: dates are execution dates in IND01."))
    assert read_aef(footnote)[1] == []
