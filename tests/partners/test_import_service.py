"""services.import_partners: every row checked first, then all rows written or none."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from setwise.partners import io
from setwise.partners.models import Capability, Partner
from setwise.partners.services import ImportResult, import_partners, reindex
from tests.partners.factories import make_partner
from tests.partners.spreadsheets import csv_text, row, xlsx_bytes

pytestmark = pytest.mark.django_db


def errors_of(result: ImportResult) -> list[tuple[int | None, str, str]]:
    return [(e.row, e.column, e.message) for e in result.errors]


def test_imports_every_field_and_relation(partner_manager) -> None:
    data = csv_text(
        row(
            "Hanbit Pictures",
            kinds="production;VFX;post / di",
            name_local="한빛픽처스",
            city="Seoul",
            capabilities="ACES; IMF delivery",
            languages="ko;EN",
            size="10-49 people",
            website="hanbit.example.kr",
            email="info@hanbit.example.kr",
            phone="+82 2 555 0100",
            status="Onboarding",
            notes="Met at BIFF",
        )
    ).encode()
    result = import_partners(partner_manager, data, "partners.csv")
    assert result.as_dict() == {"created": 1, "errors": []}
    p = Partner.objects.get()
    assert (p.name, p.name_local, p.country, p.city) == ("Hanbit Pictures", "한빛픽처스", "KR", "Seoul")
    assert sorted(p.kinds.values_list("code", flat=True)) == ["post", "production", "vfx"]
    assert sorted(p.capabilities.values_list("slug", flat=True)) == ["aces", "imf-delivery"]
    assert sorted(p.languages.values_list("code", flat=True)) == ["en", "ko"]
    assert (p.size, p.website, p.email, p.phone, p.status, p.notes) == (
        "small",
        "https://hanbit.example.kr",
        "info@hanbit.example.kr",
        "+82 2 555 0100",
        "onboarding",
        "Met at BIFF",
    )
    assert p.name_key == "hanbitpictures" and p.name_local_key == "한빛픽처스"


def test_imported_partner_is_indexed_and_has_history_like_a_created_one(partner_manager) -> None:
    data = csv_text(row("Sakura Eizo", "JP", "post;vfx", name_local="桜映像", capabilities="IMF delivery")).encode()
    import_partners(partner_manager, data, "p.csv")
    p = Partner.objects.get()
    imported_text = p.search_text
    reindex(p)
    assert imported_text == Partner.objects.get().search_text
    assert Partner.objects.search("桜映像").get() == p  # type: ignore[attr-defined]
    record = p.history.get()
    assert record.history_type == "+" and record.history_user == partner_manager
    assert sorted(record.kinds.values_list("partnerkind_id", flat=True)) == ["post", "vfx"]
    assert list(record.capabilities.values_list("capability__name", flat=True)) == ["IMF delivery"]


def test_reuses_existing_capabilities(partner_manager) -> None:
    make_partner(partner_manager, "Existing", capabilities=["Dolby Atmos certified stage"])
    import_partners(partner_manager, csv_text(row("New", capabilities="dolby atmos  certified stage")).encode())
    assert Capability.objects.count() == 1


def test_several_errors_of_several_rows_are_reported_together_and_nothing_is_written(partner_manager) -> None:
    data = csv_text(
        row("Good One"),
        row("", "XX", "nope", languages="ko;xx", size="huge", website="not a url", email="bad@", status="weird"),
        row("Good Two", "", ""),
    ).encode()
    result = import_partners(partner_manager, data, "p.csv")
    assert result.created == 0
    assert errors_of(result) == [
        (3, "name", "a name is required"),
        (3, "country", "'XX' is not an ISO 3166 country code"),
        (
            3,
            "kinds",
            "'nope' is not a partner kind (one of: production, vfx, post, dubbing, subtitling, sound, "
            "equipment, location, training)",
        ),
        (3, "languages", "'xx' is not a known language code"),
        (3, "size", "'huge' is not a size (one of: micro, small, medium, large)"),
        (3, "website", "'not a url' is not a valid web address"),
        (3, "email", "'bad@' is not a valid e-mail address"),
        (3, "status", "'weird' is not a status (one of: active, onboarding, inactive)"),
        (4, "country", "a country is required"),
        (4, "kinds", "at least one kind is required"),
    ]
    assert not Partner.objects.exists()


def test_one_bad_row_among_good_ones_imports_nothing(partner_manager) -> None:
    good = [row(f"Company {i}") for i in range(30)]
    data = csv_text(*good[:20], row("Bad", "ZZ"), *good[20:]).encode()
    result = import_partners(partner_manager, data)
    assert errors_of(result) == [(22, "country", "'ZZ' is not an ISO 3166 country code")]
    assert Partner.objects.count() == 0 and Capability.objects.count() == 0


def test_duplicate_rows_in_the_file_local_and_romanised_names(partner_manager) -> None:
    data = csv_text(
        row("Hanbit Pictures", name_local="(주)한빛픽처스"),
        row("HANBIT PICTURES Co., Ltd."),  # same romanised name
        row("한빛 픽처스"),  # the local name given as the name
        row("Hanbit Pictures", "JP"),  # another country: a different company
    ).encode()
    result = import_partners(partner_manager, data)
    assert errors_of(result) == [
        (3, "name", "the same partner as row 2 ('HANBIT PICTURES Co., Ltd.' in KR)"),
        (4, "name", "the same partner as row 2 ('한빛 픽처스' in KR)"),
    ]
    assert not Partner.objects.exists()


def test_duplicates_of_existing_partners(partner_manager) -> None:
    existing = make_partner(partner_manager, "Sakura Eizo", "JP", name_local="桜映像株式会社")
    data = csv_text(row("New Films", "JP"), row("桜映像", "JP"), row("Sakura Eizo K.K.", "TH")).encode()
    result = import_partners(partner_manager, data)
    assert errors_of(result) == [(3, "name", f"already in the directory as 'Sakura Eizo' (JP, id {existing.pk})")]
    assert Partner.objects.count() == 1


def test_file_level_errors_come_back_as_errors(partner_manager) -> None:
    result = import_partners(partner_manager, b"\x89PNG\r\n\x1a\n\x00\x00", "logo.png")
    assert result.created == 0 and result.errors[0].row is None and "PNG image" in result.errors[0].message


def test_xlsx_import(partner_manager) -> None:
    data = xlsx_bytes(
        [io.COLUMNS, ["Fah Sai Sound", "ฟ้าใส ซาวด์", "TH", "Bangkok", "sound", "Dolby Atmos", "th;en", "micro"]]
    )
    assert import_partners(partner_manager, data, "partners.xlsx").created == 1
    p = Partner.objects.get()
    assert (p.name_local, p.city, p.size) == ("ฟ้าใส ซาวด์", "Bangkok", "micro")


def test_round_trip_export_then_import_into_an_empty_directory(partner_manager) -> None:
    make_partner(
        partner_manager,
        "Hanbit Pictures",
        "KR",
        ["production", "vfx"],
        name_local="한빛픽처스",
        city="Seoul",
        capabilities=["ACES", "IMF delivery"],
        languages=["ko", "en"],
        size="medium",
        website="https://hanbit.example.kr",
        email="info@hanbit.example.kr",
        phone="+82 2 555 0100",
        status="inactive",
        notes='Line one\nline two, with "quotes"; and =formula',
    )
    make_partner(partner_manager, "Sakura Eizo", "JP", ["post"], name_local="桜映像")
    make_partner(partner_manager, "Fah Sai Sound", "TH", ["sound"], name_local="ฟ้าใส ซาวด์", phone="-")
    for export, filename in ((io.export_csv, "p.csv"), (io.export_xlsx, "p.xlsx")):
        before = io.export_csv(Partner.objects.all())
        exported = export(Partner.objects.all())
        data = exported.encode("utf-8-sig") if isinstance(exported, str) else exported
        Partner.objects.all().delete()
        assert import_partners(partner_manager, data, filename).as_dict() == {"created": 3, "errors": []}
        assert io.export_csv(Partner.objects.all()) == before


def test_large_file_imports_in_bulk(partner_manager, django_assert_max_num_queries) -> None:
    lines = [
        row(
            f"Company {i}",
            ["KR", "JP", "TH", "ID"][i % 4],
            "vfx;post",
            capabilities=f"ACES;Tag {i % 7}",
            languages="en",
        )
        for i in range(2500)
    ]
    with django_assert_max_num_queries(150):
        result = import_partners(partner_manager, csv_text(*lines).encode(), "big.csv")
    assert result.created == 2500
    assert Partner.objects.filter(kinds__code="post").count() == 2500
    assert Partner.objects.filter(capabilities__slug="aces").count() == 2500


def test_progress_is_reported(partner_manager) -> None:
    seen: list[int] = []
    import_partners(partner_manager, csv_text(row("A"), row("B")).encode(), progress=lambda p, m: seen.append(p))
    assert seen[0] == 0 and seen[-1] == 100 and seen == sorted(seen)


def test_permission_and_system_actor(outsider, partner_manager) -> None:
    data = csv_text(row("A")).encode()
    with pytest.raises(PermissionDenied):
        import_partners(outsider, data)
    with pytest.raises(PermissionDenied):
        import_partners(None, data)  # no user means the system only when said so explicitly
    with pytest.raises(ValueError):
        import_partners(partner_manager, data, as_system=True)
    assert import_partners(None, data, as_system=True).created == 1
    assert Partner.objects.get().history.get().history_user is None
