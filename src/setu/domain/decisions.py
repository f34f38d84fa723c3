"""The running total of units issued under one issuance decision in one registry."""

from __future__ import annotations

from dataclasses import dataclass

from setu.domain.codes import RegistryCode


@dataclass(frozen=True, slots=True)
class DecisionRecord:
    """What a decision allows in a registry (`decided_quantity`) and what has been issued under it."""

    registry: RegistryCode
    decision_id: str
    project_id: str
    decided_quantity: int
    issued_quantity: int
