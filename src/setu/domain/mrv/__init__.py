"""Methodologies and MRV: exact quantities, methodology definitions, calculation with a trace, eligibility.

Pure like the rest of the domain: no files, no polars, no spreadsheets. The adapters in `setu.mrv` read
monitoring data and write reports around it.
"""
