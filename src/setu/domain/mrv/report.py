"""A monitoring report as one immutable value: what was calculated, from what, and how good the data was.

The JSON and workbook writers (`setu.mrv.report_json`, `setu.mrv.report_workbook`) both render this one
value, so the two outputs cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from setu.domain.mrv.calculation import PeriodResult
from setu.domain.mrv.eligibility import CriterionResult
from setu.domain.mrv.findings import Finding
from setu.domain.mrv.methodology import Methodology
from setu.domain.mrv.ndaiapa import NdaiapaFinding
from setu.domain.mrv.project import Project
from setu.domain.mrv.quality import MeterQuality


@dataclass(frozen=True, slots=True)
class DataFile:
    """A monitoring data file the report rests on, identified by its SHA-256."""

    name: str
    sha256: str
    rows: int


@dataclass(frozen=True, slots=True)
class PeriodReport:
    """One monitoring period: its calculation and the QA/QC of every meter in every vintage."""

    result: PeriodResult
    quality: tuple[MeterQuality, ...]


@dataclass(frozen=True, slots=True)
class MonitoringReport:
    """Everything `setu mrv calc` found for one project and its data."""

    methodology: Methodology
    project: Project
    data_files: tuple[DataFile, ...]
    periods: tuple[PeriodReport, ...]
    eligibility: tuple[CriterionResult, ...]
    ndaiapa: NdaiapaFinding
    findings: tuple[Finding, ...]
    generated_at: str
    setu_version: str

    @property
    def er_t(self) -> int:
        """Whole tonnes over every period and vintage."""
        return sum(p.result.er_t for p in self.periods)
