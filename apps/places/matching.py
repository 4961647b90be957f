"""Give the registry's typed home towns and unit localities their places (the data migrations and the
``match_places`` command). Text is matched accent- and case-blind (``locality.match``); what matches nothing is
left empty and listed, for a clerk to pick the place by hand. Works on live or migration models alike."""

from .locality import match


def match_cadres(Cadre, Place):
    """Set ``home_place`` of cadres that have none from their home province/commune text.

    Returns (matched count, [(cadre code, "commune, province")] not matched)."""
    places = Place.objects.all()
    matched, missing = 0, []
    for cadre in Cadre.objects.filter(home_place__isnull=True).only(
        "pk", "code", "home_province", "home_commune"
    ):
        place = match(places, cadre.home_province, cadre.home_commune)
        if place is None:
            missing.append((cadre.code, ", ".join(t for t in (cadre.home_commune, cadre.home_province) if t)))
            continue
        Cadre.objects.filter(pk=cadre.pk).update(home_place=place)
        matched += 1
    return matched, missing


def match_units(OrgUnit, Place):
    """Set ``place`` of units that have none and name a locality (province and/or commune)."""
    places = Place.objects.all()
    matched, missing = 0, []
    units = OrgUnit.objects.filter(place__isnull=True).exclude(province_name="", commune_name="")
    for unit in units.only("pk", "code", "province_name", "commune_name"):
        place = match(places, unit.province_name, unit.commune_name)
        if place is None or (unit.commune_name and place.level == "province"):
            missing.append((unit.code, ", ".join(t for t in (unit.commune_name, unit.province_name) if t)))
            continue
        OrgUnit.objects.filter(pk=unit.pk).update(place=place)
        matched += 1
    return matched, missing


def report(kind, matched, missing, write):
    write(f"{kind}: {matched} matched to a place, {len(missing)} left without one")
    for code, text in missing:
        write(f"  {code}: {text or '—'}")
