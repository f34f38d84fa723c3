"""Turn a movement plan into the block changes of an Article 6 action.

The ledger's planners (`movement_plan`) cut the touched units out of their blocks for a receiver. Article 6
actions plan for the placeholder receiver `SELECTED`, then `settle` gives those pieces their real holder
(the same account for an authorization) and the attributes the action's `Effect` sets. Pieces outside
the selection keep their holder and attributes, so a split never loses a block's state.
"""

from __future__ import annotations

from dataclasses import replace

from setu.domain.article6.unit_rules import Effect
from setu.domain.blocks import UnitBlock
from setu.domain.codes import AccountId
from setu.domain.movement_plan import BlockChange, MovePlan

SELECTED = AccountId("~selected")
"""The receiver Article 6 actions plan for; never an account id (ids are `IND01-7`)."""


def selected_pieces(plan: MovePlan) -> tuple[UnitBlock, ...]:
    """The pieces the action touches, with the attributes they had before it."""
    return tuple(p for c in plan.changes for p in c.pieces if p.account_id == SELECTED)


def settle(plan: MovePlan, holder: AccountId, effect: Effect) -> tuple[BlockChange, ...]:
    """The block changes that give the selected pieces to `holder` with the effect's attributes."""
    return tuple(
        BlockChange(c.original, tuple(
            replace(p, account_id=holder, attributes=effect.apply(p.attributes)) if p.account_id == SELECTED else p
            for p in c.pieces
        ))
        for c in plan.changes
    )
