"""MRV adapters: read monitoring data and project files, aggregate readings, write monitoring reports."""
