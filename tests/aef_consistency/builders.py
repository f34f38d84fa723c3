"""AEF report values for the consistency tests, in the notation of `article6.md` §7.3.

`act("15/06/2027", FT, "IND-JCM-2027-001", held(1, 60000), acquiring_party="JPN")` reads like a row
of the reference's Table 3. The worked example's reports are built here once; each broken report in
`test_each_check.py` is one `replace` away from them.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from setu.domain.article6.aef_model import (
    ActionRow,
    AefReport,
    AuthorizationRow,
    EntityRow,
    HoldingRow,
    ItmoBlock,
    Submission,
)
from setu.domain.article6.vocabulary import (
    ActionSubtype,
    ActionType,
    ActivityType,
    FirstTransferDefinition,
    Metric,
    Purpose,
    Sector,
    UnderlyingRegistry,
)

CA = "CA0123"
NDC_AUTH = "IND-JCM-2027-001"
OIMP_AUTH = "IND-JCM-2029-002"

AUTH, FT, TR, ACQ = ActionType.AUTHORIZATION, ActionType.FIRST_TRANSFER, ActionType.TRANSFER, ActionType.ACQUISITION
USE, CANCEL, VCANCEL = ActionType.USE, ActionType.CANCELLATION, ActionType.VOLUNTARY_CANCELLATION
TO_PARTY = ActionSubtype.FIRST_TRANSFER_TO_PARTY


def day(text: str) -> date:
    return datetime.strptime(text, "%d/%m/%Y").date()


def held(first: int, last: int, *, vintage: int = 2026, registry: str = "IND01", **fields: object) -> ItmoBlock:
    """A block of India-originated units (`CA0123-IND01-IND-first..last-vintage`) tracked in `registry`."""
    return ItmoBlock(CA, "IND", registry, "IND01", first, last, vintage,
                     underlying_registry=UnderlyingRegistry.JCM, **fields)


def act(when: str, kind: ActionType, auth: str, block: ItmoBlock, **fields: object) -> ActionRow:
    return ActionRow(day(when), kind, auth, block, **fields)


def hold(auth: str, block: ItmoBlock, source: str | None = None) -> HoldingRow:
    return HoldingRow(auth, block, source)


def submission(party: str, year: int) -> Submission:
    return Submission(party, "1.0", year, date(year + 1, 4, 10), 2021, 2030)


def report(party: str, year: int, **tables: object) -> AefReport:
    return AefReport(submission(party, year), **tables)


def ndc_authorization(**fields: object) -> AuthorizationRow:
    """`IND-JCM-2027-001` v1, 01/03/2027, NDC, 400,000 t (§7.3)."""
    row = AuthorizationRow(NDC_AUTH, day("01/03/2027"), CA, 1, 400000, Metric.GHG, Purpose.NDC,
                           (Sector.ENERGY_GENERATION,), (ActivityType.SOLAR,), authorized_parties=("JPN",))
    return replace(row, **fields)


def oimp_authorization(**fields: object) -> AuthorizationRow:
    """`IND-JCM-2029-002` v1, 01/02/2029, OIMP (CORSIA), 10,000 t, first transfer = authorization (§7.3)."""
    row = AuthorizationRow(OIMP_AUTH, day("01/02/2029"), CA, 1, 10000, Metric.GHG, Purpose.OIMP,
                           (Sector.ENERGY_GENERATION,), (ActivityType.SOLAR,), oimp_authorized="CORSIA",
                           first_transfer_definition=FirstTransferDefinition.AUTHORIZATION)
    return replace(row, **fields)


def india_2027(*extra: ActionRow, **tables: object) -> AefReport:
    """India, 2027: B1 authorized (1-100000, vintage 2026) and 1-60000 first transferred to Japan."""
    actions = (
        act("01/03/2027", AUTH, NDC_AUTH, held(1, 100000), source="'Table 3 Actions'!A8"),
        act("15/06/2027", FT, NDC_AUTH, held(1, 60000), subtype=TO_PARTY, acquiring_party="JPN",
            source="'Table 3 Actions'!A9"),
    )
    return report("IND", 2027, **{"authorizations": (ndc_authorization(),), "actions": actions + extra, **tables})


def japan_2027(*extra: ActionRow, **tables: object) -> AefReport:
    """Japan, 2027: the matching Acquisition in JPN01 and 60,000 t vintage 2026 held at 31 December."""
    actions = (act("15/06/2027", ACQ, NDC_AUTH, held(1, 60000, registry="JPN01"), transferring_party="IND",
                   source="'Table 3 Actions'!A8"),)
    holdings = (hold(NDC_AUTH, held(1, 60000, registry="JPN01"), "'Table 4 Holdings'!A8"),)
    return report("JPN", 2027, **{"actions": actions + extra, "holdings": holdings, **tables})


ENTITY = EntityRow(day("15/01/2029"), "Sky Air Lines", "IND", "IN-ENT-1", CA)


def india_2029_oimp(**tables: object) -> AefReport:
    """India, 2029: B4 (50001-60000, vintage 2028) authorized for CORSIA, first transferred at authorization,
    1,000 t then cancelled for CORSIA by an authorized entity; 9,000 t held at 31 December."""
    actions = (
        act("01/02/2029", AUTH, OIMP_AUTH, held(50001, 60000, vintage=2028)),
        act("01/02/2029", FT, OIMP_AUTH, held(50001, 60000, vintage=2028), subtype=ActionSubtype.AUTHORIZATION,
            oimp_purpose="CORSIA"),
        act("01/09/2029", CANCEL, OIMP_AUTH, held(50001, 51000, vintage=2028),
            subtype=ActionSubtype.OTHER_CANCELLATIONS, oimp_purpose="CORSIA", using_entity="IN-ENT-1"),
    )
    holdings = (hold(OIMP_AUTH, held(51001, 60000, vintage=2028)),)
    return report("IND", 2029, **{"authorizations": (oimp_authorization(),), "actions": actions,
                                  "holdings": holdings, "entities": (ENTITY,), **tables})
