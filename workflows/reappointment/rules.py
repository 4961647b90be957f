"""Rules of the reappointment procedure (docs/procedures.md §5; H16, H17). Plain functions raising ``RuleViolation``;
no database access.
"""

from datetime import timedelta

from django.utils.translation import gettext as _

from apps.core.rules import RuleViolation

from .models import Choice, Path


def _day(value):
    return value.strftime("%d/%m/%Y")


def notice_due_on(term_end, params):
    """H16: the day the notice is due — `reappointment_notice_days` before the term ends, counted in calendar days
    or, when the rule set says so (377's wording), in working days (ND 138 Đ.52; 377)."""
    from apps.core.workdays import add_working_days

    days = params.reappointment_notice_days
    if params.reappointment_notice_in_working_days:
        return add_working_days(term_end, -days, params.public_holidays)
    return term_end - timedelta(days=days)


def is_due(term_end, on, params):
    """Has the notice period of a term ending on `term_end` begun on day `on` (and has the term not ended)?"""
    return term_end is not None and on < term_end and notice_due_on(term_end, params) <= on


def discipline_bar_months(params):
    """H12 for reappointment (docs/procedures.md §3): 296-QĐ/TW bars reappointing a reprimanded party member to an
    equivalent or higher post for one year [P] — a bar of its own, not the higher-post bars of 80/377 Đ.18
    (``discipline_bar_months``). The rule set's ``reappointment_discipline_bar_months`` gives the months by form;
    a form it does not list keeps its higher-post bar (nothing found says it is shorter). A procedure whose
    rule snapshot predates the parameter keeps the higher-post table it ran under, so replays stay faithful."""
    bars = dict(params.discipline_bar_months)
    bars.update(params.get("reappointment_discipline_bar_months") or {})
    return bars


def reappointment_params(params):
    """`params` with the discipline bars a reappointment (or an extension of the same post) is judged by, for the
    shared eligibility checks (``apps.cadres.eligibility``)."""
    from apps.rulesets.parameters import Params

    snapshot = params.as_snapshot()
    snapshot["discipline_bar_months"] = discipline_bar_months(params)
    return Params.from_snapshot(snapshot)


def require_term_not_ended(term_end, on):
    """H16: the procedure's decision comes before the term ends; on or after that day nothing can be decided."""
    if on >= term_end:
        raise RuleViolation(
            "term_ended",
            _("The term ended on {end}: the decision had to be made before that day.").format(
                end=_day(term_end)
            ),
        )


def require_signed_before_term_end(issued_on, term_end):
    """H16 (ND 115 Đ.49: the decision at least one day before expiry): a decision dated on or after the day the
    term ends is refused."""
    if issued_on >= term_end:
        raise RuleViolation(
            "signed_after_term_end",
            _("The decision must be issued before the term ends on {end}.").format(end=_day(term_end)),
        )


def require_open_tenure_with_term(tenure, on):
    """A procedure opens for a current tenure whose term has an end that is still ahead."""
    if tenure.ended_on is not None:
        raise RuleViolation("tenure_ended", _("This tenure has already ended."))
    if tenure.term_end is None:
        raise RuleViolation("no_term_end", _("This tenure has no term end: there is nothing to reappoint."))
    require_term_not_ended(tenure.term_end, on)


def require_self_assessment(process):
    """ND 138 Đ.52 k.2: the key-officials conference and the collective hear the cadre's report on the term —
    no conference is recorded before it is in the dossier."""
    if not process.has_self_assessment:
        raise RuleViolation(
            "self_assessment_missing",
            _("The cadre's self-assessment report on the term is missing: submit it before any conference."),
        )


def require_verification_documents(process, *, evaluation):
    """Issue 9 point 12 (procedures §4 items 4–5, §5; ND 170 Đ.35 k.4–5): verification needs the dossier's
    documents — the cadre's self-assessment on the term and the evaluation by the collective — not a number of
    years. `evaluation`: the collective's evaluation is uploaded now or already among the procedure's documents."""
    from workflows.common import dossier

    present = {"self_assessment"} if process.has_self_assessment else set()
    if evaluation:
        present.add("evaluation")
    dossier.require_documents([(process.cadre, present)])


def require_self_assessment_content(upload, text):
    if not upload and not (text or "").strip():
        raise RuleViolation(
            "self_assessment_missing",
            _("Attach the self-assessment report or write it out."),
        )


def require_reasons(reasons, code="reasons_required"):
    if not (reasons or "").strip():
        raise RuleViolation(code, _("State the reasons."))


def require_choice_allowed(process, choice, reasons):
    """What the leadership may decide, given the path and what the earlier steps found (§5, H4, H17):

    - reappoint: only on the reappointment path, after the collective's vote passed and verification passed;
    - extend: only on the extension path, after the checks and the collective's vote passed;
    - not reappoint: always, with the reasons (the decision states them).
    """
    if choice == Choice.NOT_REAPPOINT:
        if not (reasons or "").strip():
            raise RuleViolation("reasons_required", _("A decision not to reappoint must state its reasons."))
        return
    if choice == Choice.REAPPOINT and process.path != Path.REAPPOINT:
        raise RuleViolation(
            "extension_path",
            _(
                "Fewer years than the rule set requires remain to retirement: extend the term or do not reappoint."
            ),
        )
    if choice == Choice.EXTEND and process.path != Path.EXTENSION:
        raise RuleViolation(
            "not_extension_path",
            _(
                "Enough years remain to retirement for a full reappointment: the term cannot be extended instead."
            ),
        )
    if choice not in (Choice.REAPPOINT, Choice.EXTEND):
        raise RuleViolation("bad_choice", _("Choose one of the decisions offered."))
    if not process.vote_passed:
        raise RuleViolation(
            "vote_not_passed",
            _("The leadership collective's vote did not pass: only a decision not to reappoint is possible."),
        )
    if not process.verification_passed:
        raise RuleViolation(
            "not_verified",
            _(
                "The verification did not find the conditions met: only a decision not to reappoint is possible."
            ),
        )


def require_conclusion_consistent(conclusion, failed, remarks):
    """Verification: "meets" only when every check passed (else refused with each failed check's reason);
    "does not meet" always with the remarks saying why."""
    from .models import Conclusion

    if conclusion == Conclusion.MEETS and failed:
        exc = RuleViolation(
            "not_eligible",
            _("The cadre does not meet: {checks}").format(
                checks="; ".join(f"{r.label} — {r.reason}" for r in failed)
            ),
        )
        exc.failed_checks = [r.code for r in failed]
        raise exc
    if conclusion == Conclusion.DOES_NOT_MEET and not (remarks or "").strip():
        raise RuleViolation("remarks_required", _("Say why the cadre does not meet the conditions."))
    if conclusion not in Conclusion.values:
        raise RuleViolation("bad_conclusion", _("Choose a conclusion."))


def require_decision_drafted(process):
    if process.decision_id is None:
        raise RuleViolation("decision_not_drafted", _("The decision has not been drafted yet."))
