"""IN_AM003: high-efficiency (non-inverter) centrifugal chiller (after TH_AM005 Ver3.0, CR_AM002).

`jcm.md` §4.2: the reference chiller would use the project chiller's electricity scaled by the ratio of
COPs (project, standardised to 37 °C cooling-water outlet and 7 °C chilled-water outlet, over the
reference COP of the capacity band). ER = EC × EF × (COP_PJ,tc / COP_RE − 1), positive only when the
project chiller beats the reference.

The reference COP bands are India-specific and not yet fixed by the Joint Committee: the values here are
provisional setu placeholders patterned on TH_AM005's structure, and a project cannot override them.
"""

from setu.domain.mrv.eligibility import AtLeast, AtMost, Criterion, IsTrue, NdaiapaFit, NdaiapaStatus, OneOf
from setu.domain.mrv.expressions import Lookup, Num, Sum, Sym
from setu.domain.mrv.methodology import (
    Band,
    Equation,
    LookupTable,
    Methodology,
    MissingData,
    MonitoringOption,
    Parameter,
    ParameterKind,
    ValueSource,
)
from setu.methodologies.common import DISPLACED, EF_CAPTIVE, EF_GRID, EF_RE


def _spec(symbol: str, description: str, unit: str, minimum: str, maximum: str) -> Parameter:
    return Parameter(
        symbol, description, unit, ParameterKind.EX_ANTE, ValueSource.PROJECT,
        monitoring_option=MonitoringOption.A, frequency="fixed ex ante from the manufacturer's specification",
        minimum=minimum, maximum=maximum,
    )


def _temperature_default(symbol: str, description: str) -> Parameter:
    return Parameter(
        symbol, description, "degC", ParameterKind.EX_ANTE, ValueSource.DEFAULT, monitoring_option=MonitoringOption.A,
        frequency="fixed ex ante", default="1.5",
        default_source="[I] TH_AM005 temperature-difference default as recalled in jcm.md §4.2; verify",
    )


COP_STANDARDISED = (
    Sym("COP_PJ") * (Sym("T_cool_out") - Sym("T_chill_out") + Sym("TD_chill") + Sym("TD_cool"))
    / (Num("37", "degC") - Num("7", "degC") + Sym("TD_chill") + Sym("TD_cool"))
)

METHODOLOGY = Methodology(
    id="IN_AM003",
    version="1.0",
    title="Installation of high-efficiency centrifugal chillers",
    sectoral_scope="3 Energy demand",
    summary="RE = Σ EC_PJ × (COP_PJ,tc / COP_RE) × EF; PE = Σ EC_PJ × EF.",
    status="setu draft, not approved by the Joint Committee; reference COP bands are provisional",
    sources=(
        "TH_AM005 Ver3.0 (11 Oct 2023) https://www.jcm.go.jp/th-jp/methodologies/144",
        "CR_AM002; jcm.md §4.2 (equations reconstructed; temperature correction recalled [I])",
    ),
    parameters=(
        Parameter(
            "EC_PJ", "electricity consumed by project chiller i", "MWh", ParameterKind.MONITORED,
            ValueSource.MONITORING, monitoring_option=MonitoringOption.C,
            frequency="continuous metering, aggregated per monitoring period", missing_data=MissingData.ZERO,
        ),
        _spec("COP_PJ", "COP of project chiller i at its rated temperature conditions (specification)", "1", "1", "15"),
        _spec("T_cool_out", "cooling-water outlet temperature of the rated conditions of chiller i", "degC", "20", "45"),
        _spec("T_chill_out", "chilled-water outlet temperature of the rated conditions of chiller i", "degC", "0", "15"),
        _spec("Q_cap", "cooling capacity of project chiller i (checklist C2: 300 to 1,250 USRt)", "USRt", "300", "1250"),
        _temperature_default("TD_chill", "temperature difference between chilled-water outlet and evaporating temperature"),
        _temperature_default("TD_cool", "temperature difference between condensing temperature and cooling-water outlet"),
        EF_GRID,
        EF_CAPTIVE,
    ),
    tables=(
        LookupTable(
            "COP_RE_band", "reference chiller COP by cooling-capacity band", "USRt", "1",
            (
                Band("300", "450", "5.59"),
                Band("450", "500", "5.69"),
                Band("500", "700", "5.75"),
                Band("700", None, "5.95"),  # Q_cap's maximum (1,250 USRt, criterion C2) bounds this band
            ),
            "[I] provisional setu values; India's bands must come from a survey approved by the Joint "
            "Committee (jcm.md §4.2: never reuse another country's bands)",
        ),
    ),
    options=(DISPLACED,),
    equations=(
        Equation("COP_PJ_tc", COP_STANDARDISED, "1", "project COP standardised to 37 °C / 7 °C", per_equipment=True),
        Equation("COP_RE", Lookup("COP_RE_band", Sym("Q_cap")), "1", "reference COP of the capacity band",
                 per_equipment=True),
        EF_RE,
        Equation("RE", Sum(Sym("EC_PJ") * Sym("COP_PJ_tc") / Sym("COP_RE") * Sym("EF_RE")), "tCO2",
                 "reference emissions: the reference chiller's electricity for the same cooling"),
        Equation("PE", Sum(Sym("EC_PJ") * Sym("EF_RE")), "tCO2", "project emissions: the project chiller's electricity"),
    ),
    eligibility=(
        Criterion("C1", "The project installs centrifugal chiller(s).", (OneOf("technology", ("centrifugal chiller",)),)),
        Criterion(
            "C2", "Each project chiller's cooling capacity is between 300 and 1,250 USRt.",
            (AtLeast("cooling_capacity_usrt", "300"), AtMost("cooling_capacity_usrt", "1250")),
        ),
        Criterion("C3", "The compressor is driven at fixed speed (non-inverter).", (OneOf("compressor_drive", ("non-inverter",)),)),
        Criterion("C4", "The refrigerant has zero ozone-depletion potential.", (IsTrue("refrigerant_odp_zero"),)),
        Criterion(
            "C5", "A plan prevents the refrigerant of replaced chillers from being released.",
            (IsTrue("refrigerant_recovery_plan"),),
        ),
    ),
    ndaiapa=NdaiapaFit(
        NdaiapaStatus.UNCONFIRMED, (7,),
        "High-efficiency chillers may count as high-end energy-efficiency technology; NDAIAPA has not confirmed it.",
    ),
)
