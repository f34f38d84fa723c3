"""The controlled vocabularies of Article 6.2 reporting, as enums with their exact template spellings.

Values follow the "List of common nomenclatures under Article 6, paragraph 2" (17 Feb 2026) as
transcribed in `article6.md` §2.3, §2.2 and §5. Each enum's value is the spelling setu *emits*; `parse`
also accepts the variants other sources use (`article6.md` §9 rows 4, 9 and 15), so workbooks made
elsewhere read back. Anything else is a `ValueError` naming the field: never a silent default.
"""

from __future__ import annotations

from enum import Enum
from typing import Self


class _Spelled(Enum):
    """An enum whose value is its template spelling, with accepted variants per member."""

    # Members are singletons compared by identity, so identity hashing is consistent with equality;
    # Enum's own __hash__ runs Python code, which set and dict lookups in the AEF checks pay per row.
    __hash__ = object.__hash__

    @classmethod
    def variants(cls) -> dict[str, Self]:
        """Accepted spellings (case-folded) beyond the value itself."""
        return {}

    @classmethod
    def parse(cls, text: object, *, field: str) -> Self:
        """The member spelled `text` (exact value, or a listed variant case-insensitively)."""
        if isinstance(text, str):
            for member in cls:
                if text == member.value:
                    return member
            folded = text.strip().casefold()
            for member in cls:
                if folded == member.value.casefold():
                    return member
            if folded in cls.variants():
                return cls.variants()[folded]
        allowed = ", ".join(repr(m.value) for m in cls)
        raise ValueError(f"{field}: {text!r} is not one of {allowed}")


class Purpose(_Spelled):
    """Purposes for authorization (`article6.md` §2.3): seven values."""

    NDC = "NDC"
    OIMP = "OIMP"
    IMP = "IMP"
    OP = "OP"
    NDC_AND_OIMP = "NDC and OIMP"
    NDC_AND_IMP = "NDC and IMP"
    NDC_AND_OP = "NDC and OP"

    @classmethod
    def variants(cls) -> dict[str, Purpose]:
        return {"other": cls.OP}  # UNDP's OTHER (§9 row 15)

    @property
    def allows_ndc(self) -> bool:
        """Use towards an NDC is authorized."""
        return self.value.startswith("NDC")

    @property
    def oimp_part(self) -> Purpose | None:
        """The other-international-mitigation part (OIMP, IMP or OP), or None for NDC alone."""
        return {
            Purpose.OIMP: Purpose.OIMP, Purpose.IMP: Purpose.IMP, Purpose.OP: Purpose.OP,
            Purpose.NDC_AND_OIMP: Purpose.OIMP, Purpose.NDC_AND_IMP: Purpose.IMP, Purpose.NDC_AND_OP: Purpose.OP,
        }.get(self)

    @property
    def allows_oimp(self) -> bool:
        """Some other international mitigation purpose is authorized."""
        return self.oimp_part is not None


class FirstTransferDefinition(_Spelled):
    """What event is the first transfer (`article6.md` §2.2), as Table 2 spells it.

    For NDC-only authorizations the definition is fixed by decision 2/CMA.3 annex para 2(a): the first
    international transfer. For OIMP the first transferring Party chooses one of the other three.
    """

    AUTHORIZATION = "Authorisation"
    ISSUANCE = "Issuance"
    USE_OR_CANCELLATION = "Use or Cancellation"
    FIRST_INTERNATIONAL_TRANSFER = "First international transfer"

    @classmethod
    def variants(cls) -> dict[str, FirstTransferDefinition]:
        return {  # the staff checker's spellings (§9 row 9)
            "authorization": cls.AUTHORIZATION,
            "use of cancellation": cls.USE_OR_CANCELLATION,
        }

    @property
    def is_oimp_choice(self) -> bool:
        """One of the three events a Party may choose for OIMP."""
        return self is not FirstTransferDefinition.FIRST_INTERNATIONAL_TRANSFER

    @property
    def action_subtype(self) -> ActionSubtype:
        """The `First transfer` subtype that records this definition's event (§2.2)."""
        return {
            FirstTransferDefinition.AUTHORIZATION: ActionSubtype.AUTHORIZATION,
            FirstTransferDefinition.ISSUANCE: ActionSubtype.ISSUANCE,
            FirstTransferDefinition.USE_OR_CANCELLATION: ActionSubtype.USE_OR_CANCELLATION,
            FirstTransferDefinition.FIRST_INTERNATIONAL_TRANSFER: ActionSubtype.FIRST_TRANSFER_TO_PARTY,
        }[self]


class ActionType(_Spelled):
    """Table 3 action types (§5.3). The 2024 template accepts only `V1_ACTION_TYPES`."""

    AUTHORIZATION = "Authorization"
    FIRST_TRANSFER = "First transfer"
    TRANSFER = "Transfer"
    ACQUISITION = "Acquisition"
    USE = "Use"
    CANCELLATION = "Cancellation"
    VOLUNTARY_CANCELLATION = "Voluntary Cancellation"


V1_ACTION_TYPES = frozenset(
    {ActionType.FIRST_TRANSFER, ActionType.TRANSFER, ActionType.ACQUISITION, ActionType.USE, ActionType.CANCELLATION}
)
"""The five action types the secretariat's 2024 template and checker accept (§4.2, §9 row 4)."""


class ActionSubtype(_Spelled):
    """Table 3 action subtypes (§5.4) and the action types each belongs to (`ALLOWED_SUBTYPES`)."""

    FIRST_TRANSFER_TO_PARTY = "First transfer to another Party"
    AUTHORIZATION = "Authorization"
    ISSUANCE = "Issuance"
    USE_OR_CANCELLATION = "Use or cancellation"
    MANDATORY_OMGE = "Mandatory cancellation to deliver OMGE"
    VOLUNTARY_OMGE = "Voluntary cancellation to deliver OMGE"
    MANDATORY_ADAPTATION_FUND = "Mandatory transfer to the Adaptation Fund (A6.4 ERs)"
    VOLUNTARY_ADAPTATION_FUND = "Voluntary transfer to the Adaptation Fund (A6.4 ERs)"
    OTHER_CANCELLATIONS = "Other cancellations"
    NOT_YET_DEFINED = "Not yet defined"


_CANCELLING = frozenset({
    ActionSubtype.MANDATORY_OMGE, ActionSubtype.VOLUNTARY_OMGE, ActionSubtype.MANDATORY_ADAPTATION_FUND,
    ActionSubtype.VOLUNTARY_ADAPTATION_FUND, ActionSubtype.OTHER_CANCELLATIONS, ActionSubtype.NOT_YET_DEFINED,
})

ALLOWED_SUBTYPES: dict[ActionType, frozenset[ActionSubtype]] = {
    ActionType.AUTHORIZATION: frozenset({ActionSubtype.NOT_YET_DEFINED}),
    ActionType.FIRST_TRANSFER: frozenset({
        ActionSubtype.FIRST_TRANSFER_TO_PARTY, ActionSubtype.AUTHORIZATION, ActionSubtype.ISSUANCE,
        ActionSubtype.USE_OR_CANCELLATION, ActionSubtype.NOT_YET_DEFINED,
    }),
    ActionType.TRANSFER: frozenset({ActionSubtype.NOT_YET_DEFINED}),
    ActionType.ACQUISITION: frozenset({ActionSubtype.NOT_YET_DEFINED}),
    ActionType.USE: frozenset({ActionSubtype.NOT_YET_DEFINED}),
    ActionType.CANCELLATION: _CANCELLING,
    ActionType.VOLUNTARY_CANCELLATION: _CANCELLING,
}
"""Which subtypes each action type may carry (§5.4; the type mapping is [I]). A blank subtype is always allowed."""


class Metric(_Spelled):
    """The metric of an authorization and its ITMOs."""

    GHG = "GHG"
    NON_GHG = "non-GHG"


class MitigationType(_Spelled):
    """Emission reductions, removals, or both (§5.5)."""

    EMISSION_REDUCTIONS = "Emission reductions"
    REMOVALS = "Removals"
    BOTH = "Emission reductions and removals"


class Sector(_Spelled):
    """Sectors (NOM 15b, §5.1)."""

    AGRICULTURE = "Agriculture"
    BUILDING_AND_CONSTRUCTION = "Building and construction"
    CROSS_SECTORAL = "Cross-sectoral mechanisms"
    ENERGY_GENERATION = "Energy generation"
    FORESTRY_AND_LAND_USE = "Forestry and land use"
    INDUSTRIAL_PROCESSES = "Industrial processes"
    TRANSPORTATION = "Transportation"
    URBAN_DEVELOPMENT = "Urban development"
    WASTE_MANAGEMENT = "Waste management"


class ActivityType(_Spelled):
    """Activity types (NOM 51b, §5.2), spelled verbatim (including `C02 usage` with a digit zero)."""

    AFFORESTATION = "Afforestation"
    AGRICULTURE = "Agriculture"
    BIOGAS = "Biogas"
    BIOMASS_ENERGY = "Biomass Energy"
    CEMENT = "Cement"
    CO2_USAGE = "C02 usage"
    COAL_BED_MINE_METHANE = "Coal bed/mine methane"
    ENERGY_DISTRIBUTION = "Energy distribution"
    EE_HOUSEHOLDS = "Energy Efficiency households"
    EE_INDUSTRY = "Energy Efficiency Industry"
    EE_OWN_GENERATION = "Energy Efficiency own generation"
    EE_SERVICE = "Energy Efficiency service"
    EE_SUPPLY_SIDE = "Energy Efficiency supply side"
    FOSSIL_FUEL_SWITCH = "Fossil fuel switch"
    FUGITIVE = "Fugitive"
    GEOTHERMAL = "Geothermal"
    HYDRO = "Hydro"
    LANDFILL_GAS = "Landfill gas"
    METHANE_AVOIDANCE = "Methane avoidance"
    N2O = "N2O"
    PFCS_AND_SF6 = "PFCs and SF6"
    REFORESTATION = "Reforestation"
    SOLAR = "Solar"
    TIDAL = "Tidal"
    TRANSPORT = "Transport"
    WASTE = "Waste"
    WIND = "Wind"

    @classmethod
    def variants(cls) -> dict[str, ActivityType]:
        return {"co2 usage": cls.CO2_USAGE}  # the letter O, read back to the nomenclature's digit zero


class UnderlyingRegistry(_Spelled):
    """`Underlying unit registry ID` values (§5.5); `NA` when there is no underlying unit."""

    VCS = "VCS"
    GS = "GS"
    CAR = "CAR"
    ACR = "ACR"
    ART = "ART"
    GCC = "GCC"
    CERCARBONO = "Cercarbono"
    ISOMETRIC = "Isometric"
    ISFL = "ISFL"
    FCPF = "FCPF"
    T_VER = "T-VER"
    JCM = "JCM"
    NA = "NA"


PARTY_NAMES: dict[str, str] = {"IND": "India", "JPN": "Japan"}
"""Party names where the 2024 template wants a name, not a code (Table 1 `Party`, Table 5 country; §9 row 7).

Only the two Parties of this cooperative approach; extend when another joins."""


def party_name(code: str) -> str:
    """The template's name for Party `code` (`IND` -> `India`)."""
    try:
        return PARTY_NAMES[code]
    except KeyError:
        raise ValueError(f"party: no name is known for {code!r}; add it to PARTY_NAMES") from None


def party_from_name(name: str) -> str | None:
    """The alpha-3 code for a Party `name` (`India` -> `IND`), None when unknown."""
    for code, known in PARTY_NAMES.items():
        if name.strip().casefold() == known.casefold():
            return code
    return None
