"""Eligibility checklists: named conditions over a project's declared facts, each explained when it fails.

A JCM methodology states its eligibility criteria as a checklist (`jcm.md` §3). Here each criterion is a
small predicate over the facts a project declares in its project file (`technology: centrifugal chiller`,
`cooling_capacity_usrt: 500`), so a failure can say exactly which fact is wrong and what was required.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import Enum

FactValue = str | int | bool | Decimal


class Predicate:
    """A checkable condition; `explain` says why it fails, or returns None when it holds."""

    fact: str

    def explain(self, value: FactValue) -> str | None:
        raise NotImplementedError

    def describe(self) -> str:
        raise NotImplementedError


@dataclass(frozen=True, slots=True)
class IsTrue(Predicate):
    """The fact is declared `true`."""

    fact: str

    def explain(self, value: FactValue) -> str | None:
        return None if value is True else f"{self.fact} is {value!r}, must be true"

    def describe(self) -> str:
        return f"{self.fact} is true"


@dataclass(frozen=True, slots=True)
class OneOf(Predicate):
    """The fact is one of the listed values (case-insensitive for text)."""

    fact: str
    values: tuple[str, ...]

    def explain(self, value: FactValue) -> str | None:
        if str(value).strip().lower() in {v.lower() for v in self.values}:
            return None
        return f"{self.fact} is {value!r}, must be one of: {', '.join(self.values)}"

    def describe(self) -> str:
        return f"{self.fact} in ({', '.join(self.values)})"


def _number(fact: str, value: FactValue) -> Decimal | str:
    if isinstance(value, bool):
        return f"{fact} is {value!r}, must be a number"
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return f"{fact} is {value!r}, must be a number"
    return number if number.is_finite() else f"{fact} is {value!r}, must be a finite number"


@dataclass(frozen=True, slots=True)
class AtLeast(Predicate):
    """The fact is a number of at least `bound` (in the unit the fact's name states)."""

    fact: str
    bound: str

    def explain(self, value: FactValue) -> str | None:
        number = _number(self.fact, value)
        if isinstance(number, str):
            return number
        return None if number >= Decimal(self.bound) else f"{self.fact} is {value}, must be at least {self.bound}"

    def describe(self) -> str:
        return f"{self.fact} ≥ {self.bound}"


@dataclass(frozen=True, slots=True)
class AtMost(Predicate):
    """The fact is a number of at most `bound`."""

    fact: str
    bound: str

    def explain(self, value: FactValue) -> str | None:
        number = _number(self.fact, value)
        if isinstance(number, str):
            return number
        return None if number <= Decimal(self.bound) else f"{self.fact} is {value}, must be at most {self.bound}"

    def describe(self) -> str:
        return f"{self.fact} ≤ {self.bound}"


@dataclass(frozen=True, slots=True)
class Criterion:
    """One checklist item: its number as the methodology numbers it, its wording, and its conditions."""

    id: str
    text: str
    conditions: tuple[Predicate, ...]


@dataclass(frozen=True, slots=True)
class CriterionResult:
    """A checked criterion: passed, failed (with reasons) or undecided because facts are missing."""

    criterion: Criterion
    failures: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.failures and not self.missing

    def explanation(self) -> str:
        reasons = list(self.failures) + [f"{fact} is not declared" for fact in self.missing]
        return "; ".join(reasons) if reasons else "met"


def check_criteria(criteria: tuple[Criterion, ...], facts: dict[str, FactValue]) -> list[CriterionResult]:
    """Check every criterion against the declared facts; nothing short-circuits, so all reasons show."""
    results = []
    for criterion in criteria:
        failures: list[str] = []
        missing: list[str] = []
        for condition in criterion.conditions:
            if condition.fact not in facts:
                missing.append(condition.fact)
                continue
            reason = condition.explain(facts[condition.fact])
            if reason:
                failures.append(reason)
        results.append(CriterionResult(criterion, tuple(failures), tuple(missing)))
    return results


class NdaiapaStatus(Enum):
    """How a methodology's activity stands against India's Article 6.2 activity list."""

    LISTED = "listed"
    CONDITIONAL = "listed only in part"
    UNCONFIRMED = "needs NDAIAPA confirmation"
    NOT_LISTED = "not listed"


@dataclass(frozen=True, slots=True)
class NdaiapaFit:
    """A methodology's likely place on the NDAIAPA list (`jcm.md` §8), with the reasoning."""

    status: NdaiapaStatus
    activities: tuple[int, ...]
    note: str
