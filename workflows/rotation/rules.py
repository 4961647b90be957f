"""The rotation's rules (65-QĐ/TW; docs/procedures.md §8, H20): plain Python, no database.

Every threshold comes from the rule set (``Params``): ``rotation_min_years_left``, ``rotation_min_months``,
``rotation_equivalent_post_required``, ``rotation_return_notice_days``, ``political_conclusion_validity_months`` and
the retirement roadmap.
"""

from datetime import timedelta

from django.utils.translation import gettext as _

from apps.cadres.eligibility import add_months, retirement_date
from apps.core.rules import RuleViolation

VERTICAL = "vertical"
HORIZONTAL = "horizontal"


def direction(from_level_order, to_level_order):
    """Horizontal between units of the same level (e.g. commune to commune), vertical between levels."""
    return HORIZONTAL if from_level_order == to_level_order else VERTICAL


def require_holds_post(current_tenure):
    if current_tenure is None:
        raise RuleViolation("no_post_held", _("Only a cadre holding a post can be rotated."))


def require_elsewhere(from_unit_id, to_unit_id):
    if from_unit_id == to_unit_id:
        raise RuleViolation("rotation_same_unit", _("A rotation is to a post in another unit."))


def require_years_left(birth_date, gender, starts_on, params):
    """65-QĐ/TW: at least ``rotation_min_years_left`` years of service left when the rotation starts."""
    retires = retirement_date(birth_date, gender, params)
    years = params.rotation_min_years_left
    if add_months(starts_on, 12 * years) > retires + timedelta(days=1):
        raise RuleViolation(
            "rotation_too_old",
            _("Fewer than {years} years of service are left before retirement ({day}).").format(
                years=years, day=retires.strftime("%d/%m/%Y")
            ),
        )


def require_period(period_months, params):
    """65-QĐ/TW: the rotation lasts at least ``rotation_min_months`` months."""
    if period_months is None or period_months < params.rotation_min_months:
        raise RuleViolation(
            "rotation_too_short",
            _("A rotation lasts at least {months} months.").format(months=params.rotation_min_months),
        )


def require_equivalent_post(current_rank, target_rank, params):
    """65-QĐ/TW: normally an equivalent post ([P]: ``rotation_equivalent_post_required``)."""
    if params.rotation_equivalent_post_required and current_rank != target_rank:
        raise RuleViolation(
            "rotation_not_equivalent",
            _(
                "The post is not equivalent to the one the cadre holds (rank {target} for rank {current})."
            ).format(target=target_rank, current=current_rank),
        )


def require_vacancy(seats, held):
    """The target post has a free seat."""
    if held >= seats:
        raise RuleViolation("rotation_no_vacancy", _("The post has no vacant seat."))


def ends_on(starts_on, period_months):
    return add_months(starts_on, period_months)


def return_is_due(rotation_ends_on, on, params):
    """The scheduler opens the return when the period ends within ``rotation_return_notice_days``."""
    return rotation_ends_on - timedelta(days=params.rotation_return_notice_days) <= on
