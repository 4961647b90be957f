"""Plan the unit levels, the unit tree and the positions of the demo province."""

from django.utils.text import slugify

from apps.organisation.models import OrgUnit, Position

from ..reference import bodies, places, texts
from .context import REFORM_DAY, PostPlan, UnitPlan

#: levels are data (docs/design.md §2.1): code -> (name, order, in the current structure)
LEVELS = {
    "province": ("Cấp tỉnh", 0, True),
    "department": ("Sở, ban, ngành và tương đương", 1, True),
    "district": ("Cấp huyện (đến 30/06/2025)", 2, False),
    "commune": ("Cấp xã (xã, phường, đặc khu)", 3, True),
}


def province_code(name):
    """ "Bắc Ninh" -> "bn": the initials of the province's name, used as the root of every unit path."""
    ascii_name = slugify(name.replace("đ", "d").replace("Đ", "D"))
    return "".join(part[0] for part in ascii_name.split("-") if part) or "tinh"


def take(items, scale, minimum):
    """The first items of a list in proportion to `scale`, at least `minimum` (lists put essential items first)."""
    return list(items[: max(minimum, round(len(items) * scale))])


def plan_organisation(plan):
    _plan_units(plan)
    for unit in list(plan.units):
        _plan_posts(plan, unit)


# --- units ------------------------------------------------------------------------------------------------


def _add_unit(plan, *, code, name, level, parent=None, kind=OrgUnit.Kind.STATE, **extra):
    parent_obj = parent.obj if parent else None
    obj = OrgUnit(
        code=code,
        name=name,
        kind=kind,
        parent=parent_obj,
        path=(parent_obj.path if parent_obj else "") + code + "/",
        province_name=plan.province_name,
    )
    unit = UnitPlan(obj=obj, level=level, **extra)
    plan.units.append(unit)
    plan.units_by_code[code] = unit
    return unit


def _plan_units(plan):
    P = plan.province_name
    root = _add_unit(
        plan, code=plan.province_code, name=f"Tỉnh {P}", level="province", group="root", abbr="UBND"
    )
    for spec in bodies.PROVINCE_BODIES:
        parent = plan.units_by_code[spec["parent"]] if spec["parent"] else root
        _add_unit(
            plan,
            code=spec["code"],
            name=spec["name"].format(P=P),
            level="province",
            parent=parent,
            kind=spec["kind"],
            group="body",
            abbr=spec.get("abbr", "TU"),
            field_text="công tác của cơ quan",
            topics=["giám sát việc thực hiện nghị quyết", "tổng kết nhiệm kỳ"],
            divisions=spec.get("divisions", []),
            staff_weight=spec.get("staff", 0),
        )
    for spec in bodies.PARTY_ADVISORY + take(bodies.DEPARTMENTS, plan.scale, 2):
        _plan_department(plan, spec)
    communes = take(places.COMMUNES, plan.scale, 3)
    for code, kind, name, upland in communes:
        _add_unit(
            plan,
            code=code,
            name=f"{kind} {name}",
            level="commune",
            parent=root,
            group="commune",
            abbr="UBND",
            field_text="quản lý nhà nước trên địa bàn",
            topics=bodies.COMMUNE_TOPICS,
            specialties=bodies.COMMUNE_SPECIALTIES,
            staff_weight=bodies.COMMUNE_STAFF_WEIGHT,
            minority=0.3 if upland else 0.02,
            commune_kind=kind,
            locality=name,
        ).obj.commune_name = name
    chosen = {c[0] for c in communes}
    districts = [d for d in places.DISTRICTS if d[3] in chosen]
    for code, kind, name, successor in take(districts, plan.scale, 2):
        unit = _add_unit(
            plan,
            code=code,
            name=f"{kind} {name}",
            level="district",
            parent=root,
            group="district",
            locality=name,
        )
        unit.obj.is_active = False
        unit.obj.dissolved_on = REFORM_DAY
        unit.obj.successor = plan.units_by_code[successor].obj
        unit.commune_kind = kind


def _plan_department(plan, spec):
    group = bodies.GROUPS[spec["group"]]
    name = spec["name"].format(P=plan.province_name)
    return _add_unit(
        plan,
        code=spec["code"],
        name=name,
        level="department",
        parent=plan.units_by_code[group["parent"]],
        kind=group["kind"],
        group=spec["group"],
        abbr=spec["code"].upper(),
        field_text=spec["field"],
        topics=spec["topics"],
        specialties=spec["specialties"],
        divisions=spec["divisions"],
        staff_weight=spec.get("staff", group["staff"]),
        female=spec.get("female", 0.36),
        minority=spec.get("minority", 0.03),
        young=spec.get("young", False),
        languages=spec.get("languages", False),
    )


# --- positions --------------------------------------------------------------------------------------------


def _authority(plan, unit, key):
    return unit.obj if key == "self" else plan.units_by_code[key].obj


def _add_post(plan, unit, *, title, rank, seats, authority, elected, role, era, division="", active=True):
    commune = unit.label
    description = texts.JOB_DESCRIPTIONS[role].format(
        unit=unit.obj.name, field=unit.field_text, division=division, commune=commune
    )
    requirements = next(text for top, text in texts.REQUIREMENTS if rank <= top)
    obj = Position(
        unit=unit.obj,
        title=title,
        authority=_authority(plan, unit, authority),
        rank=rank,
        seats=seats,
        term_years=plan.params.term_years,
        job_description=description,
        requirements=requirements,
        requires_non_local=role == "commune_secretary",
        is_elected=elected,
        is_active=active,
    )
    post = PostPlan(obj=obj, unit=unit, era=era, key=f"{unit.obj.code}:{title}")
    plan.posts.append(post)
    plan.posts_by_key[post.key] = post
    return post


def _plan_posts(plan, unit):
    if unit.group == "body":
        spec = next(s for s in bodies.PROVINCE_BODIES if s["code"] == unit.obj.code)
        for title, rank, seats, auth, elected, role in spec["posts"]:
            era = _body_era(unit, elected)
            _add_post(
                plan,
                unit,
                title=title,
                rank=rank,
                seats=seats,
                authority=auth,
                elected=elected,
                role=role,
                era=era,
            )
        _plan_divisions(plan, unit, ranks=(4, 3), deputy_seats=1)
    elif unit.group in bodies.GROUPS:
        _plan_department_posts(plan, unit)
    elif unit.group == "commune":
        _plan_commune_posts(plan, unit)
    elif unit.group == "district":
        _plan_district_posts(plan, unit)


def _body_era(unit, elected):
    if not elected:
        return "provincial"
    return "front_elected" if unit.obj.kind == OrgUnit.Kind.FRONT else "provincial_elected"


def _plan_department_posts(plan, unit):
    spec = next(s for s in bodies.PARTY_ADVISORY + bodies.DEPARTMENTS if s["code"] == unit.obj.code)
    group = bodies.GROUPS[unit.group]
    head_rank, deputy_rank, division_head, division_deputy = group["ranks"]
    head_rank = spec.get("head_rank", head_rank)
    name = unit.obj.name
    head = spec.get("head", "Giám đốc {u}").format(u=name, P=plan.province_name)
    deputy = spec.get("deputy", "Phó Giám đốc {u}").format(u=name, P=plan.province_name)
    kind = {"state_dept": "state", "public": "public", "party_dept": "party", "front_org": "front"}[
        unit.group
    ]
    elected = unit.group == "front_org"
    era = "front_elected" if elected else "provincial"
    head_auth, deputy_auth = group["auth"]
    _add_post(
        plan,
        unit,
        title=head,
        rank=head_rank,
        seats=1,
        authority=head_auth,
        elected=elected,
        role=f"head_{kind}",
        era=era,
    )
    _add_post(
        plan,
        unit,
        title=deputy,
        rank=deputy_rank,
        seats=spec["deputies"],
        authority=deputy_auth,
        elected=elected,
        role=f"deputy_{kind}",
        era=era,
    )
    for title, rank, seats, auth, is_elected, role in spec.get("extra_posts", []):
        _add_post(
            plan,
            unit,
            title=title,
            rank=rank,
            seats=seats,
            authority=auth,
            elected=is_elected,
            role=role,
            era="party_elected" if is_elected else "provincial",
        )
    deputy_seats = 2 if unit.group in ("state_dept", "party_dept") else 1
    _plan_divisions(plan, unit, ranks=(division_head, division_deputy), deputy_seats=deputy_seats)


def division_titles(division):
    """("Trưởng phòng X", "Phó Trưởng phòng X") for "Phòng X"; "Chánh Văn phòng" for "Văn phòng"…"""
    word, _, rest = division.partition(" ")
    if division == "Văn phòng":
        return "Chánh Văn phòng", "Phó Chánh Văn phòng"
    if word == "Phòng":
        return f"Trưởng phòng {rest}", f"Phó Trưởng phòng {rest}"
    if word == "Khoa":
        return f"Trưởng khoa {rest}", f"Phó Trưởng khoa {rest}"
    return f"Trưởng {division}", f"Phó Trưởng {division}"


def _plan_divisions(plan, unit, *, ranks, deputy_seats):
    for division in unit.divisions:
        head, deputy = division_titles(division)
        for title, rank, seats, role in (
            (head, ranks[0], 1, "division_head"),
            (deputy, ranks[1], deputy_seats, "division_deputy"),
        ):
            _add_post(
                plan,
                unit,
                title=title,
                rank=rank,
                seats=seats,
                authority="self",
                elected=False,
                role=role,
                era="provincial",
                division=division,
            )


def _plan_commune_posts(plan, unit):
    label = unit.label
    economy = bodies.COMMUNE_ECONOMY[unit.commune_kind]
    for title, rank, seats, auth, elected, role, era in bodies.COMMUNE_POSTS:
        _add_post(
            plan,
            unit,
            title=title.format(c=label, economy=economy),
            rank=rank,
            seats=seats,
            authority=auth,
            elected=elected,
            role=role,
            era=era,
        )


def _plan_district_posts(plan, unit):
    committee = places.DISTRICT_PARTY_COMMITTEE[unit.commune_kind]
    label = unit.label
    for title, rank, seats, auth, elected, role in bodies.DISTRICT_POSTS:
        _add_post(
            plan,
            unit,
            title=title.format(pc=committee, n=unit.locality, d=label),
            rank=rank,
            seats=seats,
            authority=auth,
            elected=elected,
            role=role,
            era="legacy",
            active=False,
        )
