"""The demo province's places (R7 reference data): its communes, the districts dissolved on 1/7/2025 with the
commune that took over each, and a few communes of other provinces that cadres come from. The provinces and their
2025 mergers (Bắc Giang into Bắc Ninh) come from the ``places`` data migration. Units and cadres of the plan are
then given their places by name, without a query per row."""

from django.db.models import F

from apps.core.history import acting_as
from apps.places.models import Place
from apps.places.names import fold, search_name

from ..reference import places
from .context import REFORM_DAY


def _province(name):
    found = Place.objects.filter(level=Place.Level.PROVINCE, search_name=search_name(name))
    found = found.order_by(F("valid_to").asc(nulls_first=True)).first()  # the current one first
    if found is None:
        code = f"p-{search_name(name).replace(' ', '-')}"
        found = Place.objects.create(code=code, name=name, kind="Tỉnh", level="province")
    return found


def _place(code, **fields):
    place, _created = Place.objects.get_or_create(code=code, defaults=fields)
    return place


def ensure_places(plan, admin):
    """Create (or find) the places the plan names; return {(folded province, folded commune): place}."""
    index = {}
    with acting_as(admin):
        province = _province(plan.province_name)
        index[(fold(plan.province_name), "")] = province
        local_names = [(kind, name) for _code, kind, name, _upland in places.COMMUNES]
        local_names += [("Xã", name) for name in places.OTHER_HOME_COMMUNES]
        for kind, name in local_names:
            code = f"{province.code}-{fold(name).replace(' ', '-')}"
            index[(fold(plan.province_name), fold(name))] = _place(
                code, name=name, kind=kind, level="commune", parent=province, valid_from=REFORM_DAY
            )
        for kind, name, old_province, successor in places.FORMER_DISTRICTS:
            parent = _province(old_province)
            _place(
                f"{parent.code}-huyen-{fold(name).replace(' ', '-')}",
                name=name,
                kind=kind,
                level="district",
                parent=parent,
                valid_to=REFORM_DAY,
                successor=index.get((fold(plan.province_name), fold(successor))),
            )
        for other, communes in places.OTHER_PROVINCES.items():
            parent = _province(other)
            index[(fold(other), "")] = parent
            for name in communes:
                index[(fold(other), fold(name))] = _place(
                    f"{parent.code}-{fold(name).replace(' ', '-')}",
                    name=name,
                    kind="Xã",
                    level="commune",
                    parent=parent,
                    valid_from=REFORM_DAY,
                )
    return index


def give_places(plan, index):
    """Each unit its locality (a commune, a dissolved district, else the province) and each cadre a home town."""
    province_key = fold(plan.province_name)
    province = index[(province_key, "")]
    former = Place.objects.filter(
        level=Place.Level.DISTRICT, parent__search_name__in=[province_key, "bac giang"]
    )
    districts = {fold(p.name): p for p in former}
    for unit in plan.units:
        obj = unit.obj
        if obj.commune_name:
            obj.place = index.get((province_key, fold(obj.commune_name)), province)
        elif unit.group == "district":
            obj.place = districts.get(fold(unit.locality), province)
        else:
            obj.place = province
    for person in plan.people:
        cadre = person.obj
        cadre.home_place = index.get(
            (fold(cadre.home_province), fold(cadre.home_commune)), index.get((fold(cadre.home_province), ""))
        )
