import pytest

from setwise.engines.screenplay.headings import looks_like_heading, parse_heading

CASES = [
    ("S#12. 민호의 집 / 거실 (낮)", "12", None, "민호의 집", "거실", "DAY"),
    ("#12. 학교 운동장 (밤)", "12", None, None, "학교 운동장", "NIGHT"),
    ("씬12 민호의 집 - 밤", "12", None, None, "민호의 집", "NIGHT"),
    ("12. 장소 - 밤", "12", None, None, "장소", "NIGHT"),
    ("○喫茶店・店内（夜）", None, None, "喫茶店", "店内", "NIGHT"),
    ("INT. RUMAH SAKIT - LORONG - SIANG", None, "INT", "RUMAH SAKIT", "LORONG", "DAY"),
    ("EXT. PANTAI - SORE", None, "EXT", None, "PANTAI", "EVENING"),
    ("INT. RUMAH - MALAM", None, "INT", None, "RUMAH", "NIGHT"),
    ("EXT. PASAR - PAGI", None, "EXT", None, "PASAR", "MORNING"),
    ("ภายใน บ้านสมชาย / ห้องนั่งเล่น - กลางคืน", None, "INT", "บ้านสมชาย", "ห้องนั่งเล่น", "NIGHT"),
    ("ฉาก 3. ภายนอก ตลาด - กลางวัน", "3", "EXT", None, "ตลาด", "DAY"),
    ("12. 内景 医院 / 走廊 夜", "12", "INT", "医院", "走廊", "NIGHT"),
    ("3 日 內景 醫院", "3", "INT", None, "醫院", "DAY"),
    ("5. 外景 街道 黄昏", "5", "EXT", None, "街道", "DUSK"),
    ("INT./EXT. CAR - MOVING - DAY", None, "INT/EXT", "CAR", "MOVING", "DAY"),
    ("I/E CAR - DAY", None, "INT/EXT", None, "CAR", "DAY"),
    ("EST. SEOUL - DAWN", None, "EXT", None, "SEOUL", "DAWN"),
    ("12 INT. HOUSE - DAY 12", "12", "INT", None, "HOUSE", "DAY"),
    ("INT. OFFICE - MOMENTS LATER", None, "INT", None, "OFFICE", "LATER"),
    ("EXT. ROOF - CONTINUOUS", None, "EXT", None, "ROOF", "CONTINUOUS"),
    ("INT. HOUSE - KITCHEN - NIGHT #12A#", "12A", "INT", "HOUSE", "KITCHEN", "NIGHT"),
]


@pytest.mark.parametrize(("text", "number", "int_ext", "location", "set_", "tod"), CASES)
def test_regional_headings(text: str, number, int_ext, location, set_, tod) -> None:  # type: ignore[no-untyped-def]
    assert looks_like_heading(text)
    h = parse_heading(text)
    assert (h.number, h.int_ext, h.location, h.set, h.time_of_day) == (number, int_ext, location, set_, tod)


@pytest.mark.parametrize("text", ["3 men walk in.", "The end.", "INTERIOR DESIGN IS HARD", "12 bottles"])
def test_not_headings(text: str) -> None:
    assert not looks_like_heading(text)
