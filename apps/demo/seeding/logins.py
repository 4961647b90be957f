"""One demo login per role, each with its scope, some linked to their own cadre record.

Roles are granted through ``apps.accounts.services.grant_role`` (guardian permissions and an audit entry for
each). Running again only adds what is missing: an existing account keeps its password and its roles.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from apps.accounts.models import Role, RoleAssignment
from apps.accounts.services import grant_role
from apps.cadres.models import Tenure
from apps.core.history import acting_as
from apps.organisation.models import OrgUnit

from ..reference import places

PROVINCE = "@province"
_COMMUNE_CODE, _COMMUNE_KIND, _COMMUNE_NAME, _ = places.COMMUNES[0]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    label: str
    role: str | None = None
    unit: str | None = None  # a unit code, or PROVINCE for the whole province
    post: tuple | None = None  # (unit code, position title) whose holder is this user's own cadre record


DEMO_LOGINS = [
    DemoLogin("admin", "Quản trị hệ thống"),
    DemoLogin("lanhdao.snv", "Lãnh đạo Sở Nội vụ", Role.UNIT_LEADER, "snv", ("snv", "Giám đốc Sở Nội vụ")),
    DemoLogin(
        "lanhdao.xa",
        f"Lãnh đạo {_COMMUNE_KIND.lower()} {_COMMUNE_NAME}",
        Role.UNIT_LEADER,
        _COMMUNE_CODE,
        (_COMMUNE_CODE, f"Chủ tịch Ủy ban nhân dân {_COMMUNE_KIND.lower()} {_COMMUNE_NAME}"),
    ),
    DemoLogin("bantochuc", "Ban Tổ chức Tỉnh ủy", Role.ORG_BOARD, PROVINCE, ("btc", "Trưởng phòng Cán bộ")),
    DemoLogin(
        "thuongvu",
        "Ban Thường vụ Tỉnh ủy",
        Role.LEADERSHIP,
        PROVINCE,
        ("btv", "Phó Bí thư Thường trực Tỉnh ủy"),
    ),
    DemoLogin(
        "baoveCT",
        "Bảo vệ chính trị nội bộ",
        Role.POLITICAL_PROTECTION,
        PROVINCE,
        ("btc", "Trưởng phòng Bảo vệ chính trị nội bộ"),
    ),
    DemoLogin(
        "kiemtra",
        "Ủy ban Kiểm tra Tỉnh ủy",
        Role.INSPECTION,
        PROVINCE,
        ("ubkt", "Phó Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy"),
    ),
    DemoLogin(
        "mttq",
        "Ủy ban MTTQ Việt Nam tỉnh",
        Role.FRONT,
        PROVINCE,
        ("mttq", "Phó Chủ tịch Ủy ban MTTQ Việt Nam tỉnh"),
    ),
]


def linked_post_keys():
    """Plan keys of the posts whose holders get a demo login: these seats are never left vacant."""
    return [f"{login.post[0]}:{login.post[1]}" for login in DEMO_LOGINS if login.post]


@dataclass
class LoginRow:
    user: object
    login: DemoLogin
    unit: object = None
    created: bool = False


def ensure_admin(password_hash):
    """The ``admin`` superuser (the history user of the demo data); an existing account is left as it is."""
    User = get_user_model()
    admin = User.objects.filter(username="admin").first()
    if admin is not None:
        return admin, False
    admin = User(
        username="admin",
        first_name="Quản trị hệ thống",
        email="admin@demo.cadreflow.local",
        is_staff=True,
        is_superuser=True,
        password=password_hash,
    )
    admin.save()
    return admin, True


def _holder(post):
    if post is None:
        return None
    tenure = (
        Tenure.objects.open()
        .filter(position__unit__code=post[0], position__title=post[1], cadre__user_account__isnull=True)
        .select_related("cadre")
        .order_by("seat_number")
        .first()
    )
    return tenure.cadre if tenure else None


def ensure_logins(*, province, admin, password_hash, admin_created=False):
    """Create the missing demo accounts and role assignments; return one ``LoginRow`` per demo login."""
    User = get_user_model()
    rows = []
    for login in DEMO_LOGINS:
        if login.username == "admin":
            rows.append(LoginRow(admin, login, None, admin_created))
            continue
        unit = province if login.unit == PROVINCE else OrgUnit.objects.get(code=login.unit)
        user = User.objects.filter(username=login.username).first()
        created = user is None
        if created:
            cadre = _holder(login.post)
            with acting_as(admin):
                user = User(
                    username=login.username,
                    first_name=cadre.full_name if cadre else login.label,
                    email=f"{login.username.lower()}@demo.cadreflow.local",
                    password=password_hash,
                    cadre=cadre,
                )
                user.save()
        if not RoleAssignment.objects.active().filter(user=user, role=login.role, unit=unit).exists():
            grant_role(user=user, role=login.role, unit=unit, include_descendants=True, actor=admin)
        rows.append(LoginRow(user, login, unit, created))
    return rows


def hash_password(password):
    """Hash the shared demo password once for every account (hashing is deliberately slow)."""
    return make_password(password)
