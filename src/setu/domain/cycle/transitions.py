"""The project cycle as one table: for each action, the states it starts from, where it leads, who may
take it and which documents it needs.

Everything the cycle allows is a row here; every other (role, state, action) combination is refused,
which `tests/cycle/test_transitions.py` checks exhaustively. Side paths that leave the state unchanged
(public comments, government approvals, post-registration changes, renewals, methodology revisions) are
rows whose target is their source. A side request stays pending until the JC approves or rejects it or
the focal point withdraws it (`views.SIDE_REQUESTS`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, unique

from setu.domain.cycle.forms import Form
from setu.domain.cycle.roles import Role
from setu.domain.cycle.states import PeriodState, ProjectState

P, S = ProjectState, PeriodState
PARTICIPANTS = frozenset({Role.FOCAL_POINT})  # the MoC statement makes the focal point the PPs' only voice
JC = frozenset({Role.JC_MEMBER})
GOVERNMENTS = frozenset({Role.GOVERNMENT_OF_INDIA, Role.GOVERNMENT_OF_JAPAN})


class Subject(Enum):
    PROJECT = "project"
    PERIOD = "monitoring period"


@dataclass(frozen=True, slots=True)
class Transition:
    """One allowed step. `sources` are states of the subject (a period's actions also need the project IMPLEMENTED)."""

    subject: Subject
    sources: frozenset[Enum]
    target: Enum | None  # None: the state does not change
    roles: frozenset[Role]
    forms: tuple[Form, ...] = ()
    decides: str = ""  # a JC decision on a side request: "approved" or "rejected" (which keeps the two rows distinct)


@unique
class Action(Enum):
    """Every action of the cycle, with its transition."""

    SUBMIT_PIN = Transition(Subject.PROJECT, frozenset({P.PIN_DRAFT}), P.PIN_SUBMITTED, PARTICIPANTS,
                            (Form.PIN, Form.MOC_STATEMENT))
    GRANT_NO_OBJECTION = Transition(Subject.PROJECT, frozenset({P.PIN_SUBMITTED}), P.NO_OBJECTION, JC, (Form.JC_DECISION,))
    REJECT_PIN = Transition(Subject.PROJECT, frozenset({P.PIN_SUBMITTED}), P.PIN_REJECTED, JC, (Form.JC_DECISION,))
    REQUEST_REF_ASSESSMENT = Transition(Subject.PROJECT, frozenset({P.NO_OBJECTION}), P.REF_ASSESSMENT_REQUESTED,
                                        PARTICIPANTS, (Form.REF_EMISSIONS_REQUEST,))
    ASSESS_REF_EMISSIONS = Transition(Subject.PROJECT, frozenset({P.REF_ASSESSMENT_REQUESTED}), P.REF_ASSESSED, JC,
                                      (Form.JC_DECISION,))
    PUBLISH_PDD = Transition(Subject.PROJECT, frozenset({P.REF_ASSESSED}), P.PDD_PUBLISHED, PARTICIPANTS, (Form.PDD,))
    COMMENT = Transition(Subject.PROJECT, frozenset({P.PDD_PUBLISHED}), None, frozenset({Role.PUBLIC}))
    START_VALIDATION = Transition(Subject.PROJECT, frozenset({P.PDD_PUBLISHED}), P.UNDER_VALIDATION,
                                  frozenset({Role.TPE}), (Form.CONFLICT_OF_INTEREST_DECLARATION,))
    VALIDATE = Transition(Subject.PROJECT, frozenset({P.UNDER_VALIDATION}), P.VALIDATED, frozenset({Role.TPE}),
                          (Form.VALIDATION_REPORT,))
    REQUEST_REGISTRATION = Transition(Subject.PROJECT, frozenset({P.VALIDATED}), P.REGISTRATION_REQUESTED, PARTICIPANTS,
                                      (Form.REGISTRATION_REQUEST, Form.ALLOCATION_FORM))
    WITHDRAW_REGISTRATION_REQUEST = Transition(Subject.PROJECT, frozenset({P.REGISTRATION_REQUESTED}), P.VALIDATED,
                                               PARTICIPANTS, (Form.REGISTRATION_WITHDRAWAL,))
    APPROVE_REGISTRATION = Transition(Subject.PROJECT, frozenset({P.REGISTRATION_REQUESTED}), None, GOVERNMENTS)
    REGISTER = Transition(Subject.PROJECT, frozenset({P.REGISTRATION_REQUESTED}), P.REGISTERED, JC, (Form.JC_DECISION,))
    REJECT_REGISTRATION = Transition(Subject.PROJECT, frozenset({P.REGISTRATION_REQUESTED}), P.REGISTRATION_REJECTED, JC,
                                     (Form.JC_DECISION,))
    SUBMIT_IMPLEMENTATION_REPORT = Transition(Subject.PROJECT, frozenset({P.REGISTERED}), P.IMPLEMENTED, PARTICIPANTS,
                                              (Form.IMPLEMENTATION_REPORT,))
    REQUEST_POST_REGISTRATION_CHANGE = Transition(Subject.PROJECT, frozenset({P.REGISTERED, P.IMPLEMENTED}), None,
                                                  PARTICIPANTS, (Form.POST_REGISTRATION_CHANGE_REQUEST,))
    APPROVE_POST_REGISTRATION_CHANGE = Transition(Subject.PROJECT, frozenset({P.REGISTERED, P.IMPLEMENTED}), None, JC,
                                                  (Form.JC_DECISION,), "approved")
    REJECT_POST_REGISTRATION_CHANGE = Transition(Subject.PROJECT, frozenset({P.REGISTERED, P.IMPLEMENTED}), None, JC,
                                                 (Form.JC_DECISION,), "rejected")
    WITHDRAW_POST_REGISTRATION_CHANGE_REQUEST = Transition(Subject.PROJECT, frozenset({P.REGISTERED, P.IMPLEMENTED}),
                                                           None, PARTICIPANTS)  # the procedure has no form for it
    REQUEST_RENEWAL = Transition(Subject.PROJECT, frozenset({P.IMPLEMENTED}), None, PARTICIPANTS, (Form.RENEWAL_REQUEST,))
    APPROVE_RENEWAL = Transition(Subject.PROJECT, frozenset({P.IMPLEMENTED}), None, GOVERNMENTS)
    RENEW_CREDITING_PERIOD = Transition(Subject.PROJECT, frozenset({P.IMPLEMENTED}), None, JC, (Form.JC_DECISION,),
                                        "approved")
    REJECT_RENEWAL = Transition(Subject.PROJECT, frozenset({P.IMPLEMENTED}), None, JC, (Form.JC_DECISION,), "rejected")
    WITHDRAW_RENEWAL_REQUEST = Transition(Subject.PROJECT, frozenset({P.IMPLEMENTED}), None, PARTICIPANTS)
    REQUEST_METHODOLOGY_REVISION = Transition(
        Subject.PROJECT, frozenset(set(P) - {P.PIN_REJECTED, P.REGISTRATION_REJECTED, P.WITHDRAWN}), None,
        PARTICIPANTS, (Form.METHODOLOGY_REVISION_REQUEST,))
    WITHDRAW_PROJECT = Transition(
        Subject.PROJECT, frozenset(set(P) - {P.PIN_REJECTED, P.REGISTRATION_REJECTED, P.WITHDRAWN}), P.WITHDRAWN,
        PARTICIPANTS, (Form.PROJECT_WITHDRAWAL_REQUEST,))
    SUBMIT_MONITORING_REPORT = Transition(Subject.PERIOD, frozenset({S.NONE}), S.MR_SUBMITTED, PARTICIPANTS,
                                          (Form.MONITORING_REPORT,))
    START_VERIFICATION = Transition(Subject.PERIOD, frozenset({S.MR_SUBMITTED}), S.UNDER_VERIFICATION, frozenset({Role.TPE}),
                                    (Form.CONFLICT_OF_INTEREST_DECLARATION,))
    VERIFY = Transition(Subject.PERIOD, frozenset({S.UNDER_VERIFICATION}), S.VERIFIED, frozenset({Role.TPE}),
                        (Form.VERIFICATION_REPORT,))
    REQUEST_ISSUANCE = Transition(Subject.PERIOD, frozenset({S.VERIFIED}), S.ISSUANCE_REQUESTED, PARTICIPANTS,
                                  (Form.ISSUANCE_REQUEST, Form.ALLOCATION_FORM))
    WITHDRAW_ISSUANCE_REQUEST = Transition(Subject.PERIOD, frozenset({S.ISSUANCE_REQUESTED}), S.VERIFIED, PARTICIPANTS,
                                           (Form.ISSUANCE_WITHDRAWAL,))
    APPROVE_ISSUANCE = Transition(Subject.PERIOD, frozenset({S.ISSUANCE_REQUESTED}), None, GOVERNMENTS)
    DECIDE_ISSUANCE = Transition(Subject.PERIOD, frozenset({S.ISSUANCE_REQUESTED}), S.ISSUANCE_DECIDED, JC,
                                 (Form.JC_DECISION,))
    ISSUE = Transition(Subject.PERIOD, frozenset({S.ISSUANCE_DECIDED}), S.ISSUED, frozenset({Role.REGISTRY_MANAGER}))

    @property
    def transition(self) -> Transition:
        return self.value

