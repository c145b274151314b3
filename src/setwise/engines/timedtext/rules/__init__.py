"""Timed-text rule data, one JSON file per language plus ``general.json`` (rules.md section 3)."""
