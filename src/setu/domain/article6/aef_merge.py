"""Merge adjacent AEF rows that describe one contiguous block: one row per homogeneous block (§4.3).

The ledger splits blocks whenever part of one moves, so a year's actions often arrive as runs of pieces
that went the same way on the same day (`1-500` and `501-1000`, both first transferred to JPN on
2 Feb). The AEF wants one row for such a run. Two neighbouring rows merge when every attribute but the
serial range and the quantities is equal and the second range starts right after the first; the
underlying units must then be contiguous too (same prefix, next number), or be absent from both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from typing import TypeVar

from setu.domain.article6.aef_model import ActionRow, HoldingRow, ItmoBlock

Row = TypeVar("Row", ActionRow, HoldingRow)
_TRAILING_NUMBER = re.compile(r"(.*?)(\d+)")


def merge_blocks(rows: Iterable[Row]) -> tuple[Row, ...]:
    """The rows in the same order, each run of mergeable neighbours replaced by one row."""
    merged: list[Row] = []
    for row in rows:
        if merged:
            joined = _joined(merged[-1], row)
            if joined is not None:
                merged[-1] = joined
                continue
        merged.append(row)
    return tuple(merged)


def _joined(first: Row, second: Row) -> Row | None:
    """`first` extended by `second`, or None when they are not one block."""
    a, b = first.block, second.block
    if b.first_serial != a.last_serial + 1:
        return None
    if replace(first, block=a) != replace(second, block=a):  # everything but the block is equal
        return None
    if _block_attributes(a) != _block_attributes(b):
        return None
    if not _contiguous_units(a, b):
        return None
    if (a.quantity_non_ghg is None) != (b.quantity_non_ghg is None):
        return None
    block = replace(
        a,
        last_serial=b.last_serial,
        quantity=None if a.quantity is None and b.quantity is None else a.tonnes + b.tonnes,
        last_unit_id=b.last_unit_id,
        quantity_non_ghg=None if a.quantity_non_ghg is None else a.quantity_non_ghg + (b.quantity_non_ghg or 0),
    )
    return replace(first, block=block)


def _block_attributes(block: ItmoBlock) -> ItmoBlock:
    """The block with its range-dependent fields blanked, for comparing what must be identical."""
    return replace(block, first_serial=0, last_serial=0, quantity=None, first_unit_id=None, last_unit_id=None,
                   quantity_non_ghg=None)


def _contiguous_units(a: ItmoBlock, b: ItmoBlock) -> bool:
    """Both without underlying unit IDs, or `b`'s first unit directly follows `a`'s last one."""
    ids = (a.first_unit_id, a.last_unit_id, b.first_unit_id, b.last_unit_id)
    if all(i is None for i in ids):
        return True
    if any(i is None for i in ids):
        return False
    last, following = _TRAILING_NUMBER.fullmatch(a.last_unit_id or ""), _TRAILING_NUMBER.fullmatch(b.first_unit_id or "")
    if last is None or following is None or last[1] != following[1]:
        return False
    same_width = len(last[2]) == len(following[2])
    unpadded = not last[2].startswith("0") and not following[2].startswith("0")
    return int(following[2]) == int(last[2]) + 1 and (same_width or unpadded)
