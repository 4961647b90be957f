"""The appointment's eligibility and listing of candidates (procedures §3: checked before step 1 and again before the
decision)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.history import acting_as
from apps.core.rules import RuleViolation
from workflows.common.services import audit as _audit
from workflows.common.services import complete as _complete

from .. import rules
from ..models import AppointmentCandidate, Source

Status = AppointmentCandidate.Status


def _eligibility(cadre, process, *, self_assessment_years=0):
    """Every eligibility check of the candidate for the procedure's position, judged today (HD 06: the day the
    advisory body has the dossier)."""
    from apps.cadres import eligibility

    on = timezone.localdate()
    facts = eligibility.gather_facts(cadre, process.position, on, self_assessment_years=self_assessment_years)
    return eligibility.evaluate(
        facts,
        eligibility.position_facts(process.position),
        process.params,
        on,
        source=process.source,
        purpose="appointment",
    )


def _political_standard(cadre, process):
    """R2/H13 — before anything else: the competent committee's concluded, positive conclusion."""
    from apps.cadres import eligibility

    on = timezone.localdate()
    facts = eligibility.gather_facts(cadre, process.position, on)
    return eligibility.check_political_standard(facts, process.params, on)


def listing_standings(process, cadres, on=None):
    """{cadre: Standing} for the listing before step 1 (procedures §3): every registry condition of the
    appointment under the procedure's rule set — political standard, discipline (also under review), age,
    planning, months in post, asset declaration, résumé, open reports, non-local."""
    from apps.cadres import eligibility

    return eligibility.listing_standings(
        cadres,
        process.position,
        process.params,
        on or timezone.localdate(),
        purpose="appointment",
        source=process.source,
    )


def require_still_eligible(process, candidate, *, stage):
    """procedures §3: the whole eligibility again before the decision — when it is drafted and when it is
    signed — under the procedure's rule set, with the self-assessment the verification accepted; the age is
    counted from the day the dossier was verified (HD 06). Refuses (``no_longer_eligible``) naming what changed."""
    from apps.cadres import eligibility

    eligibility.recheck_candidate(
        candidate, process.position, process.params, purpose="appointment", stage=stage, source=process.source
    )


@transaction.atomic
def nominate_candidates(*, process, task, cadres, actor):
    """The organisation board lists the candidates from the registry. Nobody enters the list without the
    competent committee's concluded, positive political-standard conclusion (R2: the political standard before
    anything) — else nothing is listed — nor without meeting every other registry condition of eligibility
    (procedures §3, checked before step 1: ``not_eligible_for_listing`` names each refused cadre and reason);
    the dossier's documents are verified, with their evidence, before the final vote. The surplus rule (R1) applies to the list of an internal-source procedure."""
    from apps.conferences.rules import require_surplus

    cadres = list(cadres)
    rules.require_candidates(cadres)
    rules.require_not_own_candidacy(actor, [c.pk for c in cadres])
    if process.source == Source.INTERNAL:
        require_surplus(
            len(cadres),
            process.seats,
            required=process.params.surplus_required,
            min_per_post=process.params.min_candidates_per_post,
        )
    else:
        rules.require_from_elsewhere(cadres_of_unit(process.unit, cadres))
    problems = []
    for cadre in cadres:
        check = _political_standard(cadre, process)
        if not check.passed:
            problems.append(_("{cadre}: {reason}").format(cadre=cadre, reason=check.reason))
    if problems:
        raise RuleViolation("political_standard", " | ".join(problems))
    # procedures §3: the other conditions are checked before step 1 too, not only at verification
    from apps.cadres.eligibility import require_listable

    require_listable(listing_standings(process, cadres))
    with acting_as(actor):
        created = [
            AppointmentCandidate.objects.create(process=process, cadre=cadre, status=Status.ELIGIBLE)
            for cadre in cadres
        ]
    process._conflicted_cache = None
    _complete(task, actor)
    _audit("appointment.candidates_listed", process, process, actor, cadres=[c.cadre_id for c in created])
    return created


def cadres_of_unit(unit, cadres):
    """The `cadres` the registry places in `unit` or its sub-units: an open tenure of a post there, or working
    there (issue 9 point 9: the source of a candidate is decided by the registry, not by the proposal's form)."""
    from django.db.models import Q

    from apps.cadres.models import Cadre

    ids = set(
        Cadre.objects.filter(pk__in=[c.pk for c in cadres])
        .filter(
            Q(current_unit__path__startswith=unit.path)
            | Q(tenures__ended_on__isnull=True, tenures__position__unit__path__startswith=unit.path)
        )
        .values_list("pk", flat=True)
    )
    return [c for c in cadres if c.pk in ids]
