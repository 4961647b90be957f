"""Cadres and the facts the personnel rules need (docs/design.md §2.1, glossary).

A package: the cadre (``cadre``), the seats held and the planning (``tenures``), the records the rules read
(``records``); every model stays importable from ``apps.cadres.models``.
"""

from .cadre import Cadre, Gender
from .records import (
    Achievement,
    AssetDeclaration,
    Discipline,
    Evaluation,
    PoliticalConclusion,
    PoliticalProtectionRequest,
)
from .tenures import PlanningEntry, Tenure, TenureQuerySet

__all__ = [
    "Achievement",
    "AssetDeclaration",
    "Cadre",
    "Discipline",
    "Evaluation",
    "Gender",
    "PlanningEntry",
    "PoliticalConclusion",
    "PoliticalProtectionRequest",
    "Tenure",
    "TenureQuerySet",
]
