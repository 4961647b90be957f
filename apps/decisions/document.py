"""What a decision says, laid out as Nghị định 30/2020/NĐ-CP (state bodies) or Hướng dẫn 36-HD/VPTW (party
bodies) prescribe. The PDF (``pdf.py``) and the HTML preview (``templates/decisions/_document.html``) both print
this one structure, so the two never disagree.

The sentences are Vietnamese on purpose: they are the legal text of a Vietnamese administrative document, not
interface strings, and must read the same whatever language the reader's screen is in.
"""

from dataclasses import dataclass

from .models import Decision

STATE_NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
STATE_MOTTO = "Độc lập - Tự do - Hạnh phúc"
PARTY_NATION = "ĐẢNG CỘNG SẢN VIỆT NAM"
TITLE = "QUYẾT ĐỊNH"
DECIDES = "QUYẾT ĐỊNH:"
DRAFT_MARK = "DỰ THẢO"

ABSTRACTS = {
    Decision.Kind.APPOINTMENT: "Về việc bổ nhiệm cán bộ",
    Decision.Kind.REAPPOINTMENT: "Về việc bổ nhiệm lại cán bộ",
    Decision.Kind.NON_REAPPOINTMENT: "Về việc không bổ nhiệm lại cán bộ",
    Decision.Kind.EXTENSION: "Về việc kéo dài thời gian giữ chức vụ đến tuổi nghỉ hưu",
    Decision.Kind.NOMINATION: "Về việc giới thiệu cán bộ ứng cử",
    Decision.Kind.ELECTION_RESULT: "Về việc chuẩn y kết quả bầu cử",
    Decision.Kind.PLANNING: "Về việc phê duyệt bổ sung quy hoạch cán bộ",
    Decision.Kind.PLANNING_REMOVAL: "Về việc đưa ra khỏi quy hoạch cán bộ",
    Decision.Kind.ROTATION: "Về việc luân chuyển cán bộ",
    Decision.Kind.ROTATION_RETURN: "Về việc điều động cán bộ sau luân chuyển",
}


def day(value):
    """dd/mm/yyyy, the form used inside the text of the document."""
    return value.strftime("%d/%m/%Y") if value else ""


def date_words(value):
    """ "ngày 05 tháng 01 năm 2026": NĐ 30 writes days below 10 and the months 1 and 2 with a leading zero."""
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"


def honorific(decision):
    return "bà" if decision.cadre_gender == "female" else "ông"


@dataclass
class Article:
    label: str
    paragraphs: list


@dataclass
class DecisionDocument:
    is_party: bool
    is_draft: bool
    parent_body: str
    body_name: str
    number_line: str
    nation: str
    motto: str
    date_line: str
    title: str
    abstract: str
    authority_line: str
    grounds: list
    decides: str
    articles: list
    recipients: list
    on_behalf: str
    signer_title: str
    signer_name: str
    meta_title: str
    meta_author: str
    signature_note: str = ""


def _number_line(decision, is_party):
    number = decision.number or f"      /{decision.symbol}"
    return f"Số {number}" if is_party else f"Số: {number}"


def _date_line(decision):
    place = f"{decision.place_name}, " if decision.place_name else ""
    if decision.issued_on:
        return place + date_words(decision.issued_on)
    return place + "ngày      tháng      năm"


def _cadre_phrase(decision):
    """ "ông Nguyễn Văn A, sinh ngày 17/05/1980, Trưởng phòng Tổ chức, Sở Nội vụ"."""
    parts = [f"{honorific(decision)} {decision.cadre_name}", f"sinh ngày {day(decision.cadre_birth_date)}"]
    if decision.cadre_post:
        parts.append(decision.cadre_post)
    return ", ".join(parts)


def _post_phrase(decision):
    if decision.unit_name and decision.unit_name not in decision.position_title:
        return f"{decision.position_title}, {decision.unit_name}"
    return decision.position_title


def _term_phrase(decision):
    if not decision.term_end:
        return ""
    return f"Thời hạn giữ chức vụ: từ ngày {day(decision.effective_from)} đến ngày {day(decision.term_end)}."


def posts_left(decision):
    """The post(s) an appointment ends ("Phó Giám đốc, Sở Nội vụ"): as recorded when signed; for a draft, the
    posts the cadre holds now (none when the new post is held concurrently, kiêm nhiệm)."""
    if decision.is_signed or decision.kind not in Decision.MOVES_CADRE:
        return decision.leaves_post
    if decision.concurrent or not decision.cadre_id:
        return ""
    from .services.drafting import other_open_tenures, post_phrase

    return "; ".join(post_phrase(t.position) for t in other_open_tenures(decision.cadre, decision.position))


def _leaves_phrase(decision):
    left = posts_left(decision)
    if not left:
        return ""
    return (
        f"{honorific(decision).capitalize()} {decision.cadre_name} thôi giữ chức vụ {left} "
        f"kể từ ngày {day(decision.effective_from)}."
    )


def _article_one(decision):
    cadre, post = _cadre_phrase(decision), _post_phrase(decision)
    kind = decision.kind
    hold = "kiêm giữ chức vụ" if decision.concurrent else "giữ chức vụ"
    if kind == Decision.Kind.APPOINTMENT:
        return [f"Bổ nhiệm {cadre}, {hold} {post}.", _term_phrase(decision), _leaves_phrase(decision)]
    if kind == Decision.Kind.REAPPOINTMENT:
        return [f"Bổ nhiệm lại {cadre}, giữ chức vụ {post}.", _term_phrase(decision)]
    if kind == Decision.Kind.NON_REAPPOINTMENT:
        end = day(decision.term_end or decision.effective_from)
        return [
            f"Không bổ nhiệm lại {cadre}, giữ chức vụ {post} khi hết thời hạn giữ chức vụ vào ngày {end}."
        ]
    if kind == Decision.Kind.EXTENSION:
        return [
            f"Kéo dài thời gian giữ chức vụ {post} đến tuổi nghỉ hưu đối với {cadre}, "
            f"từ ngày {day(decision.effective_from)} đến ngày {day(decision.term_end)}."
        ]
    if kind == Decision.Kind.NOMINATION:
        return [f"Giới thiệu {cadre}, ứng cử chức danh {post}."]
    if kind == Decision.Kind.ELECTION_RESULT:
        return [
            f"Chuẩn y kết quả bầu cử {cadre}, {hold} {post}.",
            _term_phrase(decision),
            _leaves_phrase(decision),
        ]
    if kind == Decision.Kind.PLANNING:
        return [f"Phê duyệt bổ sung {cadre} vào quy hoạch chức danh {post}."]
    if kind == Decision.Kind.PLANNING_REMOVAL:
        return [f"Đưa {cadre} ra khỏi quy hoạch chức danh {post}.", f"Lý do: {decision.reason.strip()}"]
    if kind == Decision.Kind.ROTATION:
        return [f"Luân chuyển {cadre}, giữ chức vụ {post}.", _term_phrase(decision), _leaves_phrase(decision)]
    if kind == Decision.Kind.ROTATION_RETURN:
        return [
            f"Điều động {cadre}, hết thời hạn luân chuyển, giữ chức vụ {post}.",
            _term_phrase(decision),
            _leaves_phrase(decision),
        ]
    raise ValueError(kind)


def _revocation_articles(decision):
    original = decision.revokes
    lowered = ABSTRACTS.get(original.kind, "").replace("Về việc", "về việc", 1)
    first = (
        f"Hủy bỏ Quyết định số {original.number} ngày {day(original.issued_on)} của "
        f"{original.authority_name} {lowered} đối với {_cadre_phrase(original)}, chức vụ {_post_phrase(original)}."
    )
    second = [f"Quyết định này có hiệu lực kể từ ngày {day(decision.effective_from)}."]
    if original.kind in Decision.CREATES_TENURE:
        second.append(
            f"{honorific(decision).capitalize()} {decision.cadre_name} thôi giữ chức vụ {_post_phrase(decision)} "
            f"kể từ ngày {day(decision.effective_from)}."
        )
    return [first, f"Lý do: {decision.reason.strip()}"], second


def _executors_sentence(decision):
    parts = [line.strip() for line in decision.executors.splitlines() if line.strip()]
    parts.append(f"Thủ trưởng {decision.unit_name}")
    parts.append("các cơ quan, đơn vị có liên quan")
    return (
        ", ".join(parts)
        + f" và {honorific(decision)} {decision.cadre_name} chịu trách nhiệm thi hành Quyết định này."
    )


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def build_document(decision):
    """The document of `decision` (a draft prints without number and date)."""
    is_party = decision.authority_kind == "party"
    if decision.kind == Decision.Kind.REVOCATION:
        original = decision.revokes
        abstract = f"Về việc hủy bỏ Quyết định số {original.number} ngày {day(original.issued_on)}"
        article_one, article_two = _revocation_articles(decision)
    else:
        abstract = ABSTRACTS[decision.kind]
        article_one = _article_one(decision)
        article_two = [f"Quyết định này có hiệu lực kể từ ngày {day(decision.effective_from)}."]
    articles = [
        Article("Điều 1.", [p for p in article_one if p]),
        Article("Điều 2.", article_two),
        Article("Điều 3.", [_executors_sentence(decision)]),
    ]
    recipients = _lines(decision.recipients) or ["Như Điều 3;", "Lưu: VT."]
    return DecisionDocument(
        is_party=is_party,
        is_draft=not decision.is_signed,
        parent_body=decision.parent_body.upper(),
        body_name=decision.body_name.upper(),
        number_line=_number_line(decision, is_party),
        nation=PARTY_NATION if is_party else STATE_NATION,
        motto="" if is_party else STATE_MOTTO,
        date_line=_date_line(decision),
        title=TITLE,
        abstract=abstract,
        authority_line=(decision.authority_line or decision.body_name).upper(),
        grounds=_lines(decision.grounds),
        decides=DECIDES,
        articles=articles,
        recipients=recipients,
        on_behalf=decision.on_behalf.upper(),
        signer_title=decision.signer_title.upper(),
        signer_name=decision.signer_name,
        signature_note="(Đã ký)" if decision.is_signed else "",
        meta_title=decision.number or f"{DRAFT_MARK} {decision.pk or ''}".strip(),
        meta_author=decision.authority_name,
    )
