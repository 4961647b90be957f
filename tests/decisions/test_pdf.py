"""The PDF opens, names the cadre, the position, the number and the dates, keeps its Vietnamese diacritics, and
follows the state or the party layout by the kind of the issuing body."""

import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from apps.decisions import services
from apps.decisions.document import date_words
from apps.decisions.models import Decision, IssuerProfile
from apps.organisation.models import OrgUnit
from tests.factories import OrgUnitFactory, PositionFactory

from .conftest import REASON, REVOKED_ON


def pdf_text(content):
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader, re.sub(r"\s+", " ", text)


def stored_pdf(decision):
    return Decision.objects.get(pk=decision.pk).pdf.read()


def test_the_signed_pdf_names_the_cadre_position_number_and_dates(appointed):
    reader, text = pdf_text(stored_pdf(appointed))
    assert reader.metadata.title == "1/QĐ-UBND"
    assert "Số: 1/QĐ-UBND" in text
    # diacritics survive extraction (ư, ơ, ệ, ễ, ạ, ị: not replaced by boxes or plain letters)
    assert "Nguyễn Thị Hồng Nhung" in text
    assert "sinh ngày 17/05/1980" in text
    assert "Phó Giám đốc" in text and "Sở Nội vụ" in text
    assert "Bắc Ninh, ngày 26 tháng 11 năm 2026" in text
    assert "từ ngày 01/12/2026 đến ngày 01/12/2031" in text
    assert "có hiệu lực kể từ ngày 01/12/2026" in text


def test_the_state_layout(appointed):
    _, text = pdf_text(stored_pdf(appointed))
    for line in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "TỈNH BẮC NINH",
        "QUYẾT ĐỊNH",
        "Về việc bổ nhiệm cán bộ",
        "Căn cứ Nghị định số 170/2025/NĐ-CP",
        "QUYẾT ĐỊNH:",
        "Điều 1. Bổ nhiệm bà Nguyễn Thị Hồng Nhung",
        "Trưởng phòng Tổ chức cán bộ, Sở Nội vụ",
        "Điều 2.",
        "Điều 3.",
        "Nơi nhận:",
        "- Như Điều 3;",
        "CHỦ TỊCH",
        "Vương Quốc Tuấn",
    ):
        assert line in text, line
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in text
    assert text.index("QUYẾT ĐỊNH:") < text.index("Điều 1.") < text.index("Điều 2.") < text.index("Điều 3.")


def test_a_party_body_gets_the_party_header(draft, sign, unit_a, province):
    party = OrgUnitFactory(code="tu", name="Tỉnh ủy Bắc Ninh", kind=OrgUnit.Kind.PARTY, parent=province)
    IssuerProfile.objects.create(
        authority=party,
        symbol="QĐ-TU",
        parent_body="Đảng bộ tỉnh Bắc Ninh",
        body_name="Tỉnh ủy",
        authority_line="Ban Thường vụ Tỉnh ủy",
        on_behalf="T/M Ban Thường vụ",
        place_name="Bắc Ninh",
    )
    position = PositionFactory(unit=unit_a, authority=party, title="Giám đốc Sở Nội vụ")
    decision = sign(
        draft(position=position, authority=party), signer_title="Bí thư", signer_name="Nguyễn Văn An"
    )
    reader, text = pdf_text(stored_pdf(decision))
    assert reader.metadata.title == "1/QĐ-TU"
    for line in (
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "ĐẢNG BỘ TỈNH BẮC NINH",
        "TỈNH ỦY",
        "Số 1/QĐ-TU",
        "BAN THƯỜNG VỤ TỈNH ỦY",
    ):
        assert line in text, line
    assert "T/M BAN THƯỜNG VỤ" in text and "BÍ THƯ" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in text


def test_a_revocation_pdf_names_the_original_and_the_reason(appointed, revoke):
    revocation = revoke(appointed)
    reader, text = pdf_text(stored_pdf(revocation))
    assert reader.metadata.title == revocation.number
    assert "Về việc hủy bỏ Quyết định số 1/QĐ-UBND ngày 26/11/2026" in text
    assert "Hủy bỏ Quyết định số 1/QĐ-UBND ngày 26/11/2026" in text
    assert "Nguyễn Thị Hồng Nhung" in text and "Phó Giám đốc" in text
    assert f"Lý do: {REASON}" in text
    assert "Căn cứ Kết luận số 232-KL/TW" in text
    assert f"thôi giữ chức vụ Phó Giám đốc, Sở Nội vụ kể từ ngày {REVOKED_ON:%d/%m/%Y}" in text


@pytest.mark.parametrize(
    "kind,expected",
    [
        (Decision.Kind.NOMINATION, "Về việc giới thiệu cán bộ ứng cử"),
        (Decision.Kind.ELECTION_RESULT, "Về việc chuẩn y kết quả bầu cử"),
    ],
)
def test_other_kinds_have_their_abstract(draft, sign, kind, expected):
    _, text = pdf_text(stored_pdf(sign(draft(kind=kind))))
    assert expected in text


def test_reappointment_and_extension_texts(draft, sign, position, cadre):
    from tests.factories import TenureFactory

    TenureFactory(cadre=cadre, position=position, start_date=date(2022, 1, 1), term_end=date(2027, 1, 1))
    _, text = pdf_text(stored_pdf(sign(draft(kind=Decision.Kind.EXTENSION, term_end=date(2028, 8, 17)))))
    assert "Về việc kéo dài thời gian giữ chức vụ đến tuổi nghỉ hưu" in text
    assert "đến ngày 17/08/2028" in text


def test_a_draft_renders_without_number_or_date(draft):
    decision = draft()
    reader, text = pdf_text(services.render_decision_pdf(decision))
    assert "DỰ THẢO" in text
    assert "ngày tháng năm" in text
    assert reader.metadata.title.startswith("DỰ THẢO")


def test_date_words_pad_days_and_the_first_two_months():
    assert date_words(date(2026, 1, 5)) == "ngày 05 tháng 01 năm 2026"
    assert date_words(date(2026, 2, 28)) == "ngày 28 tháng 02 năm 2026"
    assert date_words(date(2026, 11, 26)) == "ngày 26 tháng 11 năm 2026"
    assert date_words(date(2026, 3, 9)) == "ngày 09 tháng 3 năm 2026"


def test_a_long_decision_runs_onto_a_numbered_second_page(draft, sign):
    grounds = "\n".join(
        f"Căn cứ văn bản số {n}/2025 về công tác cán bộ, quy định chi tiết điều {n};" for n in range(40)
    )
    reader, text = pdf_text(stored_pdf(sign(draft(grounds=grounds))))
    assert len(reader.pages) >= 2
    assert reader.pages[1].extract_text().strip().startswith("2")
