"""The 15 forms of the Article-6-aligned JCM Project Cycle Procedure (`jcm.md` §2.2), as document types."""

from __future__ import annotations

from enum import Enum


class Form(Enum):
    """Form number and name as the procedure lists them."""

    PIN = ("3.1", "Project Idea Note (PIN) for JCM Project")
    MOC_STATEMENT = ("3.2", "Modalities of Communication Statement")
    REF_EMISSIONS_REQUEST = ("3.3", "Assessment of Reference Emissions Request")
    VALIDATION_REPORT = ("3.4", "Validation Report")
    ALLOCATION_FORM = ("3.5", "Percentage of Credit Allocation Form")
    REGISTRATION_REQUEST = ("3.6", "Project Registration Request")
    IMPLEMENTATION_REPORT = ("3.7", "Project Implementation Report")
    VERIFICATION_REPORT = ("3.8", "Verification Report")
    ISSUANCE_REQUEST = ("3.9", "Credits Issuance Request")
    RENEWAL_REQUEST = ("3.10", "Renewal of Crediting Period Request")
    METHODOLOGY_REVISION_REQUEST = ("3.11", "Approved Methodology Revision Request")
    POST_REGISTRATION_CHANGE_REQUEST = ("3.12", "Post-Registration Changes Request")
    PROJECT_WITHDRAWAL_REQUEST = ("3.13", "Project Withdrawal Request")
    REGISTRATION_WITHDRAWAL = ("3.14", "Registration Request Withdrawal")
    ISSUANCE_WITHDRAWAL = ("3.15", "Issuance Request Withdrawal")
    # Not numbered forms, but documents the cycle needs on record.
    PDD = ("PDD", "JCM Project Design Document with Monitoring Plan")
    MONITORING_REPORT = ("MR", "Monitoring Report (Monitoring Report Sheet)")
    JC_DECISION = ("JC", "Joint Committee decision")
    CONFLICT_OF_INTEREST_DECLARATION = ("COI", "Conflict of Interest Declaration Form")

    @property
    def number(self) -> str:
        return self.value[0]

    @property
    def title(self) -> str:
        return self.value[1]
