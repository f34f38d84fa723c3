"""How outcomes, holdings and history look on the terminal and in `--json`."""

from __future__ import annotations

import json
import sys

from pydantic import BaseModel
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from setu.domain.identifiers import block_identifier_strings
from setu.domain.outcomes import Outcome
from setu.services.queries import HistoryLine, Holdings

# Off a terminal (pipes, CI logs) Rich would wrap at 80 columns; ledger lines read better unwrapped.
console = Console(highlight=False, emoji=False, width=None if sys.stdout.isatty() else 200)
errors = Console(stderr=True, highlight=False, emoji=False, width=None if sys.stderr.isatty() else 200)


def outcome(result: Outcome, what: str) -> int:
    """Print an outcome; return the exit code (0 accepted, 1 rejected)."""
    if result.rejection is not None:
        errors.print(f"[bold red]{result.rejection.code.name}[/]: {escape(result.rejection.message)}", markup=True,
                     soft_wrap=True)
        if result.replayed:
            errors.print(f"(the first answer to idempotency key {result.idempotency_key!r}; nothing was retried)",
                         markup=False)
        return 1
    ranges = ", ".join(str(r) for r in result.ranges)
    detail = f" {result.quantity} t {ranges}" if result.ranges else ""
    account = f" {result.account_id}" if result.account_id else ""
    replay = " (already done under this idempotency key; nothing moved again)" if result.replayed else ""
    console.print(f"[green]✔[/] {escape(f'{result.transaction_id} {what}{account}{detail}{replay}')}", soft_wrap=True)
    return 0


class BlockView(BaseModel):
    """One block in `setu holdings --json`."""

    serials: str
    quantity: int
    first_identifier: str
    last_identifier: str
    unit_kind: str
    cooperative_approach_id: str
    originating_registry: str
    first_transferring_party: str
    vintage_year: int
    project_id: str
    monitoring_period_id: str
    authorization_id: str | None
    first_transferred: bool


class AccountView(BaseModel):
    """One account in `setu holdings --json`."""

    account: str
    registry: str
    type: str
    status: str
    holder: str
    quantity: int
    blocks: list[BlockView]


def holdings_views(data: Holdings) -> list[AccountView]:
    views = []
    for account in data.accounts:
        blocks = []
        for b in data.blocks.get(account.id, ()):
            first_id, last_id = block_identifier_strings(b)
            a = b.attributes
            blocks.append(BlockView(
                serials=str(b.serials), quantity=b.quantity, first_identifier=first_id, last_identifier=last_id,
                unit_kind=a.unit_kind.value, cooperative_approach_id=a.cooperative_approach_id,
                originating_registry=a.originating_registry, first_transferring_party=a.first_transferring_party,
                vintage_year=a.vintage_year, project_id=a.project_id, monitoring_period_id=a.monitoring_period_id,
                authorization_id=a.authorization_id, first_transferred=a.first_transferred,
            ))
        views.append(AccountView(
            account=account.id, registry=account.registry, type=account.type.value, status=account.status.value,
            holder=account.holder, quantity=data.total(account.id), blocks=blocks,
        ))
    return views


def holdings(data: Holdings, *, as_json: bool) -> None:
    views = holdings_views(data)
    if as_json:
        print(json.dumps([v.model_dump() for v in views], indent=2, ensure_ascii=False))
        return
    table = Table(title="Holdings", show_lines=False)
    for column in ("account", "type", "status", "holder", "t", "serials", "kind", "project / period"):
        table.add_column(column, justify="right" if column == "t" else "left")
    for v in views:
        table.add_row(v.account, v.type, v.status, v.holder, f"{v.quantity:,}", "", "", "", style="bold")
        for b in v.blocks:
            kind = f"{b.unit_kind} ({b.authorization_id})" if b.authorization_id else b.unit_kind  # as --json says
            table.add_row("", "", "", "", f"{b.quantity:,}", b.serials, kind, f"{b.project_id} / {b.monitoring_period_id}")
    console.print(table)


def history(lines: list[HistoryLine], label: str) -> None:
    table = Table(title=f"History of {label}")
    for column in ("transaction", "recorded (UTC)", "event", "from", "to", "block moved"):
        table.add_column(column)
    for line in lines:
        m = line.movement
        table.add_row(m.transaction_id, line.recorded_at, m.event, m.source or "(issued)", m.destination, str(m.serials))
    console.print(table)
