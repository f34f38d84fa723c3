"""The worked example of `article6.md` §7.3 is consistent, in every combination of companions."""

from __future__ import annotations

from setu.domain.article6.aef_consistency import check_consistency, roll_forward
from setu.domain.article6.aef_findings import Severity

from .builders import india_2027, india_2029_oimp, japan_2027, report


def test_india_and_japan_2027_check_clean_alone_and_together():
    india, japan = india_2027(), japan_2027()
    assert check_consistency(india) == []
    assert check_consistency(japan) == []
    assert check_consistency(india, previous=report("IND", 2026), counterpart=japan, finalization=True) == []
    assert check_consistency(japan, previous=report("JPN", 2026), counterpart=india, finalization=True) == []


def test_japan_holdings_roll_forward_from_the_acquisition():
    balances = roll_forward(japan_2027(), report("JPN", 2026))
    line = balances[("CA0123", "IND01", "IND", 2026)]
    assert (line.opening, line.acquired, line.expected, line.reported) == (0, 60000, 60000, 60000)


def test_authorized_but_not_first_transferred_units_stay_out_of_india_holdings():
    # B1r (60001-100000) is authorized only: no holdings, and nothing to roll forward (§7.4 item 2).
    assert roll_forward(india_2027(), report("IND", 2026)) == {}


def test_oimp_first_transfer_at_authorization_and_entity_cancellation_check_clean():
    india = india_2029_oimp()
    assert check_consistency(india, previous=report("IND", 2028)) == []
    line = roll_forward(india, report("IND", 2028))[("CA0123", "IND01", "IND", 2028)]
    assert (line.first_transferred_kept, line.cancelled, line.reported) == (10000, 1000, 9000)


def test_a_bilateral_mismatch_is_a_warning_until_finalization():
    japan = japan_2027()
    short = type(japan)(japan.submission, japan.authorizations, (), japan.holdings)
    open_year = check_consistency(india_2027(), counterpart=short)
    final = check_consistency(india_2027(), counterpart=short, finalization=True)
    assert {(f.rule, f.severity) for f in open_year} == {("X13", Severity.WARNING)}
    assert {(f.rule, f.severity) for f in final} == {("X13", Severity.ERROR)}
