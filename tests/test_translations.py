"""Korean and Japanese catalogues are complete, compiled, and used by the pages."""

from __future__ import annotations

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
LANGUAGES = ["ko", "ja"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{[^}]*\}\}")
ENTRY_LINE = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (".*")$')


@dataclass
class Entry:
    fields: dict[str, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def msgid(self) -> str:
        return self.fields["msgid"]

    @property
    def translations(self) -> list[str]:
        return [value for name, value in self.fields.items() if name.startswith("msgstr")]

    @property
    def catalog_key(self) -> str | tuple[str, int]:
        """The key of this entry in a compiled catalogue (context joined with EOT, plural forms by index)."""
        msgid = self.msgid
        if "msgctxt" in self.fields:
            msgid = f"{self.fields['msgctxt']}\x04{msgid}"
        return (msgid, 0) if "msgid_plural" in self.fields else msgid


def read_po(path: Path) -> list[Entry]:
    """A small reader for the PO format: enough to see every msgid, its translations and its flags."""
    entries: list[Entry] = []
    for block in path.read_text(encoding="utf-8").strip().split("\n\n"):
        entry = Entry()
        current = ""
        for line in block.splitlines():
            if line.startswith("#~"):
                entry.obsolete = True
            elif line.startswith("#,"):
                entry.flags.update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                entry.fields[current] += ast.literal_eval(line)
            else:
                match = ENTRY_LINE.match(line)
                assert match, f"{path}: unreadable line {line!r}"
                current = match.group(1)
                entry.fields[current] = ast.literal_eval(match.group(2))
        entries.append(entry)
    return entries


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


@pytest.fixture(params=LANGUAGES)
def catalogue(request: pytest.FixtureRequest) -> tuple[str, Entry, list[Entry]]:
    entries = read_po(po_path(request.param))
    header, messages = entries[0], entries[1:]
    assert header.msgid == ""
    return request.param, header, messages


def test_header_declares_the_language_and_a_single_plural_form(catalogue) -> None:
    language, header, messages = catalogue
    assert f"Language: {language}\n" in header.fields["msgstr"]
    assert "Plural-Forms: nplurals=1; plural=0;\n" in header.fields["msgstr"]
    assert "Content-Type: text/plain; charset=UTF-8\n" in header.fields["msgstr"]
    assert "fuzzy" not in header.flags
    assert len(messages) > 250  # the whole UI, not a handful of strings


def test_every_message_is_translated_and_none_is_fuzzy(catalogue) -> None:
    language, _header, messages = catalogue
    untranslated = [e.msgid for e in messages if not e.obsolete and not all(e.translations)]
    fuzzy = [e.msgid for e in messages if "fuzzy" in e.flags]
    assert untranslated == [], f"{language}: untranslated messages"
    assert fuzzy == [], f"{language}: fuzzy messages"


def test_plural_messages_have_exactly_one_form(catalogue) -> None:
    _language, _header, messages = catalogue
    plurals = [e for e in messages if "msgid_plural" in e.fields]
    assert plurals
    for entry in plurals:
        assert [name for name in entry.fields if name.startswith("msgstr")] == ["msgstr[0]"], entry.msgid


def test_translations_keep_the_placeholders(catalogue) -> None:
    language, _header, messages = catalogue
    for entry in messages:
        expected = sorted(PLACEHOLDER.findall(entry.msgid))
        for translated in entry.translations:
            assert sorted(PLACEHOLDER.findall(translated)) == expected, f"{language}: {entry.msgid!r}"


def test_compiled_catalogue_matches_the_po_file(catalogue) -> None:
    language, _header, messages = catalogue
    with (LOCALE_DIR / language / "LC_MESSAGES" / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    catalog = compiled._catalog  # type: ignore[attr-defined]  # the parsed .mo table, keyed like the .po
    for entry in messages:
        if entry.obsolete:
            continue
        assert catalog.get(entry.catalog_key) == entry.translations[0], f"{language}: {entry.msgid!r} is stale"


@pytest.mark.parametrize(
    ("language", "english", "translated"),
    [
        ("ko", "Partners", "파트너"),
        ("ko", "Productions", "작품"),
        ("ko", "Production company", "제작사"),
        ("ko", "Intimacy coordinator", "인티머시 코디네이터"),
        ("ko", "1st AD", "퍼스트 조감독"),
        ("ko", "Dubbing", "더빙"),
        ("ja", "Partners", "パートナー"),
        ("ja", "Production company", "制作会社"),
        ("ja", "1st AD", "チーフ助監督"),
        ("ja", "2nd AD", "セカンド助監督"),
        ("ja", "Subtitling", "字幕"),
    ],
)
def test_key_strings_translate_through_django(language: str, english: str, translated: str) -> None:
    with translation.override(language):
        assert translation.gettext(english) == translated
    with translation.override("en"):
        assert translation.gettext(english) == english


@pytest.mark.parametrize(
    ("language", "shooting", "budget", "measure"),
    [("ko", "촬영 유닛", "단위", "단위"), ("ja", "撮影班", "単位", "単位"), ("en", "Unit", "Unit", "Unit")],
)
def test_unit_is_translated_by_meaning(language: str, shooting: str, budget: str, measure: str) -> None:
    """Unit and unit are a shooting unit (1st/2nd unit) on boards, call sheets and daily reports, a measure on
    budget lines and on working-hour violations (h, min); the model fields' labels follow the same split."""
    from django.forms import modelform_factory

    from setwise.budgets.forms import LineForm
    from setwise.budgets.models import BudgetLine
    from setwise.callsheets.forms import GenerateForm
    from setwise.callsheets.models import CallSheet
    from setwise.reports.models import DailyReport, HoursViolation
    from setwise.scheduling.forms import BoardForm
    from setwise.scheduling.models import Board

    with translation.override(language):
        assert translation.pgettext("shooting unit", "Unit") == shooting
        assert translation.pgettext("budget unit", "Unit") == budget
        assert str(BoardForm.base_fields["unit"].label) == shooting
        assert str(GenerateForm.base_fields["unit"].label) == shooting
        assert str(LineForm.base_fields["unit_label"].label) == budget
        for model in (Board, CallSheet, DailyReport):
            assert str(model._meta.get_field("unit").verbose_name) == shooting.lower()
        assert str(BudgetLine._meta.get_field("unit_label").verbose_name) == budget.lower()
        assert str(HoursViolation._meta.get_field("unit").verbose_name) == measure.lower()
        line_form = modelform_factory(BudgetLine, fields=["unit_label"])
        assert str(line_form.base_fields["unit_label"].label) == budget
        violation_form = modelform_factory(HoursViolation, fields=["unit"])
        assert str(violation_form.base_fields["unit"].label) == measure


@pytest.mark.parametrize("language", LANGUAGES)
def test_board_warnings_and_post_milestones_are_translated(language: str) -> None:
    """The labels of the stripboard's checks and of the post plan's milestones and phases are in the catalogues
    (made with the gettext names makemessages extracts), and the post milestone "Delivery" is a delivery to the
    platform, not the e-mail delivery of call sheets."""
    from setwise.post.selectors import MILESTONE_LABELS, PHASE_LABELS
    from setwise.scheduling.selectors import WARNING_LABELS

    labels = [*WARNING_LABELS.values(), *MILESTONE_LABELS.values(), *PHASE_LABELS.values()]
    with translation.override("en"):
        english = [str(label) for label in labels]
    with translation.override(language):
        same = sorted({text for label, text in zip(labels, english, strict=True) if str(label) == text})
        assert str(MILESTONE_LABELS["delivery"]) != translation.gettext("Delivery")
    assert same == ["QC"]  # QC reads QC in both languages
    with translation.override("ko"):
        assert (str(WARNING_LABELS["day_too_long"]), str(MILESTONE_LABELS["delivery"])) == ("촬영 시간 초과", "납품")
    with translation.override("ja"):
        assert (str(WARNING_LABELS["turnaround"]), str(MILESTONE_LABELS["picture_lock"])) == (
            "休息時間",
            "ピクチャーロック",
        )


def test_plural_and_placeholder_through_django() -> None:
    with translation.override("ja"):
        assert translation.ngettext("%(counter)s episode", "%(counter)s episodes", 16) % {"counter": 16} == "全16話"
    with translation.override("ko"):
        text = translation.gettext("Partner “%(name)s” was added.") % {"name": "한빛 픽처스"}
        assert text == "파트너 “한빛 픽처스”을(를) 추가했습니다."


def nav_labels(response) -> list[str]:
    return [item["label"] for item in response.context["nav_items"]]


@pytest.mark.django_db
def test_partner_list_in_japanese_from_the_browser_language(client, outsider) -> None:
    client.force_login(outsider)
    response = client.get(reverse("partners:list"), HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 200
    assert nav_labels(response) == ["ホーム", "作品", "パートナー", "ネットワーク", "API"]
    html = response.content.decode()
    assert '<html lang="ja">' in html
    for label in (
        "<h1>パートナー</h1>",
        "ネットワークの概要",
        "CSVエクスポート",
        "絞り込み",
        "取引開始年",
        "ログアウト",
    ):
        assert label in html
    assert "Network overview" not in html


@pytest.mark.django_db
def test_language_chosen_by_a_user_sticks_to_the_pages(client, make_user) -> None:
    user = make_user("tanaka")
    client.force_login(user)
    response = client.post(reverse("set_language"), {"language": "ja", "next": reverse("partners:list")})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == "ja"

    page = client.get(reverse("partners:list"))
    assert nav_labels(page) == ["ホーム", "作品", "パートナー", "ネットワーク", "API"]
    assert "ログアウト" in page.content.decode()

    client.post(reverse("set_language"), {"language": "ko", "next": reverse("partners:list")})
    page = client.get(reverse("partners:list"))
    assert nav_labels(page) == ["홈", "작품", "파트너", "네트워크", "API"]
    assert "로그아웃" in page.content.decode()
