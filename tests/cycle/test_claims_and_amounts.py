"""The double-claim guard over overlapping and adjacent periods; decided amounts against verified ER."""

from __future__ import annotations

from datetime import date

from setu.domain.cycle.claims import Claim, check_claims
from setu.domain.cycle.issuance_rules import check_decided_amounts
from setu.domain.cycle.rejections import CycleCode

FY26 = Claim("IN-JCM-WHR-001", "MP1", "meter:WHR1-NET", date(2026, 4, 1), date(2027, 3, 31))


def test_overlapping_claims_on_one_meter_are_refused_naming_the_other():
    rival = Claim("IN-JCM-WHR-002", "MP1", "meter:WHR1-NET", date(2027, 3, 31), date(2027, 6, 30))
    rejection = check_claims([rival], [FY26])
    assert rejection is not None and rejection.code is CycleCode.DOUBLE_CLAIM
    assert rejection.message == ("meter:whr1-net from 2027-03-31 to 2027-06-30 is already claimed by project "
                                 "IN-JCM-WHR-001 period MP1 (2026-04-01 to 2027-03-31)")


def test_two_periods_of_one_project_may_not_overlap_either():
    assert check_claims([Claim("IN-JCM-WHR-001", "MP2", "meter:WHR1-NET", date(2027, 1, 1), date(2027, 12, 31))],
                        [FY26]) is not None


def test_adjacent_periods_other_subjects_and_resubmissions_are_fine():
    adjacent = Claim("IN-JCM-WHR-001", "MP2", "meter:WHR1-NET", date(2027, 4, 1), date(2028, 3, 31))
    other_meter = Claim("IN-JCM-WHR-002", "MP1", "meter:WHR2-NET", date(2026, 4, 1), date(2027, 3, 31))
    assert check_claims([adjacent, other_meter, FY26], [FY26]) is None


def test_decided_amount_may_not_exceed_the_verified_er_of_its_vintage():
    verified = {2026: 982, 2027: 322}
    assert check_decided_amounts(verified, {2026: 982, 2027: 300}) is None
    too_much = check_decided_amounts(verified, {2026: 983})
    assert too_much is not None and too_much.message == "vintage 2026: 983 t decided, only 982 t verified"
    assert check_decided_amounts(verified, {2028: 1}).code is CycleCode.ISSUANCE_EXCEEDS_VERIFIED
