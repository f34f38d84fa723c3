"""Data files setu ships: CEA grid emission factors and the sample projects the demo uses."""
