"""Who signs a decision, and under which title: read from the registry, never typed (issue 9 §8).

The signer is a cadre holding a post of the issuing authority (a position of that unit: the chairman of the
People's Committee for the province's decisions, the secretary of the party committee for its own) on the signing
date; the title printed under the signature and recorded as the signer's position "at the time" is the title of
that post. A signer who holds no post of the authority on that date is refused (``signer_holds_no_post``).
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from apps.cadres.models import Cadre, Tenure
from apps.core.rules import RuleViolation


@dataclass(frozen=True)
class Signer:
    cadre: Cadre
    name: str
    title: str
    tenure: Tenure


def _held_on(prefix, on):
    """Tenures (through `prefix`) running on `on`: begun, and not ended by then (the registry's ends are exclusive)."""
    return Q(**{f"{prefix}start_date__lte": on}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gt": on})
    )


def signer_tenure(cadre, authority, on):
    """The cadre's tenure of a post of `authority` on `on`, or ``None``."""
    return (
        Tenure.objects.filter(_held_on("", on), cadre=cadre, position__unit=authority)
        .select_related("position")
        .order_by("-position__rank", "-start_date")
        .first()
    )


def signers_for(authority, on):
    """The cadres who hold a post of `authority` on `on` (the choices of a sign form)."""
    return (
        Cadre.objects.filter(_held_on("tenures__", on), tenures__position__unit=authority)
        .distinct()
        .order_by("full_name")
    )


def signer_from_registry(cadre, authority, on):
    """The signer's name and title from the registry; refuses a cadre who holds no post of `authority` on `on`."""
    tenure = signer_tenure(cadre, authority, on) if cadre is not None else None
    if tenure is None:
        raise RuleViolation(
            "signer_holds_no_post",
            _(
                "{name} holds no post of {authority} on {day}: only its office holders sign its decisions."
            ).format(
                name=cadre.full_name if cadre is not None else "?",
                authority=authority.name,
                day=on.strftime("%d/%m/%Y"),
            ),
        )
    return Signer(cadre=cadre, name=cadre.full_name, title=tenure.position.title, tenure=tenure)
