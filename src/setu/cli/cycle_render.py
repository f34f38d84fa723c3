"""How the project cycle looks on the terminal: outcomes, projects, events, issued shares, overdue steps.

Everything printed here is built as Rich `Text`, never parsed as markup or emoji codes: names, reasons,
file names and messages quoting them are the users' own text, and `[/x]` or `:a:` in them must print as
typed (parsed, they were altered, or crashed the command).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from setu.cli.render import console, errors
from setu.domain.cycle.deadlines import OpenStep
from setu.domain.cycle.documents import DocumentRecord, shown_filename
from setu.domain.cycle.issuance_plan import IssuedShare
from setu.domain.cycle.outcomes import CycleOutcome
from setu.domain.cycle.views import CycleEvent
from setu.services.cycle_queries import ProjectStatus, ProjectSummary

TICK = ("✔", "green")


def outcome(result: CycleOutcome, what: str) -> int:
    """Print a cycle outcome; return the exit code (0 accepted, 1 refused). Issued shares are tabled."""
    if result.rejection is not None:
        refusal(result.rejection.code.name, result.rejection.message)
        if result.replayed:
            _say(errors, f"(the first answer to idempotency key {result.idempotency_key!r}; nothing was retried)")
        return 1
    replay = " (already done under this idempotency key; nothing was done again)" if result.replayed else ""
    document = f" document {result.document_id}" if result.document_id else ""
    _say(console, TICK, f" {result.entry_id or ''} {what}{document}{replay}")
    if result.issued:
        issued(result.issued)
    return 0


def issued(shares: Iterable[IssuedShare], title: str = "Issued") -> None:
    table = Table(title=Text(title))
    for column in ("recipient", "account", "vintage", "t", "serials", "JCM credit serial"):
        table.add_column(column, justify="right" if column == "t" else "left")
    for s in shares:
        _row(table, s.recipient, s.account, str(s.vintage_year), f"{s.quantity_t:,}",
             f"{s.registry}/{s.vintage_year}/{s.serial_first}-{s.serial_last}", s.jcm_serial)
    console.print(table)


def projects(summaries: Iterable[ProjectSummary]) -> None:
    table = Table(title="Projects")
    for column in ("project", "name", "state", "monitoring periods"):
        table.add_column(column)
    for p in summaries:
        periods = ", ".join(f"{period}: {state.value}" for period, state in p.periods)
        _row(table, p.id, p.name, p.state.value, periods or "-")
    console.print(table)


def status(s: ProjectStatus) -> None:
    r = s.record
    _say(console, (r.id, "bold"), f" {r.name}")
    _say(console, f"methodology {r.methodology_id} v{r.methodology_version}, sectoral scope {r.sectoral_scope};"
                  f" participants: {', '.join(r.participants)}")
    _say(console, "state: ", (s.view.state.value, "bold"), f"; validated by {s.view.validator}" if s.view.validator else "")
    for period in s.view.periods:
        _say(console, f"  period {period.id}: {period.state.value}"
                      + (f"; verified by {period.verifier}" if period.verifier else ""))
    if s.documents:
        table = Table(title="Documents")
        for column in ("document", "form", "bytes", "file", "uploaded by", "at", "sha256"):
            table.add_column(column)
        for d in s.documents:
            _row(table, d.id, d.form.title, f"{d.size_bytes:,}", shown_filename(d), d.uploaded_by, d.uploaded_at,
                 d.sha256[:12])
        console.print(table)
    for issuance in s.issuances:
        label = f"{issuance.period_id}: decision {issuance.decision.decision_id}"
        if issuance.shares:
            issued(issuance.shares, f"Issued for {label} at {issuance.issued_at}")
        else:
            decided = ", ".join(f"{v}: {t:,} t" for v, t in issuance.decision.decided_t)
            _say(console, f"  {label} ({decided}), not yet issued")
    for step in s.open_steps:
        _say(console, f"  open step: {step.step}{_on(step)} owed by {step.owner}, due {step.due_at.isoformat()}")


def history(events: Iterable[CycleEvent], project_id: str) -> None:
    table = Table(title=Text(f"Cycle history of {project_id}"))
    for column in ("at (UTC)", "action", "period", "by", "as", "reason", "documents"):
        table.add_column(column)
    for e in events:
        _row(table, e.at.isoformat(timespec="seconds"), e.action.name, e.period_id or "-",
             f"{e.actor} ({e.organisation})", e.role.value, e.reason, "\n".join(e.documents))
    console.print(table)


def overdue(steps: tuple[OpenStep, ...], now: datetime) -> None:
    if not steps:
        _say(console, f"no step is overdue at {now.isoformat(timespec='seconds')}")
        return
    table = Table(title=Text(f"Overdue at {now.isoformat(timespec='seconds')}"))
    for column in ("project", "period", "step", "owed by", "started", "due", "days late"):
        table.add_column(column, justify="right" if column == "days late" else "left")
    for s in steps:
        _row(table, s.project_id, s.period_id or "-", s.step, s.owner, s.started_at.date().isoformat(),
             s.due_at.date().isoformat(), str(s.days_overdue(now)))
    console.print(table)


def written(d: DocumentRecord, target: Path) -> None:
    _say(console, TICK, f" {d.id} ({d.size_bytes:,} bytes, sha256 {d.sha256}) written to {target}")


def refusal(code: str, message: str) -> None:
    """`CODE: message` on stderr."""
    _say(errors, (code, "bold red"), f": {message}")


def usage_error(message: str) -> None:
    """`error: message` on stderr, as `setu.cli.app.main` prints unusable input."""
    _say(errors, f"error: {message}")


def _say(where: Console, *parts: str | tuple[str, str]) -> None:
    where.print(Text.assemble(*parts), soft_wrap=True)


def _row(table: Table, *cells: str) -> None:
    table.add_row(*(Text(cell) for cell in cells))


def _on(step: OpenStep) -> str:
    return f" of period {step.period_id}" if step.period_id else ""
