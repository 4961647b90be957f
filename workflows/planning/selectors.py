"""Readers for the planning review: the facts its rules read, the counts its limits need, and its summary."""

from django.db.models import Q

from apps.cadres.models import Discipline, PlanningEntry, PoliticalConclusion, Tenure

from .rules import PersonFacts


def running_procedures(cadre_id):
    """Ids of the running appointment and nomination procedures in which the cadre is still a candidate (377)."""
    from workflows.appointment.models import AppointmentCandidate
    from workflows.nomination.models import NominationCandidate

    appointment = AppointmentCandidate.objects.filter(
        cadre_id=cadre_id, process__outcome="in_progress", process__status="NEW"
    ).exclude(status__in=["failed_verification", "eliminated", "dropped", "appointed"])
    nomination = NominationCandidate.objects.filter(
        cadre_id=cadre_id, process__outcome="in_progress", process__status="NEW"
    ).exclude(status__in=["failed_verification", "eliminated", "elected", "not_elected"])
    ids = set(appointment.values_list("process_id", flat=True)) | set(
        nomination.values_list("process_id", flat=True)
    )
    return tuple(sorted(ids))


def person_facts(cadre, on):
    """What ``rules`` read about `cadre` on `on`."""
    current = (
        Tenure.objects.open()
        .filter(cadre=cadre, start_date__lte=on)
        .select_related("position")
        .order_by("-position__rank")
        .first()
    )
    disciplines = tuple(
        Discipline.objects.filter(cadre=cadre).values_list("kind", "status", "effective_from", "effective_to")
    )
    conclusion = (
        PoliticalConclusion.objects.filter(cadre=cadre, status="concluded", concluded_on__lte=on)
        .order_by("-concluded_on", "-pk")
        .values_list("status", "result", "concluded_on")
        .first()
    )
    return PersonFacts(
        birth_date=cadre.birth_date,
        gender=cadre.gender,
        current_rank=current.position.rank if current else None,
        disciplines=disciplines,
        conclusion=conclusion,
        running_procedures=running_procedures(cadre.pk),
    )


def active_entries():
    return PlanningEntry.objects.filter(status=PlanningEntry.Status.ACTIVE)


def planned_for_post(position):
    return active_entries().filter(position=position).select_related("cadre").order_by("cadre__full_name")


def posts_at_level(cadre, level_id, exclude_position=None):
    qs = active_entries().filter(cadre=cadre, position__unit__level_id=level_id)
    if exclude_position is not None:
        qs = qs.exclude(position=exclude_position)
    return qs.count()


def lines(process):
    if not process.pk:
        return []
    from .forms import REASON_LABELS

    rows = list(
        process.lines.select_related("cadre__current_unit", "decision", "entry").order_by("kind", "pk")
    )
    for row in rows:
        row.reason_labels = [REASON_LABELS.get(code, code) for code in row.auto_reasons]
    return rows


def conferences(process):
    from apps.conferences.models import Conference

    if not process.pk:
        return []
    return list(Conference.objects.filter(process_id=process.pk).order_by("held_on", "pk"))


def summary(process, user):
    return {"lines": lines(process), "conferences": conferences(process)}


def reviews_of_cadre(cadre):
    from .models import PlanningLine

    return PlanningLine.objects.filter(Q(cadre=cadre)).select_related("process")
