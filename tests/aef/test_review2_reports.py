"""Second adversarial review of the Article 6 reports: each test is one defect the first review missed."""

from __future__ import annotations

from dataclasses import replace

from openpyxl.worksheet.formula import ArrayFormula

from setu.aef.workbook_reader import read_aef
from setu.domain.article6.aef_consistency import check_consistency
from setu.domain.article6.aef_findings import AefCode, Severity
from setu.domain.article6.aef_generations import for_template
from setu.domain.article6.aef_model import IdStyle
from setu.domain.article6.vocabulary import FirstTransferDefinition, Purpose
from tests.aef.builders import cell, edit, written
from tests.aef_consistency.builders import (
    FT,
    NDC_AUTH,
    OIMP_AUTH,
    USE,
    act,
    held,
    hold,
    india_2027,
    india_2029_oimp,
    japan_2027,
    oimp_authorization,
    report,
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


def test_holdings_roll_forward_across_the_switch_from_the_2024_template_to_v2(tmp_path):
    """X16 keyed holdings on `Party ITMO registry ID`, which is the current registry in v1 and (setu's
    default) the originating one in v2: Japan's clean 2028 v2 report against its 2027 v1 report got two
    false UNIT_NOT_HELD errors, 60,000 t 'missing' in JPN01 and 59,900 t 'appearing' in IND01."""
    previous = japan_2027()
    current = report("JPN", 2028, actions=(
        act("01/09/2028", USE, NDC_AUTH, held(1, 100, registry="JPN01"), ndc_use_year=2028),),
        holdings=(hold(NDC_AUTH, held(101, 60000, registry="JPN01")),))
    assert check_consistency(current, previous=previous) == []
    read = []
    for report_, style, name in ((previous, IdStyle.V1, "2027.xlsx"), (current, IdStyle.V2, "2028.xlsx")):
        path = written(tmp_path, style, for_template(report_, style)[0], name)
        read.append(read_aef(path)[0])
    assert [str(f) for f in check_consistency(read[1], previous=read[0])] == []


def test_an_ndc_and_oimp_authorization_needs_an_oimp_first_transfer_definition():
    """D6 note p (§2.2): the OIMP definition is required whenever OIMP is authorized, also alongside NDC.
    X17 accepted 'First international transfer' for `NDC and OIMP`, which says nothing of the OIMP event."""
    authorization = oimp_authorization(purposes=Purpose.NDC_AND_OIMP,
                                       first_transfer_definition=FirstTransferDefinition.FIRST_INTERNATIONAL_TRANSFER)
    assert "X17" in _rules(report("IND", 2029, authorizations=(authorization,)))
