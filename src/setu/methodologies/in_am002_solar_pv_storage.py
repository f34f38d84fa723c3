"""IN_AM002: solar PV with battery storage, crediting only the stored-and-discharged electricity.

India's Article 6.2 list admits renewable energy with storage "only the stored component" (`jcm.md` §8).
The credited quantity is the electricity the battery discharges, less everything it took from the grid:
grid charging is subtracted whole (no round-trip loss allowed for), which can only understate the
PV-charged part. Structure after ID_AM017 "Solar PV + Storage Battery".
"""

from setu.domain.mrv.eligibility import Criterion, IsTrue, NdaiapaFit, NdaiapaStatus, OneOf
from setu.domain.mrv.expressions import Max, Num, Sum, Sym
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
    id="IN_AM002",
    version="1.0",
    title="Solar PV with battery storage (stored component)",
    sectoral_scope="1 Energy industries (renewable/non-renewable sources)",
    summary="Credits only PV electricity stored in and discharged from the battery: "
    "RE = max(0, discharged − charged from grid) × EF; PE = 0.",
    status="setu draft, not approved by the Joint Committee",
    sources=(
        "ID_AM017 Solar PV + Storage Battery (28 Nov 2018) https://www.jcm.go.jp/id-jp/methodologies/78",
        "NDAIAPA Article 6.2 list item 1 (stored component only); jcm.md §4.1, §8",
    ),
    parameters=(
        Parameter(
            "EG_dis", "electricity discharged by battery system i to the load or grid", "MWh",
            ParameterKind.MONITORED, ValueSource.MONITORING, monitoring_option=MonitoringOption.C,
            frequency="continuous metering at the battery output", missing_data=MissingData.ZERO,
        ),
        Parameter(
            "EG_ch_grid", "electricity drawn from the grid to charge battery system i", "MWh",
            ParameterKind.MONITORED, ValueSource.MONITORING, monitoring_option=MonitoringOption.C,
            frequency="continuous metering at the grid charging point", missing_data=MissingData.CEILING,
        ),
        EF_GRID,
        EF_CAPTIVE,
    ),
    options=(DISPLACED,),
    equations=(
        EF_RE,
        Equation(
            "EG_stored", Max(Sym("EG_dis") - Sym("EG_ch_grid"), Num("0", "MWh")), "MWh",
            "PV electricity stored and discharged: discharge net of all grid charging", per_equipment=True,
        ),
        Equation("RE", Sum(Sym("EG_stored") * Sym("EF_RE")), "tCO2", "reference emissions of period p"),
        Equation("PE", Num("0", "tCO2"), "tCO2", "project emissions: none"),
    ),
    eligibility=(
        Criterion(
            "C1", "The project installs solar PV with battery storage.",
            (OneOf("technology", ("solar PV with battery storage",)),),
        ),
        Criterion("C2", "PV modules are certified to IEC 61215 and IEC 61730.", (IsTrue("pv_modules_iec_certified"),)),
        Criterion("C3", "The battery system is certified to IEC 62619.", (IsTrue("battery_iec_62619_certified"),)),
        Criterion(
            "C4", "Battery discharge and any charging from the grid are metered separately.",
            (IsTrue("discharge_metered"), IsTrue("grid_charging_metered")),
        ),
    ),
    ndaiapa=NdaiapaFit(
        NdaiapaStatus.CONDITIONAL, (1,),
        "Only the stored component is eligible; this methodology credits nothing else.",
    ),
)
