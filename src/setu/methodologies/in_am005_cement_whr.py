"""IN_AM005: waste-heat-recovery power generation in cement plants (after MM_AM005 v1.0).

`jcm.md` §4.4: the net electricity the WHR system supplies to the cement plant displaces grid and/or
captive power; no fossil fuel raises the steam, so project emissions are zero. Cement is a CCTS obligated
sector, so the same MWh can lower the plant's GHG intensity there: the checklist requires a declaration
that they are not claimed under CCTS (`ccts.md` §6).
"""

from setu.domain.mrv.eligibility import Criterion, IsTrue, NdaiapaFit, NdaiapaStatus, OneOf
from setu.domain.mrv.expressions import Num, Sum, Sym
from setu.domain.mrv.methodology import (
    Equation,
    Methodology,
    MissingData,
    MonitoringOption,
    Parameter,
    ParameterKind,
    ValueSource,
)
from setu.methodologies.common import DISPLACED, EF_CAPTIVE, EF_GRID, EF_RE

METHODOLOGY = Methodology(
    id="IN_AM005",
    version="1.0",
    title="Power generation by waste heat recovery in cement plants",
    sectoral_scope="1 Energy industries; 4 Manufacturing industries",
    summary="RE = Σ net WHR electricity supplied × EF; PE = 0.",
    status="setu draft, not approved by the Joint Committee",
    sources=("MM_AM005 v1.0 (20 Apr 2020) https://www.jcm.go.jp/mm-jp/methodologies/112", "jcm.md §4.4"),
    parameters=(
        Parameter(
            "EG_WHR", "net electricity supplied by WHR system i to the cement plant", "MWh", ParameterKind.MONITORED,
            ValueSource.MONITORING, monitoring_option=MonitoringOption.C,
            frequency="continuous metering at the supply point, net of the WHR system's own use",
            missing_data=MissingData.ZERO,
        ),
        EF_GRID,
        EF_CAPTIVE,
    ),
    options=(DISPLACED,),
    equations=(
        EF_RE,
        Equation("RE", Sum(Sym("EG_WHR") * Sym("EF_RE")), "tCO2", "reference emissions of period p"),
        Equation("PE", Num("0", "tCO2"), "tCO2", "project emissions: no fossil fuel raises steam"),
    ),
    eligibility=(
        Criterion("C1", "The project recovers waste heat at a cement plant to generate power.",
                  (OneOf("technology", ("cement waste heat recovery",)),)),
        Criterion("C2", "The heat comes from the kiln's preheater or clinker-cooler exhaust.", (IsTrue("heat_from_kiln_exhaust"),)),
        Criterion("C3", "No fossil fuel is fired to raise steam.", (IsTrue("no_supplementary_firing"),)),
        Criterion(
            "C4", "The same electricity is not claimed under India's CCTS (GEI target or offset).",
            (IsTrue("not_claimed_under_ccts"),),
        ),
    ),
    ndaiapa=NdaiapaFit(
        NdaiapaStatus.UNCONFIRMED, (9, 7),
        "WHR may count as best available technology in a hard-to-abate sector; NDAIAPA has not confirmed it. "
        "Cement is a CCTS obligated sector: double-claiming risk.",
    ),
)
