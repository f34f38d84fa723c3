"""The methodologies setu can calculate, one module each; adding one is one new module and one line here."""

from __future__ import annotations

from setu.domain.mrv.methodology import Methodology
from setu.methodologies import (
    in_am001_solar_pv,
    in_am002_solar_pv_storage,
    in_am003_centrifugal_chiller,
    in_am004_led_lighting,
    in_am005_cement_whr,
)

METHODOLOGIES: tuple[Methodology, ...] = (
    in_am001_solar_pv.METHODOLOGY,
    in_am002_solar_pv_storage.METHODOLOGY,
    in_am003_centrifugal_chiller.METHODOLOGY,
    in_am004_led_lighting.METHODOLOGY,
    in_am005_cement_whr.METHODOLOGY,
)


class UnknownMethodology(LookupError):
    """No methodology with that id (and version)."""


def find_methodology(methodology_id: str, version: str | None = None) -> Methodology:
    """The methodology `id` in `version`, or its latest version when none is given."""
    candidates = [m for m in METHODOLOGIES if m.id == methodology_id.upper()]
    if version is not None:
        candidates = [m for m in candidates if m.version == version]
    if not candidates:
        known = ", ".join(m.reference for m in METHODOLOGIES)
        wanted = methodology_id + (f" v{version}" if version else "")
        raise UnknownMethodology(f"no methodology {wanted}; known: {known}")
    return max(candidates, key=lambda m: tuple(int(p) for p in m.version.split(".")))
