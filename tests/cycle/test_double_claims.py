"""The double-claim guard through the services: two projects, or two periods of one, on one meter."""

from __future__ import annotations

from datetime import date

import pytest

from setu.domain.cycle.rejections import CycleCode
from setu.domain.cycle.requests import ClaimedSubject, MonitoringDetails, vintage_amounts
from setu.domain.cycle.transitions import Action
from setu.services.cycle_verification import verify_cycle
from tests.cycle.world import PV

OTHER = "IN-JCM-PV-002"
FY27 = ClaimedSubject("meter:PV1-AC", date(2027, 1, 1), date(2027, 12, 31))


def report(world, project, period, *claims):  # type: ignore[no-untyped-def]
    details = MonitoringDetails(tuple(claims), vintage_amounts({claims[-1].start.year: 100}))  # a vintage claimed
    return world.act("asha", Action.SUBMIT_MONITORING_REPORT, project, period, details=details)


def claims(world) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    with world.uow(read_only=True) as uow:
        return [(c.project_id, c.period_id, c.subject) for c in uow.cycle.claims()]


@pytest.fixture
def two_projects(world):  # type: ignore[no-untyped-def]
    for project in (PV, OTHER):
        world.create(project)
        world.walk_to_implemented(project)
    assert report(world, PV, "MP1", FY27).accepted
    return world


@pytest.mark.parametrize(("project", "period"), [(OTHER, "MP1"), (PV, "MP2")])
def test_an_overlapping_claim_is_refused_naming_the_other(two_projects, project, period):
    overlapping = ClaimedSubject("meter:PV1-AC", date(2027, 12, 31), date(2028, 12, 31))
    outcome = report(two_projects, project, period, ClaimedSubject("meter:OTHER", date(2027, 1, 1), date(2027, 2, 1)),
                     overlapping)
    assert outcome.rejection.code is CycleCode.DOUBLE_CLAIM
    assert outcome.rejection.message == (f"meter:pv1-ac from 2027-12-31 to 2028-12-31 is already claimed by project {PV}"
                                         " period MP1 (2027-01-01 to 2027-12-31)")  # subjects are named by their key
    assert claims(two_projects) == [(PV, "MP1", "meter:pv1-ac")]  # nothing of the refused report stays


@pytest.mark.parametrize(("project", "period"), [(OTHER, "MP1"), (PV, "MP2")])
def test_an_adjacent_period_is_accepted(two_projects, project, period):
    adjacent = ClaimedSubject("meter:PV1-AC", date(2028, 1, 1), date(2028, 12, 31))
    assert report(two_projects, project, period, adjacent).accepted
    assert len(claims(two_projects)) == 2
    assert verify_cycle(two_projects.uow).ok


def test_a_facility_and_a_meter_are_different_subjects(two_projects):
    facility = ClaimedSubject("facility:PV1-PLANT", date(2027, 1, 1), date(2027, 12, 31))
    assert report(two_projects, OTHER, "MP1", facility).accepted


def test_a_rejected_report_leaves_the_period_unreported(two_projects):
    world = two_projects
    assert report(world, OTHER, "MP1", FY27).rejection.code is CycleCode.DOUBLE_CLAIM
    assert report(world, OTHER, "MP1", ClaimedSubject("meter:PV2-AC", FY27.start, FY27.end)).accepted


def test_a_withdrawn_projects_unissued_claims_no_longer_block(two_projects):
    """Issue 4's third known gap: a withdrawn project's claims kept blocking its meters, though no credit
    existed for them and none ever could."""
    world = two_projects
    assert report(world, OTHER, "MP1", FY27).rejection.code is CycleCode.DOUBLE_CLAIM
    world.ok("asha", Action.WITHDRAW_PROJECT, PV)
    assert report(world, OTHER, "MP1", FY27).accepted
    assert verify_cycle(world.uow).ok


def test_a_withdrawn_projects_issued_claims_still_block(world):
    from tests.cycle.world import FIRST_PERIOD_CLAIMS

    for project in (PV, OTHER):
        world.create(project)
        world.walk_to_implemented(project)
    world.walk_to_decided()
    world.ok("rm", Action.ISSUE, PV, "MP1")
    world.ok("asha", Action.WITHDRAW_PROJECT, PV)
    outcome = report(world, OTHER, "MP1", *FIRST_PERIOD_CLAIMS)
    assert outcome.rejection is not None and outcome.rejection.code is CycleCode.DOUBLE_CLAIM
