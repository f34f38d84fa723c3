"""What every AEF cross-record check shares: the reports, Table 2 by ID, row labels and times.

`CheckContext` is built once per `check_consistency` call. It resolves an action's authorization
(own Table 2, else the counterpart's when the counterpart is the first-transferring Party), orders
actions in time (`action_time`), and says which rows have a usable serial range (X3 passed) so the
interval checks never trip over a range that X3 already reported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from setu.domain.article6.aef_findings import AefCode, AefFinding, Severity
from setu.domain.article6.aef_model import ActionRow, AefReport, AuthorizationRow, HoldingRow, ItmoBlock
from setu.domain.article6.vocabulary import ActionType

R = TypeVar("R")

RULE_CODES: dict[str, AefCode] = {
    "X1": AefCode.AUTH_NOT_FOUND,
    "X2": AefCode.ENTITY_NOT_AUTHORIZED,
    "X3": AefCode.QTY_INVALID,
    "X4": AefCode.UNIT_MULTIPLE_HOLDINGS,
    "X5": AefCode.UNIT_ALREADY_CONSUMED,
    "X6": AefCode.UNIT_TYPE_INVALID,
    "X7": AefCode.FIELD_CONDITION,
    "X8": AefCode.FIELD_VOCABULARY,
    "X9": AefCode.FIELD_RESERVED,
    "X10": AefCode.QTY_INVALID,
    "X11": AefCode.UNIT_ALREADY_CONSUMED,
    "X12": AefCode.FIRST_TRANSFER_STATE,
    "X13": AefCode.RECONCILIATION_DISCREPANCY,
    "X14": AefCode.PERIOD_INVALID,
    "X15": AefCode.AUTHORIZED_LIMIT_EXCEEDED,
    "X16": AefCode.UNIT_NOT_HELD,
    "X17": AefCode.FIRST_TRANSFER_DEFINITION,
    "X18": AefCode.FIRST_TRANSFER_STATE,
}
"""The validation-vocabulary code of each cross-record check (`article6.md` §8.3)."""

CONSUMING = frozenset({ActionType.USE, ActionType.CANCELLATION, ActionType.VOLUNTARY_CANCELLATION})
"""Actions after which a unit is gone for good (§1.1 `USED` / `CANCELLED`)."""

_RANK = {
    ActionType.AUTHORIZATION: 0, ActionType.ACQUISITION: 1, ActionType.FIRST_TRANSFER: 2, ActionType.TRANSFER: 3,
    ActionType.USE: 4, ActionType.CANCELLATION: 5, ActionType.VOLUNTARY_CANCELLATION: 5,
}

BEFORE_THE_YEAR = -1
"""The time of the previous report's holdings and actions: before every action of this report."""

SpaceKey = tuple[str, str, str, int]
"""A serial space: (cooperative approach, originating registry, first-transferring Party, vintage)."""


def action_time(row: ActionRow) -> int:
    """An integer ordering actions: by date, then on one date in lifecycle order.

    On one day an authorization precedes an acquisition, which precedes a first transfer, a transfer
    and a use or cancellation, so that an OIMP first transfer defined as "use or cancellation" and the
    use it records, reported with the same date, read in the only order that makes sense.
    """
    return row.action_date.toordinal() * 8 + _RANK[row.action_type]


def space(block: ItmoBlock) -> SpaceKey:
    """The serial space of a block (§3.4): its serials are unique within it."""
    return (block.cooperative_approach_id, block.originating_registry, block.first_transferring_party, block.vintage)


def has_range(block: ItmoBlock) -> bool:
    """The block's serial range is usable: 1 <= First ID <= Last ID (X3)."""
    return 1 <= block.first_serial <= block.last_serial


_ABSENT = frozenset({"", "NA"})


def given(value: object) -> bool:
    """A conditional field holds a value: not None, blank or the literal `NA` (§4.4)."""
    return value is not None and value not in _ABSENT


def serials(first: int, last: int) -> str:
    return f"serial {first}" if first == last else f"serials {first}-{last}"


def block_label(block: ItmoBlock) -> str:
    """`CA0123-IND01-IND-1-2026 to CA0123-IND01-IND-60000-2026`: the row's identifiers (§3.2)."""
    return f"{block.first_identifier} to {block.last_identifier}"


def action_label(row: ActionRow) -> str:
    """`First transfer of 15/06/2027 CA0123-… to CA0123-… (authorization X, registry IND01)`."""
    return (f"{row.action_type.value} of {row.action_date:%d/%m/%Y} {block_label(row.block)}"
            f" (authorization {row.authorization_id}, registry {row.block.registry})")


def holding_label(row: HoldingRow) -> str:
    return f"holding {block_label(row.block)} (authorization {row.authorization_id}, registry {row.block.registry})"


def row_label(row: ActionRow | HoldingRow) -> str:
    """`action_label` or `holding_label`, whichever `row` is."""
    return action_label(row) if isinstance(row, ActionRow) else holding_label(row)


class AuthorizationIndex:
    """Table 2 by Authorization ID, versions in ascending order."""

    __slots__ = ("_versions", "_first_dates")

    def __init__(self, rows: tuple[AuthorizationRow, ...]) -> None:
        versions: dict[str, list[AuthorizationRow]] = {}
        for row in rows:
            versions.setdefault(row.authorization_id, []).append(row)
        self._versions = {key: sorted(rows, key=lambda r: r.version) for key, rows in versions.items()}
        self._first_dates = {key: min(r.authorization_date for r in rows) for key, rows in versions.items()}

    def __contains__(self, authorization_id: str) -> bool:
        return authorization_id in self._versions

    def ids(self) -> list[str]:
        return list(self._versions)

    def latest(self, authorization_id: str) -> AuthorizationRow | None:
        """The highest version (whose `Authorized quantity` is the cap in force)."""
        rows = self._versions.get(authorization_id)
        return rows[-1] if rows else None

    def in_force(self, authorization_id: str, on: date) -> AuthorizationRow | None:
        """The highest version dated on or before `on`; the latest version when all are later."""
        rows = self._versions.get(authorization_id)
        if not rows:
            return None
        dated = [row for row in rows if row.authorization_date <= on]
        return max(dated, key=lambda r: r.version) if dated else rows[-1]

    def first_date(self, authorization_id: str) -> date | None:
        """The date of the earliest version."""
        return self._first_dates.get(authorization_id)


@dataclass(frozen=True, slots=True)
class RowIndex:
    """Per-row facts of one table (Actions or Holdings), computed once: the interval checks' raw material."""

    spaces: tuple[SpaceKey, ...]
    firsts: tuple[int, ...]
    lasts: tuple[int, ...]
    usable: tuple[bool, ...]
    """The row's serial range passes X3."""

    @classmethod
    def of(cls, rows: tuple[ActionRow, ...] | tuple[HoldingRow, ...]) -> RowIndex:
        blocks = [row.block for row in rows]
        firsts = tuple(b.first_serial for b in blocks)
        lasts = tuple(b.last_serial for b in blocks)
        return cls(
            tuple((b.cooperative_approach_id, b.originating_registry, b.first_transferring_party, b.vintage)
                  for b in blocks),
            firsts, lasts, tuple(1 <= f <= last for f, last in zip(firsts, lasts, strict=True)),
        )

    def spans(self, indices: Iterable[int], value: Callable[[int], R] | None = None) -> dict[SpaceKey, list]:
        """`(first, last, value(i))` of the usable rows among `indices` (value: the index itself), per space."""
        grouped: dict[SpaceKey, list] = {}
        spaces, firsts, lasts, usable = self.spaces, self.firsts, self.lasts, self.usable
        for i in indices:
            if usable[i]:
                group = grouped.get(spaces[i])
                if group is None:
                    group = grouped[spaces[i]] = []
                group.append((firsts[i], lasts[i], i if value is None else value(i)))
        return grouped


def rows_of_type(rows: tuple[ActionRow, ...], *kinds: ActionType) -> list[int]:
    """Indices of the rows whose action type is one of `kinds`."""
    wanted = frozenset(kinds)
    return [i for i, row in enumerate(rows) if row.action_type in wanted]


@dataclass(frozen=True, slots=True)
class CheckContext:
    """The reports under check and what the checks derive from them once."""

    report: AefReport
    previous: AefReport | None
    counterpart: AefReport | None
    finalization: bool
    authorizations: AuthorizationIndex
    counterpart_authorizations: AuthorizationIndex | None
    times: tuple[int, ...]
    """`action_time` of each of `report.actions`."""
    actions: RowIndex
    holdings: RowIndex
    _indexes: dict[int, RowIndex] = field(default_factory=dict)
    _resolved: dict[tuple[str, str, date | None], AuthorizationRow | None] = field(default_factory=dict)

    @classmethod
    def build(cls, report: AefReport, previous: AefReport | None, counterpart: AefReport | None,
              finalization: bool) -> CheckContext:
        return cls(
            report, previous, counterpart, finalization, AuthorizationIndex(report.authorizations),
            AuthorizationIndex(counterpart.authorizations) if counterpart is not None else None,
            tuple(action_time(row) for row in report.actions),
            RowIndex.of(report.actions), RowIndex.of(report.holdings),
        )

    def order(self, i: int) -> int:
        """A key ordering action `i` strictly: by `action_time`, then by row; `order(i) % ordinal_base == i`."""
        return self.times[i] * self.ordinal_base + i

    @property
    def ordinal_base(self) -> int:
        return len(self.times) + 1

    def index(self, rows: tuple[ActionRow, ...] | tuple[HoldingRow, ...]) -> RowIndex:
        """The `RowIndex` of any table of the given reports, built once."""
        if rows is self.report.actions:
            return self.actions
        if rows is self.report.holdings:
            return self.holdings
        found = self._indexes.get(id(rows))
        if found is None:
            found = self._indexes[id(rows)] = RowIndex.of(rows)
        return found

    @property
    def party(self) -> str:
        return self.report.submission.party

    @property
    def year(self) -> int:
        return self.report.submission.reported_year

    def index_for(self, block: ItmoBlock) -> AuthorizationIndex | None:
        """The Table 2 in which `block`'s authorization must appear, or None when no given report has it.

        A Party's own units are authorized in its own Table 2; units another Party first transferred
        carry that Party's authorization, found in the counterpart's Table 2 when the counterpart is
        that Party. Otherwise the question cannot be decided from the given reports.
        """
        if block.first_transferring_party == self.party:
            return self.authorizations
        if self.counterpart is not None and block.first_transferring_party == self.counterpart.submission.party:
            return self.counterpart_authorizations
        return None

    def authorization(self, row: ActionRow | HoldingRow, on: date | None = None) -> AuthorizationRow | None:
        """The Table 2 row of `row`'s authorization (in force on `on`, else the latest), or None."""
        key = (row.authorization_id, row.block.first_transferring_party, on)
        if key in self._resolved:
            return self._resolved[key]
        found = None
        for index in (self.authorizations, self.index_for(row.block)):
            if index is not None and row.authorization_id in index:
                found = index.latest(row.authorization_id) if on is None else index.in_force(row.authorization_id, on)
                break
        self._resolved[key] = found
        return found

    def finding(self, rule: str, message: str, source: str | None = None,
                severity: Severity = Severity.ERROR) -> AefFinding:
        return AefFinding(RULE_CODES[rule], rule, message, source, severity)
