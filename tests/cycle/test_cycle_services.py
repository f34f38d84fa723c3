"""The whole cycle through the services, on SQLite and PostgreSQL: PIN draft to credits in IND01 and JPN01."""

from __future__ import annotations

from datetime import timedelta

from setu.domain.blocks import SerialSpace
from setu.domain.codes import AccountId, RegistryCode
from setu.domain.cycle.checks import CycleRules
from setu.domain.cycle.rejections import CycleCode
from setu.domain.cycle.requests import TakeAction
from setu.domain.cycle.roles import Role
from setu.domain.cycle.states import PeriodState, ProjectState
from setu.domain.cycle.transitions import Action
from setu.services import cycle_actions, cycle_queries, queries
from setu.services.cycle_verification import verify_cycle
from setu.services.verification import verify
from tests.cycle.world import PV, SURYA, T0, TWO_YEAR_CLAIMS


def test_a_project_walks_the_cycle_and_its_credits_land_in_both_registries(world):
    assert world.create().accepted
    world.walk_to_implemented()
    world.walk_to_decided(reported={2027: 10_007})
    issued = world.ok("rm", Action.ISSUE, PV, "MP1")
    # jcm.md §7.1: 10,007 t at 50/10/40 -> 5,003 / 1,000 / 4,002, the 2 t remainder to the designated PP
    assert sorted((s.registry, s.account, s.quantity_t) for s in issued.issued) == [
        ("IND01", "IND01-1", 1000), ("IND01", "IND01-2", 4004), ("JPN01", "JPN01-1", 5003)]
    assert issued.issued_t == 10_007
    held = queries.holdings(world.uow)
    assert {a.id: held.total(a.id) for a in held.accounts} == {
        "JPN01-1": 5003, "IND01-1": 1000, "IND01-2": 4004, "IND01-3": 0}
    assert verify(world.uow).ok
    assert verify_cycle(world.uow).ok

    status = cycle_queries.project_status(world.uow, PV)
    assert status.view.state is ProjectState.IMPLEMENTED
    assert status.view.period("MP1").state is PeriodState.ISSUED
    assert status.issuances[0].decision.decision_id == "JC-IN-2028-001"
    assert [s.quantity_t for s in status.issuances[0].shares] == [1000, 4004, 5003]
    assert len(status.events) == 20 and status.events[-1].role is Role.REGISTRY_MANAGER


def test_issued_units_carry_the_project_period_and_india_as_first_transferring_party(world):
    world.create()
    world.walk_to_implemented()
    world.walk_to_decided(reported={2027: 10_007})
    issued = world.ok("rm", Action.ISSUE, PV, "MP1")
    japan = next(s for s in issued.issued if s.registry == "JPN01")
    block = queries.block_at(world.uow, SerialSpace(RegistryCode("JPN01"), 2027), japan.serial_first)
    assert block is not None and block.account_id == AccountId("JPN01-1")
    a = block.attributes
    assert (a.project_id, a.monitoring_period_id, a.first_transferring_party, a.cooperative_approach_id) == (
        PV, "MP1", "IND", "CA0123")
    # The JCM credit serial names the ledger serials it became, so the two stay linked.
    assert japan.jcm_serial == f"JCM-IN-{PV}-MP1-2027-JP-{japan.serial_first}-{japan.serial_last}"
    assert japan.transaction_id == "JPN01#3"


def test_serials_are_deterministic_by_registry_vintage_and_form_order(world):
    world.create()
    world.walk_to_implemented()
    world.walk_to_decided(reported={2027: 100, 2028: 50}, claims=TWO_YEAR_CLAIMS)
    issued = world.ok("rm", Action.ISSUE, PV, "MP1").issued
    assert [(s.registry, s.vintage_year, s.recipient, s.serial_first, s.serial_last) for s in issued] == [
        ("IND01", 2027, "Government of India", 1, 10),
        ("IND01", 2027, SURYA, 11, 50),
        ("IND01", 2028, "Government of India", 1, 5),
        ("IND01", 2028, SURYA, 6, 25),
        ("JPN01", 2027, "Government of Japan", 1, 50),
        ("JPN01", 2028, "Government of Japan", 1, 25),
    ]


def test_list_projects_shows_each_project_and_period_state(world):
    world.create()
    world.create("IN-JCM-PV-002")
    world.walk_to_implemented()
    world.walk_to_decided()
    listed = cycle_queries.list_projects(world.uow)
    assert [(p.id, p.state, p.periods) for p in listed] == [
        (PV, ProjectState.IMPLEMENTED, (("MP1", PeriodState.ISSUANCE_DECIDED),)),
        ("IN-JCM-PV-002", ProjectState.PIN_DRAFT, ()),
    ]


def test_an_unknown_project_is_refused_with_its_code(world):
    outcome = world.act("asha", Action.SUBMIT_PIN, "IN-JCM-NONE-1", docs=())
    assert outcome.rejection.code is CycleCode.PROJECT_NOT_FOUND


def test_the_public_input_window_opens_and_closes_with_the_days_in_force_when_published(world, clock):
    world.create()
    for who, action in [("asha", Action.SUBMIT_PIN), ("jc", Action.GRANT_NO_OBJECTION),
                        ("asha", Action.REQUEST_REF_ASSESSMENT), ("jc", Action.ASSESS_REF_EMISSIONS),
                        ("asha", Action.PUBLISH_PDD)]:
        world.ok(who, action)
    clock.advance(29)
    assert world.act("tpe", Action.START_VALIDATION).rejection.code is CycleCode.PUBLIC_INPUT_OPEN
    world.ok("anyone", Action.COMMENT, reason="the yield estimate looks high")
    clock.advance(1)
    assert world.act("anyone", Action.COMMENT, reason="late").rejection.code is CycleCode.PUBLIC_INPUT_CLOSED
    # A later change of the rules does not reopen a window that closed under the old ones.
    longer = TakeAction("late-2", "anyone", PV, Action.COMMENT, "late again")
    assert cycle_actions.act(world.uow, longer, rules=CycleRules(public_input_days=45)).rejection.code is (
        CycleCode.PUBLIC_INPUT_CLOSED)
    status = cycle_queries.project_status(world.uow, PV)
    assert status.view.public_input_closes == T0 + timedelta(days=30)
    assert status.events[-1].role is Role.PUBLIC and status.events[-1].reason == "the yield estimate looks high"
