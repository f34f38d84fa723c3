"""A Party's standing to first transfer ITMOs: the participation requirements, its initial reports, and
the gates it applies.

Decision 2/CMA.3 annex para 4 lists six participation requirements (`article6.md` §2.4). A Party records
each as met or not, with its evidence, in a versioned *standing* document; the standing in force on a day
is the newest version dated on or before it (`standing_on`). A first transfer needs every Party it
involves to meet all six that day: the first-transferring Party, and the acquiring Party when the first
transfer is an international transfer (ITL precedent: "eligibility of the Parties involved").

Two gates are the first-transferring Party's choice (`article6.md` §9 rows 18-19), recorded in its
standing so the ledger and its replay judge alike:

- `initial_report` (default on): no first transfer of a cooperative approach's units until the Party's
  initial report (or updated initial report) covering that approach is recorded as submitted;
- `technical_review` (default off): nor until the Article 6 technical expert review of that report is
  recorded as complete (a draft CMA.6 option).

The document, as a focal point keeps it in YAML:

    party: IND
    as_of: 2026-01-10                 # the date this standing applies from
    requirements:                     # each: met (true/false) and evidence (text)
      paris_agreement: {met: true, evidence: "Ratified 2 October 2016"}
      authorization_arrangements: {met: true, evidence: "..."}
      tracking_arrangements: {met: true, evidence: "..."}
      national_inventory_report: {met: true, evidence: "..."}
      ndc_and_lt_leds_contribution: {met: true, evidence: "..."}
      ndc_maintained: {met: true, evidence: "..."}
    initial_reports:                  # optional
      - cooperative_approach_id: CA0123
        submitted_on: 2026-02-01
        reference: "IND initial report for CA0123"
        technical_review_completed_on: 2026-09-30   # optional
    gates: {initial_report: true, technical_review: false}   # optional; these are the defaults

Every problem is a `ValueError` naming the key.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

from setu.domain.codes import is_cooperative_approach_id, is_party_code


class Requirement(Enum):
    """The participation requirements of decision 2/CMA.3 annex para 4, in its letter order."""

    PARIS_AGREEMENT = "paris_agreement"
    AUTHORIZATION_ARRANGEMENTS = "authorization_arrangements"
    TRACKING_ARRANGEMENTS = "tracking_arrangements"
    NATIONAL_INVENTORY_REPORT = "national_inventory_report"
    NDC_AND_LT_LEDS_CONTRIBUTION = "ndc_and_lt_leds_contribution"
    NDC_MAINTAINED = "ndc_maintained"

    @property
    def letter(self) -> str:
        return "abcdef"[list(Requirement).index(self)]

    @property
    def description(self) -> str:
        return _DESCRIPTIONS[self]


_DESCRIPTIONS = {
    Requirement.PARIS_AGREEMENT: "is a Party to the Paris Agreement",
    Requirement.AUTHORIZATION_ARRANGEMENTS: "has arrangements in place for authorizing the use of ITMOs",
    Requirement.TRACKING_ARRANGEMENTS: "has arrangements in place to track ITMOs",
    Requirement.NATIONAL_INVENTORY_REPORT: "has provided its most recent national inventory report",
    Requirement.NDC_AND_LT_LEDS_CONTRIBUTION: "participates in a way that contributes to its NDC and long-term"
                                              " low-emission development strategy",
    Requirement.NDC_MAINTAINED: "has prepared, communicated and maintains an NDC (Art. 4.2)",
}


@dataclass(frozen=True, slots=True)
class InitialReport:
    """An initial report (or updated initial report) covering one cooperative approach."""

    cooperative_approach_id: str
    submitted_on: date
    reference: str
    technical_review_completed_on: date | None = None


@dataclass(frozen=True, slots=True)
class Gates:
    """What the Party requires before it first transfers (`article6.md` §9 rows 18-19; defaults there)."""

    initial_report: bool = True
    technical_review: bool = False


@dataclass(frozen=True, slots=True)
class Standing:
    """One version of a Party's standing, in force from `as_of`."""

    party: str
    version: int
    as_of: date
    unmet: tuple[Requirement, ...]
    initial_reports: tuple[InitialReport, ...]
    gates: Gates


def standing_on(versions: Iterable[Standing], day: date) -> Standing | None:
    """The standing in force on `day`: the newest version dated on or before it."""
    applicable = [s for s in versions if s.as_of <= day]
    return max(applicable, key=lambda s: s.version) if applicable else None


def eligibility_problem(party: str, versions: Sequence[Standing], day: date) -> str | None:
    """Why `party` may not take part in a first transfer on `day`, or None."""
    standing = standing_on(versions, day)
    if standing is None:
        dated = f" (its earliest is dated {min(s.as_of for s in versions)})" if versions else ""
        return (f"{party} has no participation standing in force on {day}{dated}: record it with"
                " `setu a6 standing` (decision 2/CMA.3 annex para 4)")
    if standing.unmet:
        first = standing.unmet[0]
        return (f"{party} does not meet participation requirement 4({first.letter}) on {day}: \"{first.description}\""
                f" is recorded as not met in its standing v{standing.version}")
    return None


def report_problem(party: str, versions: Sequence[Standing], cooperative_approach_id: str, day: date) -> str | None:
    """Why the first-transferring `party`'s own gates stop a first transfer of the approach's units on `day`."""
    standing = standing_on(versions, day)
    if standing is None:
        return eligibility_problem(party, versions, day)
    gates = standing.gates
    if not (gates.initial_report or gates.technical_review):
        return None
    reports = [r for r in standing.initial_reports
               if r.cooperative_approach_id == cooperative_approach_id and r.submitted_on <= day]
    if not reports:
        return (f"{party} first transfers {cooperative_approach_id} units only after its initial report covering"
                f" {cooperative_approach_id} is submitted; none is recorded as submitted by {day}")
    if gates.technical_review and not any(
        r.technical_review_completed_on is not None and r.technical_review_completed_on <= day for r in reports
    ):
        return (f"{party} first transfers {cooperative_approach_id} units only after the Article 6 technical expert"
                f" review of its initial report is complete; none is recorded as complete by {day}")
    return None


# -- the document --------------------------------------------------------------------------------------
_KEYS = {"party", "as_of", "requirements", "initial_reports", "gates"}
_REPORT_KEYS = {"cooperative_approach_id", "submitted_on", "reference", "technical_review_completed_on"}
_GATE_KEYS = {"initial_report", "technical_review"}
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
"""The one written form of a day; `date.fromisoformat` alone also reads `2026-W05-1` and `20260126`."""


def _mapping(value: object, field: str, allowed: set[str], required: set[str]) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ValueError(f"{field}: expected a mapping, got {type(value).__name__}")
    unknown = sorted(set(map(str, value)) - allowed)
    if unknown:
        raise ValueError(f"{field}.{unknown[0]}: unknown key (allowed: {', '.join(sorted(allowed))})")
    missing = sorted(required - set(value))
    if missing:
        raise ValueError(f"{field}.{missing[0]}: missing")
    return value


def _day(value: object, field: str) -> date:
    if isinstance(value, str):
        try:
            if not _ISO_DAY.fullmatch(value):
                raise ValueError(value)
            value = date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{field}: {value!r} is not a date (YYYY-MM-DD)") from None
    if not isinstance(value, date) or isinstance(value, datetime):
        raise ValueError(f"{field}: {value!r} is not a date (YYYY-MM-DD)")
    if not 2015 <= value.year <= 2100:
        raise ValueError(f"{field}: {value} is not between 2015 and 2100")
    return value


def _flag(value: object, field: str) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{field}: {value!r} is not true or false")
    return value


def _text(value: object, field: str, limit: int) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise ValueError(f"{field}: 1-{limit} characters of text")
    return value


def parse_standing(document: object, *, version: int = 1) -> Standing:
    """The `Standing` a document states (as version `version`); ValueError naming the key otherwise."""
    names = {r.value for r in Requirement}
    d = _mapping(document, "standing", _KEYS, {"party", "as_of", "requirements"})
    party = d["party"]
    if not is_party_code(party):
        raise ValueError(f"party: {party!r} is not an ISO 3166-1 alpha-3 Party code")
    requirements = _mapping(d["requirements"], "requirements", names, names)
    unmet: list[Requirement] = []
    for requirement in Requirement:
        field = f"requirements.{requirement.value}"
        entry = _mapping(requirements[requirement.value], field, {"met", "evidence"}, {"met", "evidence"})
        met = _flag(entry["met"], f"{field}.met")
        _text(entry["evidence"], f"{field}.evidence", 2000)
        if not met:
            unmet.append(requirement)
    # Absent or null means none; any other non-list (`false`, `""`, `{}`) is refused, never read as "none".
    raw_reports = d.get("initial_reports")
    raw_reports = [] if raw_reports is None else raw_reports
    if not isinstance(raw_reports, list):
        raise ValueError("initial_reports: expected a list")
    reports: list[InitialReport] = []
    for i, raw in enumerate(raw_reports):
        field = f"initial_reports[{i}]"
        r = _mapping(raw, field, _REPORT_KEYS, {"cooperative_approach_id", "submitted_on", "reference"})
        ca = r["cooperative_approach_id"]
        if not is_cooperative_approach_id(ca):
            raise ValueError(f"{field}.cooperative_approach_id: {ca!r} is not CA and four digits")
        submitted = _day(r["submitted_on"], f"{field}.submitted_on")
        reviewed = r.get("technical_review_completed_on")
        reviewed_on = _day(reviewed, f"{field}.technical_review_completed_on") if reviewed is not None else None
        if reviewed_on is not None and reviewed_on < submitted:
            raise ValueError(f"{field}.technical_review_completed_on: {reviewed_on} is before the report was"
                             f" submitted ({submitted})")
        reports.append(InitialReport(ca, submitted, _text(r["reference"], f"{field}.reference", 500), reviewed_on))
    raw_gates = d.get("gates")
    raw_gates = _mapping({} if raw_gates is None else raw_gates, "gates", _GATE_KEYS, set())
    gates = Gates(**{k: _flag(v, f"gates.{k}") for k, v in raw_gates.items()})
    return Standing(party, version, _day(d["as_of"], "as_of"), tuple(unmet), tuple(reports), gates)


def dating_problem(standing: Standing, *, first: bool, today: date) -> str | None:
    """Why `standing` cannot be recorded `today` (PERIOD_INVALID), or None.

    Reports and reviews are recorded once they have happened, so none is dated after today. Only a
    Party's first standing may apply from an earlier day (its participation began before setu recorded
    it); a later version applies from today or later, so what was in force on a past day, and judged
    the first transfers of that day, stays what `standing show --on` reports for it.
    """
    for report in standing.initial_reports:
        for what, day in (("submitted_on", report.submitted_on),
                          ("technical_review_completed_on", report.technical_review_completed_on)):
            if day is not None and day > today:
                return (f"initial_reports ({report.cooperative_approach_id}).{what}: {day} is after today ({today});"
                        " record a report once it is submitted and a review once it is complete")
    if not first and standing.as_of < today:
        return (f"as_of: {standing.as_of} is before today ({today}); a later version of {standing.party}'s standing"
                " applies from the day it is recorded or later, never over days already judged")
    return None
