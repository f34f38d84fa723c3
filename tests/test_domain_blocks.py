"""Unit tests of the pure domain: splitting, carving, identifiers, planning and the journal hash."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from setu.domain.blocks import SerialRange, SerialSpace, UnitAttributes, UnitBlock, UnitKind, carve, split_for_quantity
from setu.domain.codes import AccountId, CooperativeApproachId, PartyCode, RegistryCode, SerialNumber
from setu.domain.identifiers import (
    IDENTIFIER_PATTERN,
    block_identifier_columns,
    block_identifier_strings,
    parse_identifier,
)
from setu.domain.journal import GENESIS_HASH, canonical_json, chain_hash, seal
from setu.domain.movement_plan import plan_by_quantity, plan_by_serials
from setu.domain.rejections import Rejection, RejectionCode
from setu.domain.requests import BySerials

A, B, R = AccountId("IND01-1"), AccountId("IND01-2"), AccountId("IND01-3")
ATTRS = UnitAttributes(
    UnitKind.JCM_CREDIT, CooperativeApproachId("CA0123"), RegistryCode("IND01"), PartyCode("IND"), 2026, "P1", "MP1"
)
SPACE = SerialSpace(RegistryCode("IND01"), 2026)


def block(first: int, last: int, account: AccountId = A) -> UnitBlock:
    return UnitBlock(account, ATTRS, SerialNumber(first), SerialNumber(last))


def test_partial_move_keeps_the_lower_range_with_the_holder():
    kept, moved = split_for_quantity(block(1, 3000), 1000, B)
    assert (kept.serial_first, kept.serial_last, kept.account_id) == (1, 2000, A)
    assert (moved.serial_first, moved.serial_last, moved.account_id) == (2001, 3000, B)
    assert kept.attributes == moved.attributes == ATTRS


def test_whole_block_move_is_one_piece():
    (moved,) = split_for_quantity(block(5, 9), 5, B)
    assert (moved.serial_first, moved.serial_last, moved.account_id) == (5, 9, B)


@pytest.mark.parametrize("quantity", [0, -1, 6])
def test_split_refuses_impossible_quantities(quantity):
    with pytest.raises(ValueError):
        split_for_quantity(block(5, 9), quantity, B)


def test_carve_from_the_middle_leaves_both_ends_with_the_holder():
    low, mid, high = carve(block(1, 100), 40, 60, B)
    assert [(p.serial_first, p.serial_last, p.account_id) for p in (low, mid, high)] == [
        (1, 39, A), (40, 60, B), (61, 100, A)
    ]


def test_quantity_is_last_minus_first_plus_one_and_empty_blocks_cannot_exist():
    assert block(7, 7).quantity == 1
    assert block(1, 60_000).quantity == 60_000
    with pytest.raises(ValueError):
        block(10, 9)
    with pytest.raises(ValueError):
        block(0, 5)


def test_identifier_string_form_matches_the_unfccc_pattern_and_reads_back():
    first, last = block_identifier_strings(block(1, 60_000))
    assert (first, last) == ("CA0123-IND01-IND-1-2026", "CA0123-IND01-IND-60000-2026")
    assert IDENTIFIER_PATTERN.fullmatch(first) and IDENTIFIER_PATTERN.fullmatch(last)
    parsed = parse_identifier("CA0123-IND01-IND-60,000-2026")
    assert (parsed.serial, parsed.vintage_year, str(parsed)) == (60_000, 2026, "CA0123-IND01-IND-60000-2026")


@pytest.mark.parametrize("bad", ["CA123-IND01-IND-1-2026", "CA0123-IND1-IND-1-2026", "CA0123-IND01-IND-01-2026",
                                 "CA0123-IND01-IN-1-2026", "CA0123-IND01-IND-1-26"])
def test_malformed_identifiers_are_refused(bad):
    with pytest.raises(ValueError):
        parse_identifier(bad)


def test_split_columns_carry_the_current_registry_and_integer_serials():
    columns = block_identifier_columns(block(1, 60_000), RegistryCode("JPN01"))
    assert (columns.cooperative_approach_id, columns.party_itmo_registry_id, columns.first_transferring_party_id,
            columns.first_id, columns.last_id, columns.vintage) == ("CA0123", "JPN01", "IND", 1, 60_000, 2026)


def test_plan_by_quantity_takes_whole_blocks_then_splits_the_last():
    plan = plan_by_quantity([block(1, 10), block(21, 30)], 15, A, B)
    assert not isinstance(plan, Rejection)
    assert [str(r) for r in plan.moved] == ["IND01/2026/1-10", "IND01/2026/26-30"]
    assert plan.quantity == 15


def test_plan_by_quantity_reports_the_shortfall():
    plan = plan_by_quantity([block(1, 10)], 11, A, B)
    assert isinstance(plan, Rejection) and plan.code is RejectionCode.QTY_EXCEEDS_BALANCE


def test_plan_by_serials_spans_adjacent_blocks_and_names_the_first_missing_serial():
    blocks = [block(1, 10), block(11, 20), block(21, 30, B)]
    whole = SerialRange(SPACE, SerialNumber(5), SerialNumber(15))
    plan = plan_by_serials(blocks, BySerials(whole), A, R, lambda _a: False)
    assert not isinstance(plan, Rejection) and plan.quantity == 11
    refused = plan_by_serials(blocks, BySerials(SerialRange(SPACE, SerialNumber(15), SerialNumber(25))), A, R, lambda _a: False)
    assert isinstance(refused, Rejection) and refused.code is RejectionCode.UNIT_NOT_HELD
    assert "IND01/2026/21" in refused.message
    gap = plan_by_serials([block(1, 10)], BySerials(SerialRange(SPACE, SerialNumber(5), SerialNumber(12))), A, R, lambda _a: False)
    assert isinstance(gap, Rejection) and "IND01/2026/11" in gap.message


def test_consumed_units_take_precedence_over_not_held():
    blocks = [block(1, 10, R), block(11, 20, B)]
    refused = plan_by_serials(blocks, BySerials(SerialRange(SPACE, SerialNumber(5), SerialNumber(15))), A, B, lambda a: a == R)
    assert isinstance(refused, Rejection) and refused.code is RejectionCode.UNIT_ALREADY_CONSUMED


def test_journal_hash_chains_and_refuses_floats():
    body = canonical_json({"b": 1, "a": [2, "x"]})
    assert body == '{"a":[2,"x"],"b":1}'
    assert chain_hash(GENESIS_HASH, body) != chain_hash("1" * 64, body)
    with pytest.raises(ValueError):
        canonical_json({"quantity": 1.5})


def test_sealed_entries_are_deterministic_for_the_same_content():
    from datetime import UTC, datetime

    at = datetime(2027, 6, 15, 9, 30, tzinfo=UTC)
    one = seal(registry=RegistryCode("IND01"), seq=1, prev_hash=GENESIS_HASH, recorded_at=at, idempotency_key="k",
               event={"event": "registry-created", "party": "IND", "name": "India"})
    two = seal(registry=RegistryCode("IND01"), seq=1, prev_hash=GENESIS_HASH, recorded_at=at, idempotency_key="k",
               event={"name": "India", "party": "IND", "event": "registry-created"})
    assert one == two and one.transaction_id == "IND01#1"


@given(first=st.integers(1, 10**12), size=st.integers(1, 10_000), data=st.data())
def test_any_split_or_carve_tiles_the_original_exactly(first, size, data):
    original = block(first, first + size - 1)
    quantity = data.draw(st.integers(1, size))
    lo = data.draw(st.integers(first, first + size - 1))
    hi = data.draw(st.integers(lo, first + size - 1))
    for pieces in (split_for_quantity(original, quantity, B), carve(original, lo, hi, B)):
        assert pieces[0].serial_first == original.serial_first and pieces[-1].serial_last == original.serial_last
        assert all(a.serial_last + 1 == b.serial_first for a, b in zip(pieces, pieces[1:], strict=False))
        assert sum(p.quantity for p in pieces) == original.quantity
        assert all(p.attributes == original.attributes for p in pieces)
    moved = [p for p in split_for_quantity(original, quantity, B) if p.account_id == B]
    assert len(moved) == 1 and moved[0].quantity == quantity and moved[0].serial_last == original.serial_last


def test_units_named_by_identifier_must_match_every_element():
    chosen = BySerials(SerialRange(SPACE, SerialNumber(1), SerialNumber(5)), CooperativeApproachId("CA0999"),
                       PartyCode("IND"))
    refused = plan_by_serials([block(1, 10)], chosen, A, B, lambda _a: False)
    assert isinstance(refused, Rejection) and refused.code is RejectionCode.UNIT_NOT_HELD
    assert "no unit CA0999-IND01-IND-1-2026" in refused.message
    right = BySerials(chosen.serials, CooperativeApproachId("CA0123"), PartyCode("IND"))
    assert not isinstance(plan_by_serials([block(1, 10)], right, A, B, lambda _a: False), Rejection)
