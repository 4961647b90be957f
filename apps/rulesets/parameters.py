"""The parameters a rule set may carry: their type, meaning, source and the default the national set is seeded with.

Nothing here is read by a rule directly: rules receive a resolved ``Params`` (see ``resolve``) built from the
rule-set rows in the database, so an operator can change a threshold when the regulation changes. The defaults
below only seed the first rule sets (migration ``0002``). Tags follow ``domain/docs/procedures.md``: [V] seen in a
source, [P] partial or paraphrased, [U] not found — every [P]/[U] value is a parameter precisely because it may
be wrong.
"""

from contextlib import contextmanager
from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext_lazy as _

from apps.core.rules import RuleViolation


@dataclass(frozen=True)
class Param:
    kind: str  # "int", "bool", "fraction", "int_map", "date_list", "str", "step_map"
    default: object
    label: str
    source: str
    tag: str = "V"
    nullable: bool = False
    choices: tuple = ()  # for a "str" parameter: the values allowed (empty: any text)


PARAMETERS = {
    # Conferences (H1–H5, R1, R5)
    "quorum_fraction": Param(
        "fraction", "2/3", _("Quorum: share of those convened who must be present"), "80 Đ.21; NĐ 170 Đ.33"
    ),
    "pass_fraction": Param(
        "fraction",
        "1/2",
        _("A vote passes with strictly more than this share of its legal denominator"),
        "NĐ 138 Đ.46; NĐ 170 Đ.33",
    ),
    "tie_head_decides": Param(
        "bool", True, _("At exactly the pass share the head decides and dissent is recorded"), "S21, S25, S34"
    ),
    "final_vote_tie_head_decides": Param(
        "bool",
        True,
        _(
            "At the final vote of an appointment the head also decides a tie (exactly the pass share, or equal "
            "votes for the last seat) and the dissent is recorded"
        ),
        "S21, S25, S34 applied to step 5 (docs/procedures.md §1.2)",
        "P",
    ),
    "nomination_top_n_advance": Param(
        "int", 2, _("If nobody passes a nomination ballot, this many top names advance"), "NĐ 138 Đ.46"
    ),
    "nomination_runoff_top_two": Param(
        "bool",
        True,
        _(
            "In the rounds of a nomination for election, when nobody gets more than half of those convened, the "
            "top names (nomination_top_n_advance) go on to the next vote instead of closing the procedure"
        ),
        "NĐ 138 Đ.46 applied to Chỉ thị 35's rounds (docs/procedures.md §1.2, §6)",
        "P",
    ),
    "surplus_required": Param(
        "bool",
        False,
        _("Every consultation conference must have more candidates than seats"),
        "KL BTV Tỉnh ủy (local)",
    ),
    "min_candidates_per_post": Param(
        "int", 2, _("Minimum candidates per seat at a consultation (surplus rule)"), "KL BTV Tỉnh ủy (local)"
    ),
    # Deadlines (R12, H7, H16)
    "policy_decision_working_days": Param(
        "int", 15, _("Working days to decide the appointment policy"), "NĐ 170 Đ.33 k.1"
    ),
    "process_working_days": Param(
        "int", 30, _("Working days to complete the procedure after the policy"), "NĐ 170 Đ.33 k.1"
    ),
    "step_working_days": Param(
        "int", 5, _("Default working days allowed for one step of a procedure"), "local practice", "U"
    ),
    "reminder_days_before_due": Param(
        "int", 2, _("Days before a step is due when a reminder is sent"), "local practice", "U"
    ),
    "reappointment_notice_days": Param(
        "int",
        90,
        _("Days before a term ends when the reappointment notice is due"),
        "NĐ 138 Đ.52; 377 (news)",
        "P",
    ),
    "reappointment_notice_in_working_days": Param(
        "bool",
        False,
        _("Count the reappointment notice in working days (377 wording) instead of calendar days"),
        "377 (news)",
        "P",
    ),
    "public_holidays": Param(
        "date_list", [], _("Public holidays excluded from working days (dd/mm/yyyy)"), "Bộ luật Lao động 2019"
    ),
    # Eligibility (R6, R7, H8–H18)
    "term_years": Param("int", 5, _("Length of an appointment term in years"), "NĐ 138 Đ.42", "P"),
    "min_months_in_post": Param(
        "int",
        24,
        _("Months in the current or an equivalent post before a higher appointment"),
        "80 Đ.18; QĐ 727",
    ),
    "min_years_to_retirement": Param(
        "int",
        None,
        _("Years that must remain to retirement (empty: a full term)"),
        "80 Đ.18; HD 06",
        nullable=True,
    ),
    "extension_years_to_retirement": Param(
        "int",
        2,
        _("Below this many years to retirement at term end, extend instead of reappoint"),
        "NĐ 115 Đ.49; NĐ 138 Đ.53",
    ),
    "discipline_bar_months": Param(
        "int_map",
        {"reprimand": 24, "warning": 36, "demotion": 36, "removal": 60},
        _("Months a decided discipline bars a higher post, by form"),
        "377 (English translation of news)",
        "P",
    ),
    "reappointment_discipline_bar_months": Param(
        "int_map",
        {"reprimand": 12},
        _(
            "Months a decided discipline bars reappointment to the same post or an extension, by form; forms "
            "not listed keep their bar for a higher post"
        ),
        "296-QĐ/TW as quoted to Bộ Nội vụ (S49)",
        "P",
    ),
    "planning_max_per_post": Param("int", 3, _("Most cadres planned for one post"), "377"),
    "planning_max_posts_per_person": Param(
        "int", 3, _("Most posts one cadre is planned for at one level"), "377"
    ),
    "achievement_years": Param(
        "int",
        3,
        _("Years of recognised, concrete achievements required"),
        "KL BTV Tỉnh ủy; NĐ 170 Đ.35 k.4–5",
    ),
    "min_recognised_achievements": Param(
        "int", 1, _("Recognised achievements required within that window"), "KL BTV Tỉnh ủy (local)", "P"
    ),
    "achievement_rule_mode": Param(
        "str",
        "any_in_window",
        _(
            "How recognised achievements are counted: any_in_window (the required number anywhere in the window) "
            "or each_year (the required number in each of the window's years)"
        ),
        "KL BTV Tỉnh ủy (local); NĐ 170 Đ.35 k.4–5",
        "P",
        choices=("any_in_window", "each_year"),
    ),
    "achievements_per_year": Param(
        "int",
        1,
        _("Recognised achievements required in each year (each_year mode)"),
        "KL BTV Tỉnh ủy (local)",
        "P",
    ),
    "political_conclusion_validity_months": Param(
        "int",
        12,
        _("Months a political-standard conclusion stays valid (empty: no expiry)"),
        "58-QĐ/TW (validity not found)",
        "U",
        nullable=True,
    ),
    "political_protection_request_days": Param(
        "int",
        10,
        _(
            "Working days internal political protection has to answer a request for a political-standard conclusion"
        ),
        "58-QĐ/TW; ND 170 Đ.35 k.7 (time limit not found: local practice)",
        "P",
    ),
    "asset_declaration_max_age_months": Param(
        "int", 15, _("A verified asset declaration must be this recent"), "80 Đ.18; NĐ 138 Đ.48", "P"
    ),
    "open_report_pauses_candidate": Param(
        "bool",
        True,
        _("An open violation report pauses the candidate's procedure"),
        "80 Đ.16 (design choice)",
    ),
    # Retirement age roadmap (Bộ luật Lao động 2019 Đ.169; NĐ 135/2020): months of age
    "retirement_base_year": Param("int", 2021, _("First year of the retirement-age roadmap"), "NĐ 135/2020"),
    "retirement_male_base_months": Param(
        "int", 723, _("Men's retirement age in the base year (months)"), "NĐ 135/2020"
    ),
    "retirement_male_step_months": Param("int", 3, _("Men's yearly increase (months)"), "NĐ 135/2020"),
    "retirement_male_max_months": Param("int", 744, _("Men's final retirement age (months)"), "NĐ 135/2020"),
    "retirement_female_base_months": Param(
        "int", 664, _("Women's retirement age in the base year (months)"), "NĐ 135/2020"
    ),
    "retirement_female_step_months": Param("int", 4, _("Women's yearly increase (months)"), "NĐ 135/2020"),
    "retirement_female_max_months": Param(
        "int", 720, _("Women's final retirement age (months)"), "NĐ 135/2020"
    ),
    # Planning (377-QĐ/TW; QĐ 50 PL2; docs/procedures.md §7)
    "planning_age_terms": Param(
        "int",
        2,
        _(
            "Terms of the planned post a cadre must be able to serve before retirement to enter or stay in the "
            "planning (counted from the review)"
        ),
        "377 (headline, S5c)",
        "P",
    ),
    "planning_removal_on_discipline": Param(
        "bool",
        True,
        _(
            "The yearly review proposes removing a cadre with a decided discipline from reprimand upward that still "
            "bars a higher post (discipline_bar_months)"
        ),
        "QĐ 50 (S40), kept by 377",
        "P",
    ),
    "young_age_limit": Param("int", 40, _("A cadre is young below this age"), "KL BTV Tỉnh ủy; QĐ 50"),
    "target_planning_young_percent": Param(
        "int", 15, _("Target share of young cadres in the planning (%)"), "QĐ 50 (S40)"
    ),
    "target_planning_female_percent": Param(
        "int", 25, _("Target share of women in the planning (%)"), "QĐ 50 (S40)"
    ),
    # Rotation (65-QĐ/TW; docs/procedures.md §8, H20)
    "rotation_min_years_left": Param(
        "int", 10, _("Years of service a rotated cadre must have left before retirement"), "65-QĐ/TW"
    ),
    "rotation_min_months": Param("int", 36, _("Shortest rotation period (months)"), "65-QĐ/TW"),
    "rotation_equivalent_post_required": Param(
        "bool",
        True,
        _("A rotation is to a post of the same rank as the one the cadre holds"),
        '65-QĐ/TW ("normally" an equivalent post)',
        "P",
    ),
    "rotation_return_notice_days": Param(
        "int",
        90,
        _("Days before a rotation period ends when the return procedure is opened"),
        "local practice",
        "U",
    ),
    # Elections (H19)
    "election_surplus_min_percent": Param(
        "int", 10, _("Least surplus prepared on an election list (%)"), "190-QĐ/TW Đ.14"
    ),
    "election_surplus_max_percent": Param(
        "int", 30, _("Most surplus allowed on an election list (%)"), "190-QĐ/TW Đ.14"
    ),
    # Conference steps (§14b): per-step corrections {step code: {field: value}}, see apps.conferences.steps
    "step_overrides": Param(
        "step_map",
        {},
        _("Corrections to the conference steps of each procedure (by step code)"),
        "docs/procedures.md §1–§6, §14b",
        "P",
    ),
}


def parameter_choices():
    """The keys an operator may set. A callable, so that a new parameter needs no schema migration."""
    return [(key, key) for key in PARAMETERS]


def parse_value(key, raw):
    """Turn a stored JSON value into the parameter's Python value, refusing values of the wrong kind."""
    from datetime import datetime

    param = PARAMETERS.get(key)
    if param is None:
        raise RuleViolation("unknown_parameter", _("Unknown rule-set parameter: {key}").format(key=key))
    if raw is None:
        if param.nullable:
            return None
        raise RuleViolation("parameter_required", _("Parameter {key} needs a value.").format(key=key))
    try:
        if param.kind == "int":
            if isinstance(raw, bool) or int(raw) != raw or raw < 0:
                raise ValueError
            return int(raw)
        if param.kind == "bool":
            if not isinstance(raw, bool):
                raise ValueError
            return raw
        if param.kind == "fraction":
            value = Fraction(str(raw))
            if not 0 < value <= 1:
                raise ValueError
            return value
        if param.kind == "int_map":
            if not isinstance(raw, dict) or any(not isinstance(v, int) or v < 0 for v in raw.values()):
                raise ValueError
            return dict(raw)
        if param.kind == "step_map":
            if not isinstance(raw, dict) or any(
                not isinstance(k, str) or not isinstance(v, dict) for k, v in raw.items()
            ):
                raise ValueError
            return {k: dict(v) for k, v in raw.items()}
        if param.kind == "date_list":
            return sorted(datetime.strptime(v, "%d/%m/%Y").date() for v in raw)
        if param.kind == "str":
            if param.choices and raw not in param.choices:
                raise ValueError
            return str(raw)
    except (ValueError, TypeError, ZeroDivisionError):
        pass
    raise RuleViolation(
        "bad_parameter",
        _("Parameter {key} has an invalid value {value!r} (expected {kind}).").format(
            key=key, value=raw, kind=param.kind
        ),
    )


#: Observers told the key of every parameter read from a ``Params`` (``recording_reads``).
_READ_OBSERVERS = []


@contextmanager
def recording_reads():
    """``with recording_reads() as keys:`` — the keys of the parameters the code reads meanwhile (a test checks
    that every parameter in ``PARAMETERS`` is read by some rule)."""
    keys = set()
    _READ_OBSERVERS.append(keys.add)
    try:
        yield keys
    finally:
        _READ_OBSERVERS.remove(keys.add)


def _read(key):
    for observe in _READ_OBSERVERS:
        observe(key)


class Params:
    """Resolved parameters of a rule set chain, read as attributes (``params.quorum_fraction``)."""

    def __init__(self, values, rule_set_ids=()):
        self._values = dict(values)
        self.rule_set_ids = tuple(rule_set_ids)

    def __getattr__(self, key):
        if _READ_OBSERVERS and not key.startswith("_"):
            _read(key)
        try:
            return self._values[key]
        except KeyError:
            raise AttributeError(f"rule set has no parameter {key!r}") from None

    def get(self, key, default=None):
        if _READ_OBSERVERS:
            _read(key)
        return self._values.get(key, default)

    def as_snapshot(self):
        """JSON-safe copy stored on every procedure so a later inspection can replay its checks."""
        out = {}
        for key, value in self._values.items():
            if isinstance(value, Fraction):
                out[key] = f"{value.numerator}/{value.denominator}"
            elif isinstance(value, list):
                out[key] = [d.strftime("%d/%m/%Y") for d in value]
            else:
                out[key] = value
        return out

    @classmethod
    def from_snapshot(cls, snapshot):
        return cls({k: parse_value(k, v) for k, v in snapshot.items() if k in PARAMETERS})

    @classmethod
    def defaults(cls, **overrides):
        """The seeding defaults, for unit tests of rules that need no database."""
        values = {k: parse_value(k, p.default) for k, p in PARAMETERS.items()}
        values.update(overrides)
        return cls(values)
