"""Pure-Python engines (no Django): screenplay parsing, scheduling, rules, timed text, audio QC, names."""
