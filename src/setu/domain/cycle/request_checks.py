"""FIELD_INVALID: the syntax of every cycle request, checked before anything is looked up.

Identifiers of projects and periods are 1-40 letters, digits, '.', '_' or '-' (short enough that the
ledger keys derived from them fit in 128 characters, and free of '/', which separates the parts of a
document id). The first field that breaks its rule is reported, in the order the request lists them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from setu.domain.blocks import FIRST_VINTAGE_YEAR, LAST_VINTAGE_YEAR
from setu.domain.codes import free_identifier, registry_code, split_account_id
from setu.domain.cycle.claims import subject_key
from setu.domain.cycle.rejections import CycleCode, CycleRejection
from setu.domain.cycle.requests import (
    DETAILS_FOR,
    CreateProject,
    GrantRole,
    IssuanceDecision,
    MonitoringDetails,
    TakeAction,
    UploadDocument,
    VintageAmounts,
)
from setu.domain.cycle.roles import ANY_SCOPE, PROJECT_ROLES, REGISTRY_ROLES, Role
from setu.domain.cycle.transitions import Subject

MAX_DOCUMENT_BYTES = 64 * 1024 * 1024
MAX_REASON = 2000
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}")
_USER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@+-]{0,119}")
_SECTORAL_SCOPE = re.compile(r"[1-9]|1[0-5]")  # the JCM's 15 sectoral scopes
_VERSION = re.compile(r"\d{1,4}(\.\d{1,4}){0,3}")
_SUBJECT = re.compile(r"(meter|facility):[A-Za-z0-9][A-Za-z0-9._/-]{0,119}")


class _Invalid(Exception):
    pass


def _require(ok: bool, message: str) -> None:
    if not ok:
        raise _Invalid(message)


def _text(value: object, field: str, limit: int = 200) -> None:
    ok = isinstance(value, str) and value.strip() != "" and len(value) <= limit and value.isprintable()
    _require(ok, f"{field}: {value!r} must be 1-{limit} printable characters, not all blank")


def _ident(value: object, field: str, pattern: re.Pattern[str] = _ID) -> None:
    _require(isinstance(value, str) and pattern.fullmatch(value) is not None, f"{field}: {value!r} is not a valid identifier")


def _amounts(amounts: VintageAmounts, field: str) -> None:
    _require(len(amounts) > 0, f"{field}: at least one vintage is needed")
    vintages = [v for v, _ in amounts]
    _require(len(set(vintages)) == len(vintages), f"{field}: a vintage is listed twice")
    for vintage, tonnes in amounts:
        _require(type(vintage) is int and FIRST_VINTAGE_YEAR <= vintage <= LAST_VINTAGE_YEAR,
                 f"{field}: vintage {vintage!r} is outside {FIRST_VINTAGE_YEAR}-{LAST_VINTAGE_YEAR}")
        _require(type(tonnes) is int and 0 <= tonnes < 2**63, f"{field}: {tonnes!r} t for {vintage} is not whole tonnes >= 0")


def _spans(years: set[int]) -> str:
    """`{2026, 2027, 2030}` -> `'2026-2027, 2030'`."""
    runs: list[list[int]] = []
    for year in sorted(years):
        if runs and runs[-1][-1] == year - 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)


def _guard(check: Callable[[], None]) -> CycleRejection | None:
    try:
        check()
    except _Invalid as problem:
        return CycleRejection(CycleCode.FIELD_INVALID, str(problem))
    except ValueError as problem:  # the ledger's identifier rules raise ValueError naming the field
        return CycleRejection(CycleCode.FIELD_INVALID, str(problem))
    return None


def check_grant_request(request: GrantRole) -> CycleRejection | None:
    """The grant's user, organisation, scope and (for a TPE only) designated sectoral scopes. A participant's
    role is granted for one project and a registry manager's for one registry, never for `*`."""
    def check() -> None:
        g = request.grant
        _ident(request.granted_by, "granted_by", _USER)
        _ident(g.user, "user", _USER)
        _text(g.organisation, "organisation")
        _require(isinstance(g.role, Role) and g.role is not Role.PUBLIC, f"role: {g.role!r} cannot be granted")
        if g.role in PROJECT_ROLES:
            _require(g.scope != ANY_SCOPE, f"scope: a {g.role.value} is granted for one project, not {ANY_SCOPE}")
            _ident(g.scope, "scope")
        elif g.role in REGISTRY_ROLES:
            _require(g.scope != ANY_SCOPE,
                     f"scope: a {g.role.value} is granted for the registry it manages (e.g. IND01), not {ANY_SCOPE}")
            registry_code(g.scope, field="scope")
        elif g.scope != ANY_SCOPE:
            _ident(g.scope, "scope")
        if g.role is Role.TPE:
            _require(len(g.sectoral_scopes) > 0, "sectoral_scopes: a TPE is designated for at least one sectoral scope")
        else:
            _require(g.sectoral_scopes == (), f"sectoral_scopes: only a TPE has them, not a {g.role.value}")
        for scope in g.sectoral_scopes:
            _ident(scope, "sectoral_scopes", _SECTORAL_SCOPE)
    return _guard(check)


def check_create_request(request: CreateProject) -> CycleRejection | None:
    """Project id, name, methodology reference, sectoral scope and participants."""
    def check() -> None:
        _ident(request.user, "user", _USER)
        _ident(request.project_id, "project_id")
        _text(request.name, "name")
        _ident(request.methodology_id, "methodology_id")
        _ident(request.methodology_version, "methodology_version", _VERSION)
        _ident(request.sectoral_scope, "sectoral_scope", _SECTORAL_SCOPE)
        _require(len(request.participants) > 0, "participants: a project has at least one participant")
        for name in request.participants:
            _text(name, "participants")
        _require(len(set(request.participants)) == len(request.participants), "participants: a name is listed twice")
    return _guard(check)


def check_upload_request(request: UploadDocument) -> CycleRejection | None:
    """Project and period ids, a plain file name, and a non-empty file of at most 64 MiB."""
    def check() -> None:
        _ident(request.user, "user", _USER)
        _ident(request.project_id, "project_id")
        if request.period_id is not None:
            _ident(request.period_id, "period_id")
        _text(request.filename, "filename")
        _require("/" not in request.filename and "\\" not in request.filename, "filename: a name, not a path")
        _require(isinstance(request.content, bytes) and 0 < len(request.content) <= MAX_DOCUMENT_BYTES,
                 f"content: a file of 1 byte to {MAX_DOCUMENT_BYTES} bytes is needed")
    return _guard(check)


def check_action_request(request: TakeAction) -> CycleRejection | None:
    """Ids, reason, documents, whether a period may be named, and the shape of the action's figures."""
    def check() -> None:
        _ident(request.user, "user", _USER)
        _ident(request.project_id, "project_id")
        _text(request.reason, "reason", MAX_REASON)
        if request.period_id is not None:
            _require(request.action.transition.subject is Subject.PERIOD,
                     f"period_id: {request.action.name} acts on the project, not on a period")
            _ident(request.period_id, "period_id")
        for document in request.documents:
            _text(document, "documents")
        _require(len(set(request.documents)) == len(request.documents), "documents: a document is named twice")
        _details(request)
    return _guard(check)


def _details(request: TakeAction) -> None:
    wanted = DETAILS_FOR.get(request.action)
    details = request.details
    if wanted is None:
        _require(details is None, f"details: {request.action.name} carries no figures")
        return
    _require(isinstance(details, wanted), f"details: {request.action.name} needs {wanted.__name__}")
    if isinstance(details, MonitoringDetails):
        _amounts(details.reported_t, "reported_t")
        _require(len(details.claims) > 0, "claims: a monitoring report claims at least one meter or facility")
        # Subjects are compared as their keys (`ClaimedSubject` keeps only its key; a request built some other
        # way is keyed here too), so `meter:PV1-AC` and `meter:pv1-ac` are one meter claimed twice.
        subjects = [subject_key(c.subject) if isinstance(c.subject, str) else c.subject for c in details.claims]
        _require(len(set(subjects)) == len(subjects), "claims: a subject is claimed twice")
        for c, key in zip(details.claims, subjects, strict=True):
            _ident(key, "claims", _SUBJECT)
            # Exactly dates: a datetime is a date too, but it cannot be compared with the stored claims' dates
            # and would be chained as a text the fold cannot read back.
            _require(type(c.start) is date and type(c.end) is date, f"claims: {c.subject} needs start and end dates")
            _require(c.start <= c.end, f"claims: {c.subject} ends ({c.end}) before it starts ({c.start})")
            _require(c.start.year >= FIRST_VINTAGE_YEAR and c.end.year <= LAST_VINTAGE_YEAR,
                     f"claims: {c.subject} from {c.start} to {c.end} is not within {FIRST_VINTAGE_YEAR}-{LAST_VINTAGE_YEAR}")
        claimed = {year for c in details.claims for year in range(c.start.year, c.end.year + 1)}
        for vintage, _tonnes in details.reported_t:
            _require(vintage in claimed, f"reported_t: vintage {vintage} is outside the years the claims cover"
                                         f" ({_spans(claimed)})")
    elif isinstance(details, IssuanceDecision):
        free_identifier(details.decision_id, field="decision_id")
        _amounts(details.decided_t, "decided_t")
        for share in details.allocation.shares:
            _text(share.recipient, "allocation recipient")
            _require(isinstance(share.percent, Decimal), f"allocation {share.recipient}: a percentage is an exact decimal,"
                     f" not {type(share.percent).__name__}")
            registry_code(share.registry, field=f"allocation {share.recipient} registry")
            _require(split_account_id(share.account, field=f"allocation {share.recipient} account")[0] == share.registry,
                     f"allocation {share.recipient}: account {share.account} is not in {share.registry}")
    else:
        _amounts(details.verified_t, "verified_t")  # type: ignore[union-attr]
