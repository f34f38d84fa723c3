"""States of a JCM project and of each of its monitoring periods (`jcm.md` §2.4; [I], the JCM publishes none)."""

from __future__ import annotations

from enum import Enum


class ProjectState(Enum):
    PIN_DRAFT = "PIN draft"
    PIN_SUBMITTED = "PIN submitted"
    NO_OBJECTION = "no objection granted"
    PIN_REJECTED = "PIN rejected"
    REF_ASSESSMENT_REQUESTED = "reference-emission assessment requested"
    REF_ASSESSED = "reference emissions assessed"
    PDD_PUBLISHED = "PDD published for public inputs"
    UNDER_VALIDATION = "under validation"
    VALIDATED = "validated"
    REGISTRATION_REQUESTED = "registration requested"
    REGISTERED = "registered"
    REGISTRATION_REJECTED = "registration rejected"
    IMPLEMENTED = "implemented"
    WITHDRAWN = "withdrawn"

    @property
    def terminal(self) -> bool:
        return self in (ProjectState.PIN_REJECTED, ProjectState.REGISTRATION_REJECTED, ProjectState.WITHDRAWN)


class PeriodState(Enum):
    NONE = "not yet reported"
    MR_SUBMITTED = "monitoring report submitted"
    UNDER_VERIFICATION = "under verification"
    VERIFIED = "verified"
    ISSUANCE_REQUESTED = "issuance requested"
    ISSUANCE_DECIDED = "issuance decided"
    ISSUED = "issued"
