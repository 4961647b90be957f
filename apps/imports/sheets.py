"""The template of the registry workbook: one sheet per kind of record, its columns, and each sheet's natural key.

Row 1 of every sheet holds the column keys (hidden in the template: it is what the importer reads), row 2 the
Vietnamese headers people read, data from row 3. A sheet whose key row was lost (a copy pasted from elsewhere) is
read by its headers instead. The same definitions write the template, the exports of the registry lists and the
error report, so an exported workbook imports unchanged (the round trip).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from apps.cadres.models import (
    Cadre,
    Discipline,
    Evaluation,
    Gender,
    PlanningEntry,
    PoliticalConclusion,
    Tenure,
)
from apps.organisation.models import OrgUnit

KEY_ROW = 1
HEADER_ROW = 2
FIRST_DATA_ROW = 3

# column kinds
TEXT, DATE, INT, BOOL, CHOICE, UNIT, LEVEL, CADRE, CODES = (
    "text",
    "date",
    "int",
    "bool",
    "choice",
    "unit",
    "level",
    "cadre",
    "codes",
)


@dataclass(frozen=True)
class Column:
    key: str
    label: object
    kind: str = TEXT
    required: bool = False
    choices: object = None  # a TextChoices class for CHOICE columns
    default: object = None  # the value of an empty cell of an optional column
    width: int = 18


@dataclass(frozen=True, eq=False)
class Sheet:
    kind: str
    title: object
    columns: tuple
    natural_key: tuple

    def column(self, key):
        return next(c for c in self.columns if c.key == key)

    @property
    def keys(self):
        return [c.key for c in self.columns]


UNITS = Sheet(
    "units",
    _("Units"),
    (
        Column("code", _("Unit code"), required=True),
        Column("name", _("Unit name"), required=True, width=36),
        Column("level", _("Level (code)"), LEVEL, required=True),
        Column("kind", _("Kind"), CHOICE, choices=OrgUnit.Kind, default=OrgUnit.Kind.STATE),
        Column("parent", _("Parent unit (code)"), UNIT),
        Column("province_name", _("Province (locality)"), default=""),
        Column("commune_name", _("Commune (locality)"), default=""),
        Column("is_active", _("Active"), BOOL, default=True),
        Column("dissolved_on", _("Dissolved or merged on (dd/mm/yyyy)"), DATE),
        Column("successor", _("Successor unit (code)"), UNIT),
        Column("predecessors", _("Predecessor units (codes separated by ;)"), CODES, width=28),
    ),
    ("code",),
)

POSITIONS = Sheet(
    "positions",
    _("Positions and seats"),
    (
        Column("unit", _("Unit (code)"), UNIT, required=True),
        Column("title", _("Title"), required=True, width=36),
        Column("authority", _("Competent authority (unit code)"), UNIT, required=True),
        Column("rank", _("Rank"), INT, default=1),
        Column("seats", _("Seats"), INT, default=1),
        Column("term_years", _("Term (years)"), INT, default=5),
        Column("is_elected", _("Filled by election"), BOOL, default=False),
        Column("requires_non_local", _("Must be held by a non-local cadre"), BOOL, default=False),
        Column("is_active", _("Active"), BOOL, default=True),
        Column("job_description", _("Job description"), default="", width=36),
        Column("requirements", _("Standards and requirements"), default="", width=36),
    ),
    ("unit", "title"),
)

CADRES = Sheet(
    "cadres",
    _("Cadres"),
    (
        Column("code", _("Cadre code (identity number)"), required=True),
        Column("full_name", _("Full name"), required=True, width=28),
        Column("birth_date", _("Date of birth (dd/mm/yyyy)"), DATE, required=True),
        Column("gender", _("Gender"), CHOICE, required=True, choices=Gender),
        Column("ethnicity", _("Ethnicity"), default="Kinh"),
        Column("home_province", _("Home province"), required=True),
        Column("home_commune", _("Home commune/district"), default=""),
        Column("current_unit", _("Current unit (code)"), UNIT, required=True),
        Column("job_title", _("Current job"), default="", width=28),
        Column("is_party_member", _("Party member"), BOOL, default=True),
        Column("party_joined_on", _("Joined the party on (dd/mm/yyyy)"), DATE),
        Column(
            "education_level",
            _("Education"),
            CHOICE,
            choices=Cadre.EducationLevel,
            default=Cadre.EducationLevel.BACHELOR,
        ),
        Column("specialty", _("Specialty"), default=""),
        Column(
            "political_theory",
            _("Political theory"),
            CHOICE,
            choices=Cadre.PoliticalTheory,
            default=Cadre.PoliticalTheory.INTERMEDIATE,
        ),
        Column("foreign_language", _("Foreign language"), default=""),
        Column(
            "foreign_language_level",
            _("Foreign language level"),
            CHOICE,
            choices=Cadre.LanguageLevel,
            default=Cadre.LanguageLevel.NONE,
        ),
        Column(
            "employment_status",
            _("Employment status"),
            CHOICE,
            choices=Cadre.EmploymentStatus,
            default=Cadre.EmploymentStatus.ACTIVE,
        ),
        Column("left_on", _("Left on (dd/mm/yyyy)"), DATE),
        Column(
            "proceedings",
            _("Criminal proceedings"),
            CHOICE,
            choices=Cadre.Proceedings,
            default=Cadre.Proceedings.NONE,
        ),
        Column("resume_verified_on", _("Résumé verified on (dd/mm/yyyy)"), DATE),
    ),
    ("code",),
)

_CADRE = Column("cadre", _("Cadre code"), CADRE, required=True)
_UNIT = Column("unit", _("Unit of the position (code)"), UNIT, required=True)
_POSITION = Column("position", _("Position (title)"), required=True, width=30)

TENURES = Sheet(
    "tenures",
    _("Tenures"),
    (
        _CADRE,
        _UNIT,
        _POSITION,
        Column("seat_number", _("Seat"), INT, default=1),
        Column("start_date", _("From (dd/mm/yyyy)"), DATE, required=True),
        Column("term_end", _("Term ends (dd/mm/yyyy)"), DATE),
        Column("ended_on", _("Ended on (dd/mm/yyyy)"), DATE),
        Column("end_reason", _("End reason"), CHOICE, choices=Tenure.EndReason, default=""),
        Column("decision_number", _("Decision number"), default=""),
        Column("decision_date", _("Decision date (dd/mm/yyyy)"), DATE),
    ),
    ("cadre", "unit", "position", "start_date"),
)

PLANNING = Sheet(
    "planning",
    _("Planning"),
    (
        _CADRE,
        _UNIT,
        _POSITION,
        Column("term", _("Term (e.g. 2025-2030)"), required=True),
        Column("approved_on", _("Approved on (dd/mm/yyyy)"), DATE, required=True),
        Column(
            "status",
            _("Status"),
            CHOICE,
            choices=PlanningEntry.Status,
            default=PlanningEntry.Status.ACTIVE,
        ),
        Column("removed_on", _("Removed on (dd/mm/yyyy)"), DATE),
        Column("removed_reason", _("Reason for removal"), default=""),
    ),
    ("cadre", "unit", "position", "term"),
)

EVALUATIONS = Sheet(
    "evaluations",
    _("Evaluations"),
    (
        _CADRE,
        Column("year", _("Year"), INT, required=True),
        Column("rating", _("Rating"), CHOICE, required=True, choices=Evaluation.Rating, width=30),
        Column("note", _("Note"), default="", width=30),
    ),
    ("cadre", "year"),
)

ACHIEVEMENTS = Sheet(
    "achievements",
    _("Achievements"),
    (
        _CADRE,
        Column("title", _("Achievement"), required=True, width=36),
        Column("achieved_on", _("Achieved on (dd/mm/yyyy)"), DATE, required=True),
        Column("description", _("Description"), default="", width=30),
        Column("recognised_by", _("Recognised by"), default=""),
        Column("recognition_ref", _("Recognition reference"), default=""),
        Column("recognised_on", _("Recognised on (dd/mm/yyyy)"), DATE),
    ),
    ("cadre", "title", "achieved_on"),
)

DISCIPLINES = Sheet(
    "disciplines",
    _("Discipline"),
    (
        _CADRE,
        Column("kind", _("Form of discipline"), CHOICE, choices=Discipline.Kind, default=""),
        Column("status", _("Status"), CHOICE, choices=Discipline.Status, default=Discipline.Status.DECIDED),
        Column("decided_on", _("Decided on (dd/mm/yyyy)"), DATE),
        Column("effective_from", _("Effective from (dd/mm/yyyy)"), DATE),
        Column("effective_to", _("Effective until (dd/mm/yyyy)"), DATE),
        Column("authority", _("Deciding authority"), default=""),
        Column("reason", _("Reason"), default="", width=30),
    ),
    ("cadre", "kind", "status", "decided_on", "effective_from"),
)

CONCLUSIONS = Sheet(
    "conclusions",
    _("Political standard"),
    (
        _CADRE,
        Column(
            "status",
            _("Status"),
            CHOICE,
            choices=PoliticalConclusion.Status,
            default=PoliticalConclusion.Status.CONCLUDED,
        ),
        Column("result", _("Result"), CHOICE, choices=PoliticalConclusion.Result, default="", width=30),
        Column("issuer", _("Issued by"), required=True, width=28),
        Column("reference", _("Document number"), default=""),
        Column("concluded_on", _("Concluded on (dd/mm/yyyy)"), DATE),
        Column("note", _("Note"), default="", width=30),
    ),
    ("cadre", "issuer", "reference", "concluded_on"),
)

#: in the order they are imported: what a sheet refers to is imported before it
SHEETS = (UNITS, POSITIONS, CADRES, TENURES, PLANNING, EVALUATIONS, ACHIEVEMENTS, DISCIPLINES, CONCLUSIONS)
BY_KIND = {sheet.kind: sheet for sheet in SHEETS}
#: the sheets written with the cadre list (a cadre's records)
CADRE_RECORD_SHEETS = (TENURES, PLANNING, EVALUATIONS, ACHIEVEMENTS, DISCIPLINES, CONCLUSIONS)
