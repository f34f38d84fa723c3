"""The pure domain core: values, rules and invariants. No I/O, no persistence, no web."""
