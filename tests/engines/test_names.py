"""The company-name normaliser used for duplicate detection and search (pure Python, no database)."""

from hypothesis import given
from hypothesis import strategies as st

from setwise.engines.names import fold, name_key, search_terms


def test_legal_forms_and_punctuation_are_ignored() -> None:
    assert name_key("Hanbit Pictures Co., Ltd.") == name_key("HANBIT PICTURES") == "hanbitpictures"
    assert name_key("PT Layar Nusantara Tbk") == name_key("Layar Nusantara") == "layarnusantara"
    assert name_key("Southern Cross Sound Pty Ltd") == "southerncrosssound"


def test_local_script_legal_forms() -> None:
    assert name_key("(주)한빛픽처스") == name_key("한빛 픽처스") == name_key("주식회사 한빛픽처스") == "한빛픽처스"
    assert name_key("株式会社 桜映像") == name_key("桜映像") == "桜映像"
    assert name_key("บริษัท ฟ้าใส ฟิล์ม จำกัด") == name_key("ฟ้าใสฟิล์ม")
    assert name_key("青山影業有限公司") == "青山影業"


def test_fullwidth_and_case_fold() -> None:
    assert name_key("ＳＡＫＵＲＡ　Ｓｔｕｄｉｏ") == name_key("sakura studio")
    assert fold("ＡＢＣ") == "abc"


def test_different_names_stay_different() -> None:
    assert name_key("Hanbit Pictures") != name_key("Hanbit Sound")
    assert name_key("Blue Sky VFX") != name_key("Blue Sea VFX")


def test_a_name_made_only_of_a_legal_form_keeps_a_key() -> None:
    assert name_key("Limited") == "limited"


def test_search_terms_split_on_whitespace() -> None:
    assert search_terms("  Hanbit  서울 ") == ["hanbit", "서울"]


@given(st.text())
def test_name_key_never_crashes_and_is_idempotent_on_its_output(text: str) -> None:
    key = name_key(text)
    assert isinstance(key, str)
    assert name_key(key) == key or key == ""
