"""An India report for 2027 that touches every table and every conditional field, and workbook surgery.

`sample_report()` is valid under both template generations (v1 action types only); `written` writes it;
`edit` opens a written workbook with openpyxl, lets a test break it, and saves it; `cell` says where a
field of a data row sits in setu's own layout (heading on row 1, field names on row 2, data from row 3).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook

from setu.aef.workbook_layout import template
from setu.aef.workbook_writer import write_aef
from setu.domain.article6.aef_model import (
    ActionRow,
    AefReport,
    AuthorizationRow,
    EntityRow,
    HoldingRow,
    IdStyle,
    ItmoBlock,
    Submission,
    Timeframe,
)
from setu.domain.article6.vocabulary import (
    ActionSubtype,
    ActionType,
    ActivityType,
    FirstTransferDefinition,
    Metric,
    MitigationType,
    Purpose,
    Sector,
    UnderlyingRegistry,
)

CA = "CA0123"


def block(first: int, last: int, **changes: object) -> ItmoBlock:
    base = ItmoBlock(CA, "IND", "IND01", "IND01", first, last, 2026, underlying_registry=UnderlyingRegistry.JCM,
                     first_unit_id=f"IN-JP-001-{first:06d}", last_unit_id=f"IN-JP-001-{last:06d}")
    return replace(base, **changes)  # type: ignore[arg-type]


def sample_report() -> AefReport:
    ndc = AuthorizationRow(
        "IN-AUTH-2026-01", date(2026, 3, 2), CA, 1, 60000, Metric.GHG, Purpose.NDC,
        (Sector.ENERGY_GENERATION, Sector.INDUSTRIAL_PROCESSES), (ActivityType.SOLAR, ActivityType.EE_INDUSTRY),
        authorized_parties=("JPN",), timeframe=Timeframe(date(2026, 1, 1), date(2030, 12, 31)),
        terms="Use towards Japan's NDC only", first_transfer_definition=FirstTransferDefinition.FIRST_INTERNATIONAL_TRANSFER,
    )
    oimp = AuthorizationRow(
        "IN-AUTH-2026-02", date(2026, 4, 15), CA, 2, None, Metric.NON_GHG, Purpose.NDC_AND_OIMP, (Sector.TRANSPORTATION,),
        gwp_values="AR5", non_ghg_metric="MWh", authorized_entities=("ENT-7", "ENT-9"), oimp_authorized="CORSIA",
        timeframe=Timeframe(date(2026, 1, 1), date(2030, 12, 31), date(2027, 1, 1), date(2035, 12, 31)),
        first_transfer_definition=FirstTransferDefinition.AUTHORIZATION, explanation="second version",
    )
    actions = (
        ActionRow(date(2027, 2, 1), ActionType.FIRST_TRANSFER, ndc.authorization_id, block(1, 1000),
                  ActionSubtype.FIRST_TRANSFER_TO_PARTY, acquiring_party="JPN"),
        ActionRow(date(2027, 3, 1), ActionType.TRANSFER, ndc.authorization_id, block(1001, 1500, registry="JPN01"),
                  acquiring_party="JPN", explanation="onward"),
        ActionRow(date(2027, 4, 1), ActionType.ACQUISITION, ndc.authorization_id, block(2001, 2100), transferring_party="JPN"),
        ActionRow(date(2027, 5, 1), ActionType.USE, ndc.authorization_id, block(3001, 3100), ndc_use_year=2027),
        ActionRow(date(2027, 6, 1), ActionType.USE, oimp.authorization_id,
                  block(4001, 4010, metric=Metric.NON_GHG, non_ghg_metric="MWh", quantity_non_ghg=25, quantity=12),
                  oimp_purpose="CORSIA", using_entity="ENT-7"),
        ActionRow(date(2027, 7, 1), ActionType.CANCELLATION, ndc.authorization_id, block(5001, 5020),
                  ActionSubtype.VOLUNTARY_OMGE),
    )
    holdings = (
        HoldingRow(ndc.authorization_id, block(6001, 9000)),
        HoldingRow(ndc.authorization_id, block(9001, 9500, underlying_registry=UnderlyingRegistry.NA, first_unit_id=None,
                                               last_unit_id=None, mitigation_type=MitigationType.BOTH)),
    )
    entities = (
        EntityRow(date(2026, 4, 15), "Nippon Airways Ltd", "JPN", "0100-01-123456", CA, "CORSIA only"),
        EntityRow(date(2026, 5, 1), "Surya Rooftop Energy", "IND", "U40100MH2020PTC000001", CA,
                  change_conditions="revocable on notice", explanation="rooftop PV aggregator"),
    )
    submission = Submission("IND", "1.0", 2027, date(2028, 3, 31), 2021, 2030)
    return AefReport(submission, (ndc, oimp), actions, holdings, entities)


def written(directory: Path, style: IdStyle = IdStyle.V1, report: AefReport | None = None, name: str = "aef.xlsx") -> Path:
    path = directory / name
    write_aef(report or sample_report(), path, style)
    return path


def edit(path: Path, change: Callable[[Workbook], object]) -> Path:
    """Open `path` with openpyxl, apply `change`, save it back."""
    book = openpyxl.load_workbook(path)
    change(book)
    book.save(path)
    return path


def cell(table: int, key: str, row: int = 0, style: IdStyle = IdStyle.V1) -> str:
    """Coordinate of field `key` in data row `row` (0-based) of table `table`, as setu writes it."""
    layout = template(style).table(table)
    return f"{get_column_letter(layout.offset(key) + 1)}{row + 3}"


def header(table: int, key: str) -> str:
    """Coordinate of field `key`'s name in the header row."""
    return f"{get_column_letter(template(IdStyle.V1).table(table).offset(key) + 1)}2"


def without_sources(report: AefReport) -> AefReport:
    """The report as setu builds it: read rows carry their cell in `source`, built rows do not."""
    return AefReport(
        replace(report.submission, source=None),
        tuple(replace(r, source=None) for r in report.authorizations),
        tuple(replace(r, source=None) for r in report.actions),
        tuple(replace(r, source=None) for r in report.holdings),
        tuple(replace(r, source=None) for r in report.entities),
    )


def as_read_back(report: AefReport, style: IdStyle) -> AefReport:
    """What a workbook of `style` can say about `report`: a v2 row names one registry, the current one."""
    if style is IdStyle.V1:
        return report

    def current(row: ActionRow | HoldingRow) -> ActionRow | HoldingRow:
        return replace(row, block=replace(row.block, originating_registry=row.block.registry))

    return replace(report, actions=tuple(map(current, report.actions)), holdings=tuple(map(current, report.holdings)))
