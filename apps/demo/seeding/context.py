"""The in-memory plan of the demo province and the helpers every builder step shares.

The builders fill a ``Plan`` with *unsaved* model instances (wrapped with the facts the next steps need);
``writer.write_plan`` then saves them in dependency order. Keeping generation free of the database makes it
deterministic and testable: the same seed, scale and day give the same plan.
"""

import calendar
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from apps.rulesets.parameters import Params

#: the day the district level ended and the new communes started (two-level local government)
REFORM_DAY = date(2025, 7, 1)
#: the province's tenures start no earlier than this (older records are out of the demo's scope)
EARLIEST_START = date(2014, 1, 1)


@dataclass(eq=False)
class UnitPlan:
    obj: object  # OrgUnit
    group: str  # root, body, state_dept, public, party_dept, front_org, commune, district
    level: str = ""  # UnitLevel code, resolved to the row by the writer
    abbr: str = ""
    field_text: str = ""
    topics: list = field(default_factory=list)
    specialties: list = field(default_factory=list)
    divisions: list = field(default_factory=list)
    staff_weight: int = 0
    female: float = 0.36
    minority: float = 0.03
    young: bool = False
    languages: bool = False
    commune_kind: str = ""  # "Xã" / "Phường" for commune-level units
    locality: str = ""  # commune name for commune-level units, district name for districts

    @property
    def label(self):
        """How a sentence names the unit: "xã Tiên Du" for a commune, else its name."""
        return f"{self.commune_kind.lower()} {self.locality}" if self.commune_kind else self.obj.name

    @property
    def head_label(self):
        """The unit's head as the signer of a commendation."""
        if self.group == "commune":
            return f"Chủ tịch Ủy ban nhân dân {self.label}"
        return f"Thủ trưởng {self.obj.name}"


@dataclass(eq=False)
class PostPlan:
    obj: object  # Position
    unit: UnitPlan
    era: str  # provincial, provincial_elected, commune_party, commune_elected, commune_appointed, legacy
    key: str = ""  # stable key for the posts demo logins are linked to


@dataclass(eq=False)
class Person:
    obj: object  # Cadre
    unit: UnitPlan
    rank: int = 0  # rank of the post held now; 0 for staff
    departed: bool = False
    quality: float = 0.0
    post: PostPlan | None = None
    tenures: list = field(default_factory=list)
    planning: list = field(default_factory=list)
    disciplined: str = ""  # "", under_review, in_effect, bar_running, old
    discipline_start: date | None = None


@dataclass
class Plan:
    rng: random.Random
    today: date
    scale: float
    province_name: str
    province_code: str
    params: Params
    levels: dict = field(default_factory=dict)
    units: list = field(default_factory=list)
    units_by_code: dict = field(default_factory=dict)
    posts: list = field(default_factory=list)
    posts_by_key: dict = field(default_factory=dict)
    people: list = field(default_factory=list)
    tenures: list = field(default_factory=list)
    planning: list = field(default_factory=list)
    conclusions: list = field(default_factory=list)
    disciplines: list = field(default_factory=list)
    evaluations: list = field(default_factory=list)
    achievements: list = field(default_factory=list)
    declarations: list = field(default_factory=list)
    max_age_cache: dict = field(default_factory=dict)

    @property
    def validity_months(self):
        """Months a political-standard conclusion stays valid under the rule set (None: no expiry)."""
        return self.params.political_conclusion_validity_months

    def active_people(self):
        return [p for p in self.people if not p.departed]


# --- dates ----------------------------------------------------------------------------------------------


def add_years(day, years):
    """The same calendar day `years` later (28 February for 29 February in a common year)."""
    year = day.year + years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def add_months(day, months):
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def random_day(rng, start, end):
    """A day between `start` and `end` inclusive (`start` when the range is empty)."""
    span = (end - start).days
    return start + timedelta(days=rng.randint(0, span)) if span > 0 else start


def days(n):
    return timedelta(days=n)


# --- choices ----------------------------------------------------------------------------------------------


def weighted(rng, weights):
    """One key of the {key: weight} mapping, by weight (deterministic for a seeded `rng`)."""
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def chance(rng, probability):
    return rng.random() < probability


def retirement_age_months(params, gender, on):
    """Statutory retirement age in months on day `on` (Bộ luật Lao động 2019 Đ.169; NĐ 135/2020 roadmap)."""
    prefix = "retirement_female" if gender == "female" else "retirement_male"
    base = getattr(params, f"{prefix}_base_months")
    step = getattr(params, f"{prefix}_step_months")
    top = getattr(params, f"{prefix}_max_months")
    years = max(0, on.year - params.retirement_base_year)
    return min(top, base + step * years)
