"""The secretariat's AEF template layout as data: sheets, headings, field names, spacers, placeholders.

One `Template` per generation (`IdStyle`). Both generations have the same sheets, headings, field names
and spacer columns (`article6.md` §4.2, §4.3: the staff checker's column list and 4/CMA.6 annex II agree);
they differ in what a cell holds. In v1 (the 2024 template) `First ID`/`Last ID` are the full 6/CMA.4
identifier strings and Table 3 accepts five action types; in v2 they are integer serials and all seven
action types are accepted. The writer and the reader both take the layout from here, so the two can
never disagree about where a field sits.

Spacer columns, reading of §4.2 (offsets from the first field; the reference gives only the offsets, so
the fields beside them follow from laying §4.3's columns into the remaining positions in order; the
counts fit exactly, 19+1, 27+6, 16+3, 8+0 columns, and every spacer falls between two groups of the annex):
- Table 2, +4: after `Version of the authorization`, before `Authorized quantity`.
- Table 3: +9 after `Last ID` (the identifier group); +13 after `Last unit ID` (underlying units);
  +19 after `Quantity (in non-GHG metric)` (metric and quantities); +22 after `Vintage`; +25 after
  `Acquiring participating Party ID`; +30 after the NDC-year field, before the CARP's consistency result.
- Table 4: +6 after `Last ID`; +10 after `Last unit ID`; +16 after `Quantity (in non-GHG metric)`.
Our readings where the reference is silent: the CARP link of Table 2 (`Authorization documentation`)
holds the link placeholder, Table 3's `Result of the consistency checks` the information placeholder;
Table 1 `Party` and Table 5 `Country of incorporation` are names in both generations (the template
demands names, §4.2; the reader also accepts alpha-3).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum, auto

from setu.domain.article6.aef_model import IdStyle
from setu.domain.article6.vocabulary import V1_ACTION_TYPES, ActionType

CARP_INFORMATION = "{Information in this field is populated by the CARP}"
CARP_LINK = "{Link to be produced by the CARP}"
NA = "NA"
"""The template's explicit "not applicable" for conditional fields (§4.4)."""

SHEETS = (
    "Index", "Summary information", "Table 1 Submission", "Table 2 Authorizations", "Table 3 Actions",
    "Table 4 Holdings", "Table 5 Auth. entities",
)
"""Exactly these seven sheets, in this order when written; any order is accepted when read."""
INDEX_SHEET, SUMMARY_SHEET = SHEETS[0], SHEETS[1]
MAX_ROWS = 1_048_576
"""Rows in an xlsx worksheet: a table longer than this cannot be written into the template."""


class Rule(Enum):
    """What a cell holds: how the writer renders it and which syntax rule (§8.2) the reader applies."""

    TEXT = auto()
    AUTHORIZATION_ID = auto()
    CA_ID = auto()
    PARTY = auto()
    PARTY_NAME = auto()
    COUNTRY_NAME = auto()
    REGISTRY = auto()
    ITMO_ID = auto()
    SERIAL = auto()
    DATE = auto()
    YEAR = auto()
    INTEGER = auto()
    QUANTITY = auto()
    VERSION = auto()
    METRIC = auto()
    PURPOSE = auto()
    FIRST_TRANSFER_DEFINITION = auto()
    ACTION_TYPE = auto()
    ACTION_SUBTYPE = auto()
    UNDERLYING_REGISTRY = auto()
    MITIGATION_TYPE = auto()
    SECTORS = auto()
    ACTIVITY_TYPES = auto()
    PARTY_LIST = auto()
    ENTITY_LIST = auto()
    TIMEFRAME = auto()
    CARP_INFORMATION = auto()
    CARP_LINK = auto()


class Need(Enum):
    """§4.3's `Req` column: what an empty cell means."""

    REQUIRED = auto()
    OPTIONAL = auto()
    """Left empty when there is nothing to say."""
    CONDITIONAL = auto()
    """`NA` when the condition of §4.4 does not hold; the writer writes `NA` for a missing value."""
    CARP = auto()
    """The secretariat fills it; the workbook carries the template's placeholder, unchanged."""


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    """Exact template spelling: case, punctuation, no trailing space."""
    key: str
    """The model attribute the field carries (or a name for the CARP fields)."""
    rule: Rule
    need: Need


@dataclass(frozen=True, slots=True)
class Table:
    number: int
    sheet: str
    heading: str
    """Matched case-insensitively when read."""
    fields: tuple[Field, ...]
    spacers: tuple[int, ...] = ()
    """Offsets of the empty columns, counted from the first field (0)."""
    vertical: bool = False
    offsets: tuple[int, ...] = field(init=False)
    """Each field's offset from the first field, spacers skipped."""

    def __post_init__(self) -> None:
        free = [o for o in range(len(self.fields) + len(self.spacers)) if o not in self.spacers]
        object.__setattr__(self, "offsets", tuple(free))

    @property
    def width(self) -> int:
        """Columns from the first field to the last, spacers included."""
        return len(self.fields) + len(self.spacers)

    def field(self, key: str) -> Field:
        return next(f for f in self.fields if f.key == key)

    def offset(self, key: str) -> int:
        return self.offsets[next(i for i, f in enumerate(self.fields) if f.key == key)]


@dataclass(frozen=True, slots=True)
class Template:
    generation: IdStyle
    tables: tuple[Table, ...]
    action_types: frozenset[ActionType]

    def table(self, number: int) -> Table:
        return self.tables[number - 1]


R, OPT, C = Need.REQUIRED, Need.OPTIONAL, Need.CONDITIONAL

TABLE_1 = Table(1, "Table 1 Submission", "Table 1: Submission", (
    Field("Party", "party", Rule.PARTY_NAME, R),
    Field("Version", "version", Rule.VERSION, R),
    Field("Reported year", "reported_year", Rule.YEAR, R),
    Field("Date of submission", "submission_date", Rule.DATE, R),
    Field("Review status of the initial report", "review_status", Rule.CARP_INFORMATION, Need.CARP),
    Field("Result of the consistency check of this AEF submission", "check_result", Rule.CARP_INFORMATION, Need.CARP),
    Field("First year of the NDC implementation period", "ndc_first_year", Rule.YEAR, R),
    Field("Last year of the NDC implementation period", "ndc_last_year", Rule.YEAR, R),
    Field("Reference to the Article 6 technical expert review report of the initial report", "review_report",
          Rule.CARP_LINK, Need.CARP),
), vertical=True)

TABLE_2 = Table(2, "Table 2 Authorizations", "Table 2: Authorizations", (
    Field("Authorization ID", "authorization_id", Rule.AUTHORIZATION_ID, R),
    Field("Date of authorization", "authorization_date", Rule.DATE, R),
    Field("Cooperative approach ID", "cooperative_approach_id", Rule.CA_ID, R),
    Field("Version of the authorization", "version", Rule.INTEGER, R),
    Field("Authorized quantity", "authorized_quantity", Rule.QUANTITY, OPT),
    Field("Metric", "metric", Rule.METRIC, R),
    Field("Applicable GWP value(s)", "gwp_values", Rule.TEXT, OPT),
    Field("Applicable non-GHG metric", "non_ghg_metric", Rule.TEXT, C),
    Field("Sector(s)", "sectors", Rule.SECTORS, R),
    Field("Activity type(s)", "activity_types", Rule.ACTIVITY_TYPES, OPT),
    Field("Purposes for authorization", "purposes", Rule.PURPOSE, R),
    Field("Authorized Party(ies) ID", "authorized_parties", Rule.PARTY_LIST, OPT),
    Field("Authorized entity(ies) ID", "authorized_entities", Rule.ENTITY_LIST, OPT),
    Field("OIMP authorized by the Party", "oimp_authorized", Rule.TEXT, C),
    Field("Authorized timeframe", "timeframe", Rule.TIMEFRAME, OPT),
    Field("Authorization terms and conditions", "terms", Rule.TEXT, OPT),
    Field("Authorization documentation", "documentation", Rule.CARP_LINK, Need.CARP),
    Field("First transfer definition for OIMP", "first_transfer_definition", Rule.FIRST_TRANSFER_DEFINITION, C),
    Field("Additional explanatory information", "explanation", Rule.TEXT, OPT),
), spacers=(4,))

_IDENTITY = (  # Tables 3 and 4: the block's identifier elements, after Table 3's action fields
    Field("Cooperative approach ID", "cooperative_approach_id", Rule.CA_ID, R),
    Field("Authorization ID", "authorization_id", Rule.AUTHORIZATION_ID, R),
    Field("First transferring participating Party ID", "first_transferring_party", Rule.PARTY, R),
    Field("Party ITMO registry ID", "registry", Rule.REGISTRY, R),
    Field("First ID", "first_id", Rule.ITMO_ID, R),
    Field("Last ID", "last_id", Rule.ITMO_ID, R),
)
_UNDERLYING = (
    Field("Underlying unit registry ID", "underlying_registry", Rule.UNDERLYING_REGISTRY, OPT),
    Field("First unit ID", "first_unit_id", Rule.TEXT, OPT),
    Field("Last unit ID", "last_unit_id", Rule.TEXT, OPT),
)
_QUANTITIES = (
    Field("Metric", "metric", Rule.METRIC, R),
    Field("Applicable GWP value(s)", "gwp_values", Rule.TEXT, OPT),
    Field("Applicable non-GHG metric", "non_ghg_metric", Rule.TEXT, C),
    Field("Quantity (t CO2 eq)", "quantity", Rule.QUANTITY, R),
    Field("Quantity (in non-GHG metric)", "quantity_non_ghg", Rule.QUANTITY, C),
    Field("Mitigation type", "mitigation_type", Rule.MITIGATION_TYPE, R),
    Field("Vintage", "vintage", Rule.YEAR, R),
)

TABLE_3 = Table(3, "Table 3 Actions", "Table 3: Actions", (
    Field("Action date", "action_date", Rule.DATE, R),
    Field("Action type", "action_type", Rule.ACTION_TYPE, R),
    Field("Action subtype", "subtype", Rule.ACTION_SUBTYPE, OPT),
    *_IDENTITY, *_UNDERLYING, *_QUANTITIES,
    Field("Transferring participating Party ID", "transferring_party", Rule.PARTY, C),
    Field("Acquiring participating Party ID", "acquiring_party", Rule.PARTY, C),
    Field("Purpose for which the ITMO has been used towards or cancelled for OIMP", "oimp_purpose", Rule.TEXT, C),
    Field("Using/cancelling participating Party ID", "using_party", Rule.PARTY, C),
    Field("Using/cancelling authorized entity ID", "using_entity", Rule.TEXT, C),
    Field("Calendar year for which the ITMOs are used towards the Party's NDC", "ndc_use_year", Rule.YEAR, C),
    Field("Result of the consistency checks", "check_result", Rule.CARP_INFORMATION, Need.CARP),
    Field("Additional explanatory information", "explanation", Rule.TEXT, OPT),
), spacers=(9, 13, 19, 22, 25, 30))

TABLE_4 = Table(4, "Table 4 Holdings", "Table 4: Holdings", (*_IDENTITY, *_UNDERLYING, *_QUANTITIES),
                spacers=(6, 10, 16))

TABLE_5 = Table(5, "Table 5 Auth. entities", "Table 5: Authorized entities", (
    Field("Date of the authorization", "authorization_date", Rule.DATE, R),
    Field("Name", "name", Rule.TEXT, R),
    Field("Country of incorporation", "country", Rule.COUNTRY_NAME, R),
    Field("Identification number", "identification_number", Rule.TEXT, R),
    Field("Cooperative approach ID", "cooperative_approach_id", Rule.CA_ID, R),
    Field("Conditions", "conditions", Rule.TEXT, OPT),
    Field("Change and revocation conditions", "change_conditions", Rule.TEXT, OPT),
    Field("Additional explanatory information", "explanation", Rule.TEXT, OPT),
))


def _with_serials(table: Table) -> Table:
    """The same table with v2's integer `First ID`/`Last ID`."""
    fields = tuple(
        Field(f.name, f.key, Rule.SERIAL, f.need) if f.rule is Rule.ITMO_ID else f for f in table.fields
    )
    return Table(table.number, table.sheet, table.heading, fields, table.spacers, table.vertical)


TEMPLATES: dict[IdStyle, Template] = {
    IdStyle.V1: Template(IdStyle.V1, (TABLE_1, TABLE_2, TABLE_3, TABLE_4, TABLE_5), V1_ACTION_TYPES),
    IdStyle.V2: Template(
        IdStyle.V2, (TABLE_1, TABLE_2, _with_serials(TABLE_3), _with_serials(TABLE_4), TABLE_5),
        frozenset(ActionType),
    ),
}

SUMMARY_TABLES = (1, 2, 3, 4, 5)
"""Tables listed on the Summary information sheet (Table 5 is listed but the staff checker ignores it)."""
CHECKED_SUMMARY_TABLES = (1, 2, 3, 4)


def template(generation: IdStyle) -> Template:
    """The layout of one template generation."""
    return TEMPLATES[generation]
