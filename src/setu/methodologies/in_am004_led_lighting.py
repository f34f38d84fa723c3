"""IN_AM004: energy-efficient LED lighting (after ID_AM020 and TH_AM016).

`jcm.md` §4.3: reference lighting would use the project lighting's electricity scaled by the ratio of
luminous efficacies (project over reference). The project lighting's electricity is metered, or, where a
lighting group has no meter, its rated power × the facility's opening days × daily lighting hours; each
lighting group picks one basis with the `ec_basis` option.
"""

from setu.domain.mrv.eligibility import AtLeast, Criterion, IsTrue, NdaiapaFit, NdaiapaStatus, OneOf
from setu.domain.mrv.expressions import Choice, Sum, Sym
from setu.domain.mrv.methodology import (
    Equation,
    Methodology,
    MissingData,
    MonitoringOption,
    Option,
    Parameter,
    ParameterKind,
    ValueSource,
)
from setu.methodologies.common import DISPLACED, EF_CAPTIVE, EF_GRID, EF_RE

METHODOLOGY = Methodology(
    id="IN_AM004",
    version="1.0",
    title="Installation of energy-efficient LED lighting",
    sectoral_scope="3 Energy demand",
    summary="RE = Σ EC_PJ × (LE_PJ / LE_RE) × EF; PE = Σ EC_PJ × EF; EC_PJ metered or rated power × days × hours.",
    status="setu draft, not approved by the Joint Committee; LE_RE is provisional",
    sources=(
        "ID_AM020 (31 Oct 2019) https://www.jcm.go.jp/id-jp/methodologies/98",
        "TH_AM016 (17 Jun 2022) https://www.jcm.go.jp/th-jp/methodologies/130; jcm.md §4.3",
    ),
    parameters=(
        Parameter(
            "EC_meter", "metered electricity consumed by LED lighting group i", "MWh", ParameterKind.MONITORED,
            ValueSource.MONITORING, monitoring_option=MonitoringOption.C,
            frequency="continuous metering, aggregated per monitoring period", missing_data=MissingData.ZERO,
        ),
        Parameter(
            "D_open", "days the facility was open, counted from daily opening records (1 per open day)", "d",
            ParameterKind.MONITORED, ValueSource.MONITORING, per_equipment=False,
            monitoring_option=MonitoringOption.B, frequency="daily", missing_data=MissingData.ZERO,
        ),
        Parameter(
            "P_rated", "total rated power of LED lighting group i", "W", ParameterKind.EX_ANTE, ValueSource.PROJECT,
            monitoring_option=MonitoringOption.A, frequency="fixed ex ante from the specification × number of units",
            minimum="0",
        ),
        Parameter(
            "H_daily", "daily lighting hours of group i on an open day", "h/d", ParameterKind.EX_ANTE,
            ValueSource.PROJECT, monitoring_option=MonitoringOption.A, frequency="fixed ex ante from opening hours",
            minimum="0", maximum="24",
        ),
        Parameter(
            "LE_PJ", "luminous efficacy of the project LED lighting of group i", "lm/W", ParameterKind.EX_ANTE,
            ValueSource.PROJECT, monitoring_option=MonitoringOption.A, frequency="fixed ex ante from the specification",
            minimum="80", maximum="300",  # checklist C3; about 300 lm/W is the ceiling for white light
        ),
        Parameter(
            "LE_RE", "luminous efficacy of the reference lighting", "lm/W", ParameterKind.EX_ANTE, ValueSource.DEFAULT,
            per_equipment=False, monitoring_option=MonitoringOption.A, frequency="fixed ex ante", default="65",
            default_source="[I] provisional setu value for high colour-rendering reference downlights; must be set "
            "from a market survey approved by the Joint Committee",
        ),
        EF_GRID,
        EF_CAPTIVE,
    ),
    options=(
        DISPLACED,
        Option("ec_basis", "how the lighting group's electricity is known", ("metered", "rated")),
    ),
    equations=(
        Equation(
            "EC_PJ",
            Choice("ec_basis", (
                ("metered", Sym("EC_meter")),
                ("rated", Sym("P_rated") * Sym("D_open") * Sym("H_daily")),
            )),
            "MWh", "electricity of lighting group i: metered, or rated power × open days × daily hours",
            per_equipment=True,
        ),
        EF_RE,
        Equation("RE", Sum(Sym("EC_PJ") * Sym("LE_PJ") / Sym("LE_RE") * Sym("EF_RE")), "tCO2",
                 "reference emissions: reference lighting giving the same light"),
        Equation("PE", Sum(Sym("EC_PJ") * Sym("EF_RE")), "tCO2", "project emissions: the LED lighting's electricity"),
    ),
    eligibility=(
        Criterion("C1", "The project installs LED downlights or spotlights.", (OneOf("technology", ("LED lighting",)),)),
        Criterion("C2", "The LEDs have a colour rendering index of at least 90.", (AtLeast("colour_rendering_index", "90"),)),
        Criterion("C3", "The project LEDs' luminous efficacy is at least 80 lm/W.", (AtLeast("luminous_efficacy_lm_per_w", "80"),)),
        Criterion("C4", "Replaced lamps are collected and not reused elsewhere.", (IsTrue("replaced_lamps_collected"),)),
    ),
    ndaiapa=NdaiapaFit(
        NdaiapaStatus.UNCONFIRMED, (7,),
        "LED lighting is mainstream in India; its fit under high-end energy efficiency is doubtful without NDAIAPA confirmation.",
    ),
)
