"""The documents of a candidate's dossier a step needs (issue 9 point 12).

procedures §4 (ND 170 Đ.35 k.4–5) and H14: the dossier holds the candidate's **self-assessment of the last 3
years** and the **evaluation by the collective** (chi bộ, cấp ủy and leadership collective of the workplace) over
the same years; the local rule R3 asks for both before verification concludes on achievements. A number of years
typed on the verification form is not the document: verification is refused until both are attached.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.rules import RuleViolation

#: the candidate documents verification needs: (field on the candidate, what it is)
VERIFICATION_DOCUMENTS = (
    ("self_assessment", gettext_lazy("self-assessment of the last 3 years")),
    ("evaluation", gettext_lazy("collective evaluation of the last 3 years")),
)


def missing_documents(present, required=VERIFICATION_DOCUMENTS):
    """The labels of the `required` documents not in `present` (a set of field names)."""
    return [str(label) for field, label in required if field not in present]


def require_documents(rows, required=VERIFICATION_DOCUMENTS):
    """Refuse when any candidate lacks a required document. `rows`: [(candidate name, set of the document fields
    attached — already stored or uploaded now)]. The refusal names every candidate and what is missing."""
    problems = []
    for name, present in rows:
        missing = missing_documents(present, required)
        if missing:
            problems.append(_("{cadre}: {documents}").format(cadre=name, documents=", ".join(missing)))
    if problems:
        raise RuleViolation(
            "documents_required",
            _("Attach the dossier's documents before verification (ND 170 Đ.35 k.4–5): {missing}.").format(
                missing="; ".join(problems)
            ),
        )


def attached(candidate, uploads, required=VERIFICATION_DOCUMENTS):
    """The required document fields `candidate` has, stored already or in `uploads` ({field: file})."""
    return {field for field, _label in required if uploads.get(field) or getattr(candidate, field, None)}
