"""Documents of the cycle: typed by form, versioned, each file known by its SHA-256, public or confidential.

Who may upload a form follows from the transition table: a role that may take an action needing that
form may file it (the focal point files the PIN, the TPE its reports, a JC member the JC decision), and
the JC secretariat may also file JC decisions, as it publishes them. Versions count per (project,
period, form) from 1. A public version can be followed by a confidential one of the same number, for
the forms whose content the JCM rules let participants mark confidential (`jcm.md` §2.5: the redacted
version is public, the full one goes to TPEs, the JC and its experts); every other form is public only.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from setu.domain.cycle.forms import Form
from setu.domain.cycle.rejections import CycleCode, CycleRejection
from setu.domain.cycle.roles import Actor, Role
from setu.domain.cycle.transitions import Action


class Variant(Enum):
    PUBLIC = "public"
    CONFIDENTIAL = "confidential"


CONFIDENTIAL_ALLOWED = frozenset({
    Form.PIN, Form.REF_EMISSIONS_REQUEST, Form.PDD, Form.VALIDATION_REPORT, Form.IMPLEMENTATION_REPORT,
    Form.MONITORING_REPORT, Form.VERIFICATION_REPORT, Form.POST_REGISTRATION_CHANGE_REQUEST,
})
"""Forms that carry design, commercial or monitoring data a participant may need to redact."""

CONFIDENTIAL_READERS = frozenset({Role.FOCAL_POINT, Role.PROJECT_PARTICIPANT, Role.TPE, Role.JC_MEMBER,
                                  Role.JC_SECRETARIAT})
"""Who may read a confidential version, for the project's scope."""


def _uploaders() -> dict[Form, frozenset[Role]]:
    roles: dict[Form, set[Role]] = {form: set() for form in Form}
    for action in Action:
        for form in action.transition.forms:
            roles[form] |= action.transition.roles
    roles[Form.JC_DECISION].add(Role.JC_SECRETARIAT)
    return {form: frozenset(r) for form, r in roles.items()}


UPLOADERS = _uploaders()
"""The roles that may file each form (computed once from the transition table)."""


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    """One stored version of one form; the file itself lives in the document store under `sha256`."""

    id: str
    project_id: str
    period_id: str | None
    form: Form
    version: int
    variant: Variant
    sha256: str
    size_bytes: int
    filename: str
    uploaded_by: str
    uploaded_at: str

    def to_json(self) -> dict[str, object]:
        """The record as its `document-filed` chain entry states it."""
        return {"kind": "document-filed", "document_id": self.id, "project_id": self.project_id,
                "period_id": self.period_id, "form": self.form.name, "version": self.version,
                "variant": self.variant.value, "sha256": self.sha256, "size_bytes": self.size_bytes,
                "filename": self.filename, "uploaded_by": self.uploaded_by, "uploaded_at": self.uploaded_at}


def shown_filename(record: DocumentRecord) -> str:
    """The filename a listing may show: a confidential version's name can itself disclose what it hides."""
    return "(confidential)" if record.variant is Variant.CONFIDENTIAL else record.filename


def document_id(project_id: str, period_id: str | None, form: Form, version: int, variant: Variant) -> str:
    """`IN-JCM-PV-001/MP1/MR/v2/public`; `-` stands for the project as a whole."""
    return f"{project_id}/{period_id or '-'}/{form.number}/v{version}/{variant.value}"


def next_version(variant: Variant, latest_public: int | None, latest_confidential: int | None) -> int | CycleRejection:
    """The version an upload gets: public counts up; confidential pairs with the newest public version."""
    if variant is Variant.PUBLIC:
        return (latest_public or 0) + 1
    if latest_public is None:
        return CycleRejection(CycleCode.DOCUMENT_INVALID, "a confidential version needs its public (redacted) version first")
    if latest_confidential == latest_public:
        return CycleRejection(CycleCode.DOCUMENT_INVALID,
                              f"version {latest_public} already has a confidential version; upload a new public version first")
    return latest_public


def check_upload(actor: Actor, project_id: str, form: Form, variant: Variant) -> CycleRejection | None:
    """ROLE_NOT_PERMITTED unless the actor may file `form` for the project; DOCUMENT_INVALID for a variant the
    form does not allow."""
    allowed = UPLOADERS[form]
    if not actor.roles_for(project_id) & allowed:
        names = ", ".join(sorted(r.value for r in allowed))
        return CycleRejection(CycleCode.ROLE_NOT_PERMITTED, f"form {form.number} {form.title} is filed by: {names}")
    if variant is Variant.CONFIDENTIAL and form not in CONFIDENTIAL_ALLOWED:
        return CycleRejection(CycleCode.DOCUMENT_INVALID, f"form {form.number} {form.title} has no confidential version")
    return None


def may_read(actor: Actor, document: DocumentRecord) -> bool:
    """Anyone reads a public version; a confidential one needs a role in `CONFIDENTIAL_READERS` for the project."""
    return document.variant is Variant.PUBLIC or bool(actor.roles_for(document.project_id) & CONFIDENTIAL_READERS)
