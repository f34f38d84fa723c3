"""Parsing of the cycle commands' values: actions, roles, forms and an action's figures.

Errors are `UsageError`s naming the option and the expected form (exit 2). Whether the figures are
acceptable (allocation summing to 100, verified not above reported, ...) is the service's to say.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from setu.cli.arguments import UsageError
from setu.domain.cycle.allocation import AllocationForm, AllocationShare
from setu.domain.cycle.documents import Variant, document_id
from setu.domain.cycle.forms import Form
from setu.domain.cycle.requests import (
    ClaimedSubject,
    Details,
    IssuanceDecision,
    MonitoringDetails,
    VerificationDetails,
    VintageAmounts,
    vintage_amounts,
)
from setu.domain.cycle.roles import Role
from setu.domain.cycle.transitions import Action
from setu.services.document_retrieval import ByForm, ByHash, ById, DocumentSelector

FIGURE_OPTIONS = {
    Action.SUBMIT_MONITORING_REPORT: ("--claim", "--reported"),
    Action.VERIFY: ("--verified",),
    Action.DECIDE_ISSUANCE: ("--decision-id", "--decided", "--allocation", "--remainder-to"),
}
"""The options each figure-carrying action needs; every other action takes none of them."""

_WHOLE = re.compile(r"[0-9]+")
_PERCENT = re.compile(r"[0-9]{1,3}(\.[0-9]{1,6})?")
"""A percentage on the allocation form: at most six decimal places, so that sums and shares stay exact within
the 28 significant digits of Python's decimal arithmetic (whether it is at most 100 is the service's rule)."""
_VERSION = re.compile(r"v([0-9]{1,9})")
_SHA256 = re.compile(r"[0-9a-fA-F]{64}")


def _name(text: str) -> str:
    return text.strip().upper().replace("-", "_")


def parse_action(text: str) -> Action:
    """`SUBMIT_PIN` or `submit-pin`."""
    try:
        return Action[_name(text)]
    except KeyError:
        names = ", ".join(a.name for a in Action)
        raise UsageError(f"ACTION: {text!r} is not an action of the cycle; one of: {names}") from None


def parse_role(text: str) -> Role:
    """`focal-point` or `FOCAL_POINT`; the public is everyone and cannot be granted."""
    try:
        role = Role[_name(text)]
    except KeyError:
        role = Role.PUBLIC
    if role is Role.PUBLIC:
        names = ", ".join(r.name.lower().replace("_", "-") for r in Role if r is not Role.PUBLIC)
        raise UsageError(f"--role: {text!r} is not a role that can be granted; one of: {names}")
    return role


def parse_form(text: str, option: str = "--form") -> Form:
    """A form by name (`PIN`, `MONITORING_REPORT`) or by number (`3.1`, `MR`, `JC`)."""
    for form in Form:
        if _name(text) == form.name or text.strip().upper() == form.number.upper():
            return form
    names = ", ".join(f"{f.name} ({f.number})" for f in Form)
    raise UsageError(f"{option}: {text!r} is not a form of the cycle; one of: {names}")


def parse_amounts(values: list[str], option: str) -> VintageAmounts:
    """`2026=982` per value: whole tonnes per vintage."""
    by_vintage: dict[int, int] = {}
    for value in values:
        vintage, _, tonnes = value.partition("=")
        if not (_WHOLE.fullmatch(vintage.strip()) and _WHOLE.fullmatch(tonnes.strip())):
            raise UsageError(f"{option}: {value!r} is not VINTAGE=TONNES in whole tonnes, e.g. 2026=982")
        if int(vintage) in by_vintage:
            raise UsageError(f"{option}: vintage {int(vintage)} is given twice")
        by_vintage[int(vintage)] = int(tonnes)
    return vintage_amounts(by_vintage)


def parse_claim(value: str) -> ClaimedSubject:
    """`meter:PV1-AC:2026-04-01:2027-03-31`: subject, then first and last day (inclusive)."""
    parts = value.rsplit(":", 2)
    try:
        if len(parts) != 3:
            raise ValueError
        return ClaimedSubject(parts[0], date.fromisoformat(parts[1]), date.fromisoformat(parts[2]))
    except ValueError:
        raise UsageError(f"--claim: {value!r} is not SUBJECT:START:END, e.g. meter:PV1-AC:2026-04-01:2027-03-31") from None


def parse_allocation(values: list[str], remainder_to: str) -> AllocationForm:
    """`RECIPIENT:REGISTRY:ACCOUNT:PERCENT` per value, in form order."""
    shares = []
    for value in values:
        parts = value.rsplit(":", 3)
        if len(parts) != 4 or not parts[0].strip():
            raise UsageError(f"--allocation: {value!r} is not RECIPIENT:REGISTRY:ACCOUNT:PERCENT,"
                             " e.g. 'Government of Japan:JPN01:JPN01-1:50'")
        if not _PERCENT.fullmatch(parts[3].strip()):
            raise UsageError(f"--allocation: {parts[3]!r} in {value!r} is not a percentage: write a plain number"
                             " with at most 6 decimal places, e.g. 50 or 33.333333")
        shares.append(AllocationShare(parts[0], parts[1], parts[2], Decimal(parts[3].strip())))
    return AllocationForm(tuple(shares), remainder_to)


def action_details(action: Action, **given: list[str] | str | None) -> Details | None:
    """The figures `action` carries, from the options given; refuses options it does not take or misses."""
    options = {f"--{name.replace('_', '-')}": value for name, value in given.items()}
    wanted = FIGURE_OPTIONS.get(action, ())
    stray = [name for name, value in options.items() if value and name not in wanted]
    if stray:
        raise UsageError(f"{stray[0]}: {action.name} takes no such figure")
    missing = [name for name in wanted if not options.get(name)]
    if missing:
        raise UsageError(f"{action.name} needs {', '.join(missing)}")
    if action is Action.SUBMIT_MONITORING_REPORT:
        claims = tuple(parse_claim(c) for c in given["claim"])  # type: ignore[union-attr]
        return MonitoringDetails(claims, parse_amounts(given["reported"], "--reported"))  # type: ignore[arg-type]
    if action is Action.VERIFY:
        return VerificationDetails(parse_amounts(given["verified"], "--verified"))  # type: ignore[arg-type]
    if action is Action.DECIDE_ISSUANCE:
        form = parse_allocation(given["allocation"], str(given["remainder_to"]))  # type: ignore[arg-type]
        return IssuanceDecision(str(given["decision_id"]), parse_amounts(given["decided"], "--decided"), form)  # type: ignore[arg-type]
    return None


def parse_document_selector(
    document: str | None, *, version: int | None, variant: Variant | None, sha256: str | None
) -> DocumentSelector:
    """DOCUMENT as a full id (`P/MP1/MR/v2/public`) or as `PROJECT/PERIOD/FORM` (`-` for no period) with
    `--version` (default the newest) and `--variant` (default public); or `--sha256` instead of DOCUMENT."""
    if (document is None) == (sha256 is None):
        raise UsageError("DOCUMENT: give exactly one of DOCUMENT (a document id, or PROJECT/PERIOD/FORM) or --sha256")
    if sha256 is not None:
        if version is not None or variant is not None:
            raise UsageError("--version and --variant go with PROJECT/PERIOD/FORM, not with --sha256")
        if not _SHA256.fullmatch(sha256.strip()):
            raise UsageError(f"--sha256: {sha256!r} is not a SHA-256: 64 hexadecimal digits")
        return ByHash(sha256.strip().lower())
    parts = document.strip().split("/")  # type: ignore[union-attr]
    if len(parts) not in (3, 5) or not all(part.strip() for part in parts):
        raise UsageError(f"DOCUMENT: {document!r} is neither a document id (IN-JCM-PV-001/MP1/MR/v1/public)"
                         " nor PROJECT/PERIOD/FORM (IN-JCM-PV-001/MP1/MR, '-' for the project as a whole)")
    project, period, form = parts[0], None if parts[1] == "-" else parts[1], parse_form(parts[2], "DOCUMENT")
    if len(parts) == 3:
        if version is not None and version < 1:
            raise UsageError(f"--version: {version} is not a version number (1, 2, ...)")
        return ByForm(project, period, form, version, variant or Variant.PUBLIC)
    if version is not None or variant is not None:
        raise UsageError("--version and --variant go with PROJECT/PERIOD/FORM; a full document id names both")
    number = _VERSION.fullmatch(parts[3])
    variants = {v.value: v for v in Variant}
    if number is None or int(number[1]) < 1 or parts[4] not in variants:
        raise UsageError(f"DOCUMENT: {document!r} does not end in /vVERSION/public or /vVERSION/confidential")
    return ById(document_id(project, period, form, int(number[1]), variants[parts[4]]))
