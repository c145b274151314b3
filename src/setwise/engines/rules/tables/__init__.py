"""Rule data shipped with the rules engine: one JSON document per country (law), agreement and the studio policy.

See ``setwise.engines.rules.documents`` for the schema; values are seeded from the design reference (rules.md §1).
"""
