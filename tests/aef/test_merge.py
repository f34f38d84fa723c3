"""`merge_blocks`: neighbours that are one block become one row; nothing else changes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from setu.domain.article6.aef_merge import merge_blocks
from setu.domain.article6.aef_model import ActionRow, HoldingRow
from setu.domain.article6.vocabulary import ActionType, Metric
from tests.aef.builders import block

DAY = date(2027, 2, 1)


def _transfer(first: int, last: int, **changes: object) -> ActionRow:
    row = ActionRow(DAY, ActionType.FIRST_TRANSFER, "IN-AUTH-1", block(first, last), acquiring_party="JPN")
    return replace(row, **changes)  # type: ignore[arg-type]


def test_contiguous_pieces_of_one_action_merge():
    rows = (_transfer(1, 500), _transfer(501, 1000), _transfer(1001, 1200))
    (merged,) = merge_blocks(rows)
    assert (merged.block.first_serial, merged.block.last_serial, merged.block.tonnes) == (1, 1200, 1200)
    assert (merged.block.first_unit_id, merged.block.last_unit_id) == ("IN-JP-001-000001", "IN-JP-001-001200")
    assert merged.block.quantity is None


def test_a_gap_another_day_or_another_party_keeps_rows_apart():
    rows = (_transfer(1, 500), _transfer(502, 600), _transfer(601, 700, action_date=date(2027, 2, 2)),
            _transfer(701, 800, acquiring_party="IND"), _transfer(801, 900, block=block(801, 900, vintage=2025)))
    assert merge_blocks(rows) == rows
    assert merge_blocks(()) == ()


def test_underlying_units_must_follow_on_too():
    jump = _transfer(501, 1000, block=block(501, 1000, first_unit_id="IN-JP-001-000777"))
    assert len(merge_blocks((_transfer(1, 500), jump))) == 2
    bare = [_transfer(a, b, block=block(a, b, first_unit_id=None, last_unit_id=None)) for a, b in ((1, 5), (6, 9))]
    assert len(merge_blocks(bare)) == 1
    assert len(merge_blocks((bare[0], _transfer(6, 9)))) == 2  # one with unit IDs, one without


def test_quantities_add_up_when_stated():
    a = HoldingRow("IN-AUTH-1", block(1, 10, metric=Metric.NON_GHG, non_ghg_metric="MWh", quantity=12,
                                      quantity_non_ghg=30))
    b = HoldingRow("IN-AUTH-1", block(11, 20, metric=Metric.NON_GHG, non_ghg_metric="MWh", quantity_non_ghg=5))
    (merged,) = merge_blocks((a, b))
    assert (merged.block.quantity, merged.block.quantity_non_ghg, merged.block.last_serial) == (22, 35, 20)


@given(st.lists(st.tuples(st.integers(1, 30), st.booleans(), st.booleans()), max_size=30))
def test_merging_keeps_every_serial_and_leaves_nothing_mergeable(pieces):
    rows, start = [], 1
    for size, gap, other_day in pieces:
        start += gap
        day = date(2027, 2, 2) if other_day else DAY
        rows.append(_transfer(start, start + size - 1, action_date=day,
                              block=block(start, start + size - 1, first_unit_id=None, last_unit_id=None)))
        start += size
    merged = merge_blocks(rows)
    serials = [s for r in rows for s in range(r.block.first_serial, r.block.last_serial + 1)]
    assert [s for r in merged for s in range(r.block.first_serial, r.block.last_serial + 1)] == serials
    assert sum(r.block.tonnes for r in merged) == len(serials)
    assert all(len(merge_blocks(pair)) == 2 for pair in zip(merged, merged[1:], strict=False))
