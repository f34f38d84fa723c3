"""For each check X1-X18 (but X9, the reader's), a broken report that triggers exactly that rule.

Every case starts from the clean worked example (`builders.py`) and breaks one thing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from setu.domain.article6.aef_consistency import RULE_CODES, check_consistency
from setu.domain.article6.aef_findings import AefFinding, Severity
from setu.domain.article6.aef_model import AefReport
from setu.domain.article6.vocabulary import ActionSubtype, MitigationType

from .builders import (
    ACQ,
    CANCEL,
    FT,
    NDC_AUTH,
    TO_PARTY,
    TR,
    USE,
    act,
    day,
    held,
    hold,
    india_2027,
    india_2029_oimp,
    japan_2027,
    ndc_authorization,
    oimp_authorization,
    report,
)


def _with_actions(base: AefReport, *rows, holdings=None) -> AefReport:
    return replace(base, actions=tuple(rows), holdings=base.holdings if holdings is None else tuple(holdings))


def _replace_action(base: AefReport, index: int, **fields) -> AefReport:
    actions = list(base.actions)
    actions[index] = replace(actions[index], **fields)
    return replace(base, actions=tuple(actions))


def _replace_block(base: AefReport, index: int, **fields) -> AefReport:
    return _replace_action(base, index, block=replace(base.actions[index].block, **fields))


def _japan_holding(*blocks) -> tuple:
    return tuple(hold(NDC_AUTH, held(first, last, registry="JPN01")) for first, last in blocks)


JPN_ACQ = act("15/06/2027", ACQ, NDC_AUTH, held(1, 60000, registry="JPN01"), transferring_party="IND")


def _japan(*extra, holdings=((1, 60000),), **fields) -> AefReport:
    return replace(japan_2027(*extra), holdings=_japan_holding(*holdings), **fields)


def _use(when: str, first: int, last: int, **fields):
    fields.setdefault("ndc_use_year", 2027)
    return act(when, USE, NDC_AUTH, held(first, last, registry="JPN01"), **fields)


def _japan_2028_second_use() -> list[AefFinding]:
    previous = _japan(_use("01/09/2027", 1, 1000), holdings=((1001, 60000),))
    this = replace(report("JPN", 2028), actions=(_use("01/03/2028", 1, 1000, ndc_use_year=2028),),
                   holdings=_japan_holding((2001, 60000)))
    return check_consistency(this, previous=previous)


def _india_2028_first_transfer_again() -> list[AefFinding]:
    again = act("10/05/2028", FT, NDC_AUTH, held(1, 60000), subtype=TO_PARTY, acquiring_party="JPN")
    return check_consistency(replace(india_2027(), submission=report("IND", 2028).submission, actions=(again,)),
                             previous=india_2027())


def _foreign_authorization_missing() -> list[AefFinding]:
    india = _replace_action(india_2027(), 1, authorization_id="IND-JCM-2027-777")
    japan = _japan()
    japan = replace(japan, actions=(replace(JPN_ACQ, authorization_id="IND-JCM-2027-777"),),
                    holdings=(replace(japan.holdings[0], authorization_id="IND-JCM-2027-777"),))
    return check_consistency(japan, counterpart=india)


CASES: list[tuple[str, str, Callable[[], list[AefFinding]]]] = [
    ("unknown authorization", "X1",
     lambda: check_consistency(_replace_action(india_2027(), 0, authorization_id="IND-JCM-2027-999"))),
    ("authorization missing from the first-transferring counterpart's Table 2", "X1",
     _foreign_authorization_missing),
    ("cancelling entity not in Table 5", "X2",
     lambda: check_consistency(_replace_action(india_2029_oimp(), 2, using_entity="IN-ENT-9"))),
    ("Table 2 names an entity not in Table 5", "X2",
     lambda: check_consistency(replace(india_2029_oimp(), authorizations=(
         oimp_authorization(authorized_entities=("IN-ENT-1", "IN-ENT-2")),)))),
    ("First ID after Last ID", "X3",
     lambda: check_consistency(replace(_japan(), holdings=(
         hold(NDC_AUTH, held(60000, 1, registry="JPN01", quantity=60000)),)))),
    ("two holding rows share serials", "X4",
     lambda: check_consistency(_japan(holdings=((1, 50000), (40001, 60000))))),
    ("units held by both Parties", "X4",
     lambda: check_consistency(replace(india_2027(), holdings=(hold(NDC_AUTH, held(1, 10)),)),
                               counterpart=japan_2027(), finalization=True)),
    ("used units still held", "X5", lambda: check_consistency(_japan(_use("01/09/2027", 1, 1000)))),
    ("holding with another mitigation type", "X6",
     lambda: check_consistency(replace(_japan(), holdings=(
         hold(NDC_AUTH, held(1, 60000, registry="JPN01", mitigation_type=MitigationType.REMOVALS)),)))),
    ("first transfer with a transferring Party", "X7",
     lambda: check_consistency(_replace_action(india_2027(), 1, transferring_party="JPN"))),
    ("use both towards the NDC and for OIMP", "X7",
     lambda: check_consistency(_japan(_use("01/09/2027", 1, 1000, oimp_purpose="CORSIA"),
                                      holdings=((1001, 60000),)))),
    ("authorization with a first-transfer subtype", "X8",
     lambda: check_consistency(_replace_action(india_2027(), 0, subtype=ActionSubtype.ISSUANCE))),
    ("quantity is not Last - First + 1", "X10",
     lambda: check_consistency(replace(_japan(), actions=(replace(JPN_ACQ, block=replace(
         JPN_ACQ.block, quantity=59999)),)))),
    ("units used then cancelled", "X11",
     lambda: check_consistency(_japan(_use("01/09/2027", 1, 1000),
                                      act("01/10/2027", CANCEL, NDC_AUTH, held(500, 1500, registry="JPN01")),
                                      holdings=((1501, 60000),)))),
    ("units used last year used again", "X11", _japan_2028_second_use),
    ("units used then transferred", "X11",
     lambda: check_consistency(_japan(_use("01/09/2027", 1, 1000),
                                      act("01/10/2027", TR, NDC_AUTH, held(1, 1000, registry="JPN01"),
                                          acquiring_party="IND"),
                                      holdings=((1001, 60000),)))),
    ("first transferred twice in one year", "X12",
     lambda: check_consistency(india_2027(act("01/09/2027", FT, NDC_AUTH, held(1, 60000), subtype=TO_PARTY,
                                              acquiring_party="JPN")))),
    ("first transferred again a year later", "X12", _india_2028_first_transfer_again),
    ("transfer of units never first transferred", "X12",
     lambda: check_consistency(india_2027(act("01/09/2027", TR, NDC_AUTH, held(1, 10, vintage=2025),
                                              acquiring_party="JPN")))),
    ("transfer dated before the acquisition", "X12",
     lambda: check_consistency(_japan(act("01/05/2027", TR, NDC_AUTH, held(1, 10, registry="JPN01"),
                                          acquiring_party="IND"), holdings=((11, 60000),)))),
    ("first transfer by the acquiring Party", "X12",
     lambda: check_consistency(_japan(act("01/09/2027", FT, NDC_AUTH, held(1, 10, registry="JPN01"),
                                          subtype=TO_PARTY, acquiring_party="IND"), holdings=((11, 60000),)))),
    ("acquisition short of the first transfer", "X13",
     lambda: check_consistency(india_2027(), counterpart=replace(_japan(holdings=((1, 50000),)), actions=(
         replace(JPN_ACQ, block=held(1, 50000, registry="JPN01")),)), finalization=True)),
    ("first transfer dated in another year", "X14",
     lambda: check_consistency(_replace_action(india_2027(), 1, action_date=day("15/06/2028")))),
    ("vintage before 2021", "X14",
     lambda: check_consistency(_replace_block(_replace_block(india_2027(), 0, vintage=2020), 1, vintage=2020))),
    ("vintage after the action year", "X14",
     lambda: check_consistency(_replace_block(_replace_block(india_2027(), 0, vintage=2028), 1, vintage=2028))),
    ("NDC use year outside the NDC period", "X14",
     lambda: check_consistency(_japan(_use("01/09/2027", 1, 1000, ndc_use_year=2031), holdings=((1001, 60000),)))),
    ("first transfers beyond the authorized quantity", "X15",
     lambda: check_consistency(replace(india_2027(), authorizations=(ndc_authorization(authorized_quantity=50000),)))),
    ("a later version lowers the cap", "X15",
     lambda: check_consistency(replace(india_2027(), authorizations=(
         ndc_authorization(), ndc_authorization(version=2, authorization_date=day("01/05/2027"),
                                                authorized_quantity=50000))))),
    ("use for OIMP of NDC-only units", "X15",
     lambda: check_consistency(_japan(_use("01/09/2027", 1, 1000, ndc_use_year=None, oimp_purpose="CORSIA", using_party="JPN"),
                                      holdings=((1001, 60000),)), counterpart=india_2027(), finalization=True)),
    ("first transfer to a Party the authorization does not name", "X15",
     lambda: check_consistency(_replace_action(india_2027(), 1, acquiring_party="KOR"))),
    ("first transfer before the authorization", "X15",
     lambda: check_consistency(_replace_action(india_2027(), 1, action_date=day("15/02/2027")))),
    ("holdings that do not roll forward", "X16",
     lambda: check_consistency(_japan(holdings=((1, 50000),)), previous=report("JPN", 2026))),
    ("OIMP authorization without a first-transfer definition", "X17",
     lambda: check_consistency(replace(india_2029_oimp(), authorizations=(
         oimp_authorization(first_transfer_definition=None),)))),
    ("OIMP first transfer recorded as another event", "X17",
     lambda: check_consistency(_replace_action(india_2029_oimp(), 1, subtype=ActionSubtype.ISSUANCE))),
    ("OIMP-only units first transferred to a Party", "X17",
     lambda: check_consistency(_replace_action(india_2029_oimp(), 1, subtype=TO_PARTY, acquiring_party="JPN",
                                               oimp_purpose=None))),
    ("split part of the authorized block transferred as if first transferred", "X18",
     lambda: check_consistency(india_2027(act("01/09/2027", TR, NDC_AUTH, held(60001, 70000),
                                              acquiring_party="JPN")))),
    ("transfer straddling the first-transferred part", "X18",
     lambda: check_consistency(india_2027(act("01/09/2027", TR, NDC_AUTH, held(50001, 70000),
                                              acquiring_party="JPN")))),
]


@pytest.mark.parametrize(("rule", "run"), [(rule, run) for _, rule, run in CASES], ids=[c[0] for c in CASES])
def test_a_broken_report_triggers_exactly_its_rule(rule, run):
    findings = run()
    assert findings, "nothing found"
    assert {f.rule for f in findings} == {rule}, [str(f) for f in findings]
    assert all(f.code is RULE_CODES[rule] and f.severity is Severity.ERROR for f in findings)


def test_every_rule_but_the_readers_has_a_broken_case():
    covered = {rule for _, rule, _ in CASES}
    assert covered == set(RULE_CODES) - {"X9"}


def test_findings_point_at_the_row_and_name_its_identifiers():
    broken = replace(_japan(), holdings=(hold(NDC_AUTH, held(60000, 1, registry="JPN01"), "'Table 4 Holdings'!A8"),))
    [finding] = check_consistency(broken)
    assert finding.location == "'Table 4 Holdings'!A8"
    assert "CA0123-IND01-IND-60000-2026" in finding.message and "JPN01" in finding.message


def test_the_earlier_of_two_caps_does_not_bind_once_a_version_raises_it():
    versions = (ndc_authorization(authorized_quantity=50000),
                ndc_authorization(version=2, authorization_date=day("01/05/2027")))
    assert check_consistency(replace(india_2027(), authorizations=versions)) == []


def test_rows_split_differently_on_each_side_still_match():
    japan = replace(_japan(), actions=(replace(JPN_ACQ, block=held(1, 30000, registry="JPN01")),
                                       replace(JPN_ACQ, block=held(30001, 60000, registry="JPN01"))))
    assert check_consistency(india_2027(), counterpart=japan, finalization=True) == []
    assert check_consistency(japan, counterpart=india_2027(), finalization=True) == []


def test_moving_part_of_a_larger_first_transferred_block_is_fine():
    japan = _japan(act("01/09/2027", TR, NDC_AUTH, held(101, 200, registry="JPN01"), acquiring_party="IND"),
                   _use("01/10/2027", 30000, 30099), holdings=((1, 100), (201, 29999), (30100, 60000)))
    assert check_consistency(japan, previous=report("JPN", 2026)) == []


def test_a_wrong_previous_report_is_a_caller_error():
    with pytest.raises(ValueError, match="previous"):
        check_consistency(india_2027(), previous=report("IND", 2025))
    with pytest.raises(ValueError, match="counterpart"):
        check_consistency(india_2027(), counterpart=report("IND", 2027))


def test_a_counterpart_of_another_year_cannot_be_matched():
    findings = check_consistency(india_2027(), counterpart=report("JPN", 2028))
    assert [(f.rule, f.severity) for f in findings] == [("X13", Severity.WARNING)]



def test_every_repeated_first_transfer_is_flagged_not_just_one_per_overlapping_group():
    def first_transfer(when, first, last):
        return act(when, FT, NDC_AUTH, held(first, last), subtype=TO_PARTY, acquiring_party="JPN")

    india = replace(india_2027(), actions=(first_transfer("01/09/2027", 1, 100), first_transfer("01/07/2027", 50, 60),
                                           first_transfer("01/08/2027", 55, 200)))
    findings = check_consistency(india)
    assert [(f.rule, f.message.split(" CA0123")[0]) for f in findings] == [
        ("X12", "First transfer of 01/09/2027"), ("X12", "First transfer of 01/08/2027")]
