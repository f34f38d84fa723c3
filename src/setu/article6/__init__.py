"""Article 6.2 adapters around the pure domain: the corresponding-adjustment report as JSON and as a chart."""
