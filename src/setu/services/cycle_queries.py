"""Read-only views of the cycle: one project's status, the list of projects, and the overdue steps.

Every answer is folded from the projects' chains inside one read-only snapshot, so it is exactly what
the history says. `overdue` folds every project; fine for a registry of thousands of projects, and the
place to add an index of open steps if that ever stops being true.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from setu.domain.cycle.chain import project_stream
from setu.domain.cycle.checks import CycleRules
from setu.domain.cycle.deadlines import OpenStep, open_steps, overdue_steps
from setu.domain.cycle.documents import DocumentRecord
from setu.domain.cycle.history import ProjectHistory, ProjectRecord, fold
from setu.domain.cycle.issuance_plan import PeriodIssuance
from setu.domain.cycle.rejections import CycleCode
from setu.domain.cycle.states import PeriodState, ProjectState
from setu.domain.cycle.views import CycleEvent, ProjectView
from setu.services.cycle_execution import refuse
from setu.services.ports import UnitOfWork, UnitOfWorkFactory

DEFAULT_RULES = CycleRules()


@dataclass(frozen=True, slots=True)
class ProjectStatus:
    """A project as its chain tells it: the view, every event, every document version, each period's issuance."""

    record: ProjectRecord
    view: ProjectView
    events: tuple[CycleEvent, ...]
    documents: tuple[DocumentRecord, ...]
    issuances: tuple[PeriodIssuance, ...]
    open_steps: tuple[OpenStep, ...]


@dataclass(frozen=True, slots=True)
class ProjectSummary:
    id: str
    name: str
    state: ProjectState
    periods: tuple[tuple[str, PeriodState], ...]


def _history(uow: UnitOfWork, record: ProjectRecord, rules: CycleRules) -> ProjectHistory:
    return fold(record, uow.cycle.entries(project_stream(record.id)), rules.public_input_days)


def project_status(new_uow: UnitOfWorkFactory, project_id: str, *, rules: CycleRules = DEFAULT_RULES) -> ProjectStatus:
    """Everything about one project; PROJECT_NOT_FOUND (raised as `CycleRejected`) if there is none."""
    with new_uow(read_only=True) as uow:
        record = uow.cycle.project(project_id, lock=False)
        if record is None:
            raise refuse(CycleCode.PROJECT_NOT_FOUND, f"project {project_id} does not exist")
        history = _history(uow, record, rules)
        documents = tuple(uow.cycle.documents(project_id))
        issuances = tuple(uow.cycle.period_issuance(project_id, p.id, lock=False) for p in history.view.periods)
    return ProjectStatus(record, history.view, history.events, documents, tuple(i for i in issuances if i is not None),
                         open_steps(history.view, history.events, rules))


def list_projects(new_uow: UnitOfWorkFactory, *, rules: CycleRules = DEFAULT_RULES) -> tuple[ProjectSummary, ...]:
    """Every project with its state and its periods' states, by project id."""
    with new_uow(read_only=True) as uow:
        histories = [_history(uow, record, rules) for record in uow.cycle.projects()]
    return tuple(
        ProjectSummary(h.record.id, h.record.name, h.view.state, tuple((p.id, p.state) for p in h.view.periods))
        for h in histories
    )


def overdue(
    new_uow: UnitOfWorkFactory, *, now: datetime | None = None, rules: CycleRules = DEFAULT_RULES
) -> tuple[OpenStep, ...]:
    """Steps past their time limit at `now` (default: the unit of work's clock), most overdue first.

    What counts as a step and when it is due is `domain/cycle/deadlines.py`."""
    with new_uow(read_only=True) as uow:
        moment = now or uow.now()
        histories = [_history(uow, record, rules) for record in uow.cycle.projects()]
    steps = [s for h in histories for s in overdue_steps(h.view, h.events, rules, moment)]
    return tuple(sorted(steps, key=lambda s: (s.due_at, s.project_id, s.period_id or "")))
