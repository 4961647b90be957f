"""Fixtures for the decision tests: an appointing authority (the province, a state body), a position of unit A
with one seat, a cadre, the rule set in force, and helpers that draft and sign through the services."""

from datetime import date

import pytest

from apps.cadres.models import Gender
from apps.decisions import services
from apps.decisions.models import Decision
from apps.rulesets.selectors import rule_set_for
from tests.factories import CadreFactory, PositionFactory, UserFactory

GROUNDS = (
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;\n"
    "Căn cứ Nghị định số 170/2025/NĐ-CP ngày 30 tháng 6 năm 2025 của Chính phủ;\n"
    "Theo đề nghị của Giám đốc Sở Nội vụ."
)
ISSUED = date(2026, 11, 26)
EFFECTIVE = date(2026, 12, 1)
REVOKED_ON = date(2027, 3, 1)
REASON = "Quy trình bổ nhiệm vi phạm quy định về lấy phiếu tín nhiệm."
REVOCATION_GROUNDS = "Căn cứ Kết luận số 232-KL/TW;\nTheo đề nghị của Ủy ban Kiểm tra Tỉnh ủy."


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"


@pytest.fixture
def rule_set(province):
    return rule_set_for(unit=province, on=ISSUED)


@pytest.fixture
def position(unit_a, province):
    return PositionFactory(unit=unit_a, authority=province, title="Phó Giám đốc", seats=1, term_years=5)


@pytest.fixture
def cadre(unit_a):
    return CadreFactory(
        full_name="Nguyễn Thị Hồng Nhung",
        birth_date=date(1980, 5, 17),
        gender=Gender.FEMALE,
        job_title="Trưởng phòng Tổ chức cán bộ",
        current_unit=unit_a,
    )


@pytest.fixture
def signer(db):
    return UserFactory(username="chutich", first_name="Quốc Tuấn", last_name="Vương")


@pytest.fixture
def clerk(db):
    return UserFactory(username="chuyenvien")


@pytest.fixture
def draft(province, position, cadre, rule_set, clerk):
    """``draft(**overrides)`` → a draft decision (an appointment of `cadre` to `position` by default)."""

    def make(**overrides):
        fields = {
            "kind": Decision.Kind.APPOINTMENT,
            "cadre": cadre,
            "position": position,
            "authority": province,
            "rule_set": rule_set,
            "params": rule_set.resolve(),
            "effective_from": EFFECTIVE,
            "grounds": GROUNDS,
            "actor": clerk,
        }
        fields.update(overrides)
        return services.draft_decision(**fields)

    return make


@pytest.fixture
def sign(signer, clerk):
    """``sign(decision, **overrides)`` → the signed decision."""

    def make(decision, **overrides):
        fields = {
            "decision": decision,
            "signer": signer,
            "signer_title": "Chủ tịch",
            "signer_name": "Vương Quốc Tuấn",
            "issued_on": ISSUED,
            "actor": clerk,
        }
        fields.update(overrides)
        return services.sign_decision(**fields)

    return make


@pytest.fixture
def appointed(draft, sign):
    """A signed appointment of `cadre` to `position` (effective 01/12/2026, term to 01/12/2031)."""
    return sign(draft())


@pytest.fixture
def revoke(province, signer, inspector):
    """``revoke(original, **overrides)`` → the signed revocation decision (by the inspector, on 01/03/2027)."""

    def make(original, **overrides):
        fields = {
            "original": original,
            "grounds": REVOCATION_GROUNDS,
            "reason": REASON,
            "authority": province,
            "signer": signer,
            "signer_title": "Chủ tịch",
            "signer_name": "Vương Quốc Tuấn",
            "revoked_on": REVOKED_ON,
            "issued_on": REVOKED_ON,
            "actor": inspector,
        }
        fields.update(overrides)
        return services.revoke_decision(**fields)

    return make
