"""Where a place is on a given day: its successor then (after mergers) and the province it belongs to.

The non-local rule (R7) compares localities on the day of the procedure: a place and its successors are one
locality from the day it ceased (docs/procedures.md §11: merged and dissolved units are kept with their successors).
"""

from dataclasses import dataclass

from .names import PREFIX_LEVEL, fold, split_prefix

#: a successor chain longer than this is a data error (a cycle), not history
_MAX_STEPS = 20


@dataclass(frozen=True)
class Locality:
    """The codes a place stands for on one day: its province and (for a district or commune) itself."""

    province: str
    local: str = ""
    label: str = ""


def current_on(place, on):
    """`place`, or the place that took it over by day `on`, following successors."""
    for _step in range(_MAX_STEPS):
        if place.valid_to is None or place.valid_to > on or place.successor_id is None:
            return place
        place = place.successor
    raise ValueError(f"place {place.code}: the successor chain does not end")


def province_of(place, on):
    """The province (as it is on day `on`) that `place` belongs to on day `on`."""
    place = current_on(place, on)
    for _step in range(_MAX_STEPS):
        if place.level == "province" or place.parent_id is None:
            return current_on(place, on) if place.level == "province" else None
        place = current_on(place.parent, on)
    raise ValueError(f"place {place.code}: the parent chain does not end")


def locality_on(place, on):
    """The ``Locality`` of `place` on day `on`, or ``None`` for no place."""
    if place is None:
        return None
    here = current_on(place, on)
    province = province_of(here, on)
    local = "" if here.level == "province" else here.code
    return Locality(province=province.code if province else "", local=local, label=str(here))


def match(places, province_text="", local_text="", on=None):
    """The place that typed names (a home province and a home commune/district) designate, or ``None``.

    `places` is a queryset of ``Place`` (the live model, or a migration's historical one). Names are compared
    without accents, case or the administrative prefix; "huyện Yên Dũng" prefers a district, "phường Yên Dũng"
    a commune. A commune is looked for among the places of the matched province and of the provinces merged into
    it; a name matching several places, or none, gives the province alone; an unknown province gives ``None``.
    """
    province = _one(places, province_text, level="province")
    if province is None:
        return None
    prefix, bare = split_prefix(local_text)
    if not bare:
        return province
    provinces = _province_family(places, province)
    found = [
        p
        for p in places.filter(search_name=bare, level__in=["district", "commune"]).select_related("parent")
        if _root_code(p) in provinces
    ]
    wanted = PREFIX_LEVEL.get(prefix)
    if wanted:
        found = [p for p in found if p.level == wanted] or found
    if len(found) > 1:
        found = [p for p in found if p.valid_to is None] or found
    return found[0] if len(found) == 1 else province


def _one(places, text, level):
    prefix, bare = split_prefix(text)
    if not bare:
        return None
    found = list(places.filter(search_name=bare, level=level))
    if len(found) > 1:
        found = [p for p in found if p.valid_to is None] or found
    return found[0] if len(found) == 1 else None


def _province_family(places, province):
    """Codes of `province`, the provinces merged into it, and the one it was merged into."""
    codes = {province.code}
    codes.update(places.filter(successor_id=province.pk, level="province").values_list("code", flat=True))
    if province.successor_id:
        codes.add(places.get(pk=province.successor_id).code)
    return codes


def _root_code(place):
    for _step in range(_MAX_STEPS):
        if place.level == "province" or place.parent_id is None:
            return place.code
        place = place.parent
    return ""


__all__ = ["Locality", "current_on", "fold", "locality_on", "match", "province_of"]
