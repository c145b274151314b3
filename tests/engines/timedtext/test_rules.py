"""The rule data: every language loads, values match rules.md section 3, and unverified rows cannot be errors."""

from __future__ import annotations

import pytest

from setwise.engines.timedtext import LANGUAGES, RuleDataError, load_rules, normalize_language
from setwise.engines.timedtext.ruleset import rule_from_row

EXPECTED = {  # language: (chars_per_line, status, reading speed adult, children)
    "en": (42, "V", 17, 13),
    "ko": (16, "V", 12, 9),
    "ja": (13, "V", 4, 4),
    "th": (35, "V", 17, 13),
    "id": (42, "U", 17, 13),
    "zh-Hant": (16, "U", 9, 7),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_language_tables(language: str) -> None:
    rules = load_rules(language)
    cpl, status, adult, children = EXPECTED[language]
    assert (rules.require("chars_per_line").value, rules.require("chars_per_line").status) == (cpl, status)
    assert rules.require("reading_speed", "adult").value == adult
    assert rules.require("reading_speed", "children").value == children
    assert rules.require("lines_per_event").value == 2
    assert rules.require("min_duration").value == "5/6"
    assert rules.require("max_duration").value == 7
    assert rules.require("min_gap").value == 2
    for rule in rules.rules:
        assert rule.source and rule.last_checked == "2026-11-25"
        assert not (rule.status == "U" and rule.severity == "error")


def test_language_specific_rows() -> None:
    assert load_rules("ja").require("chars_per_line", "vertical").value == 11
    assert load_rules("ko").get("forbidden_markup", "italic") is not None
    assert load_rules("zh-Hant").get("forbidden_markup", "italic") is not None
    assert load_rules("en").get("forbidden_markup", "italic") is None
    assert load_rules("id").require("chars_per_line").severity == "warning"  # [U]: configurable default only


def test_unverified_row_cannot_be_an_error() -> None:
    row = {"id": "x", "value": 1, "severity": "error", "status": "U", "source": "s", "last_checked": "2026-11-25"}
    with pytest.raises(RuleDataError, match="unverified"):
        rule_from_row(row)
    with pytest.raises(RuleDataError):
        load_rules("en").override([row])
    with pytest.raises(RuleDataError, match="lacks"):
        rule_from_row({"id": "x", "value": 1})


def test_override_replaces_a_row() -> None:
    rules = load_rules("id").override(
        [
            {
                "id": "chars_per_line",
                "value": 40,
                "severity": "error",
                "status": "V",
                "source": "vendor spec",
                "last_checked": "2026-12-01",
            }
        ]
    )
    assert rules.require("chars_per_line").value == 40 and load_rules("id").require("chars_per_line").value == 42


@pytest.mark.parametrize(
    ("given", "code"), [("zh-TW", "zh-Hant"), ("zh_Hant", "zh-Hant"), ("EN-us", "en"), ("ja", "ja")]
)
def test_language_aliases(given: str, code: str) -> None:
    assert normalize_language(given) == code
