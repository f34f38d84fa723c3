"""The database keeps the cycle's history append-only, and `verify_cycle` finds rows the chains do not vouch for."""

from __future__ import annotations

import pytest
from sqlalchemy import insert, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from setu.domain.cycle.transitions import Action
from setu.services.cycle_verification import verify_cycle
from setu.store.cycle_schema import document, role_grant
from tests.cycle.world import PV


@pytest.fixture
def issued(world):  # type: ignore[no-untyped-def]
    world.create()
    world.walk_to_implemented()
    world.walk_to_decided()
    world.ok("rm", Action.ISSUE, PV, "MP1")
    return world


@pytest.mark.parametrize("statement", [
    "UPDATE cycle_entry SET body = 'x'",
    "DELETE FROM cycle_entry",
    "UPDATE role_grant SET role = 'JC_MEMBER'",
    "DELETE FROM role_grant",
    "UPDATE project SET participants = '[]'",
    "UPDATE document SET sha256 = '0000000000000000000000000000000000000000000000000000000000000000'",
    "DELETE FROM document",
    "UPDATE claim SET end_date = start_date",
    "DELETE FROM claim",
    "DELETE FROM claim_subject",
    "UPDATE cycle_request_outcome SET outcome = '{}'",
    "DELETE FROM cycle_request_outcome",
])
def test_history_is_append_only(issued, statement):
    with pytest.raises((IntegrityError, DBAPIError)), issued.uow.engine.begin() as c:
        c.execute(text(statement))


def test_two_versions_with_one_number_are_refused_by_the_database(issued):
    row = {"id": "forged", "project_id": PV, "period_id": None, "form": "PIN", "version": 1, "variant": "public",
           "sha256": "a" * 64, "size_bytes": 1, "filename": "x.pdf", "uploaded_by": "asha", "uploaded_at": "t"}
    with pytest.raises((IntegrityError, DBAPIError)), issued.uow.engine.begin() as c:
        c.execute(insert(document).values(**row))


def test_rows_slipped_in_around_the_services_are_found(issued):
    assert verify_cycle(issued.uow).ok
    with issued.uow.engine.begin() as c:
        c.execute(insert(role_grant).values(user_id="mallory", role="JC_MEMBER", scope="*", organisation="Nobody",
                                            sectoral_scopes="[]", granted_by="mallory", granted_at="t"))
        c.execute(insert(document).values(
            id="forged", project_id=PV, period_id=None, form="PIN", version=9, variant="public", sha256="b" * 64,
            size_bytes=1, filename="x.pdf", uploaded_by="asha", uploaded_at="t"))
    problems = verify_cycle(issued.uow).problems
    assert len(problems) == 2
    assert problems[0].startswith("role grant stored but not in the chains: {'user': 'mallory'")
    assert problems[1].startswith("document stored but not in the chains: {'kind': 'document-filed', 'document_id': 'forged'")
