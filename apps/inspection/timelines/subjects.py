"""What a timeline is about, who may read it and where its events come from — for the pages and for the export job,
which checks again, as the person who asked, when it runs.

``resolve(user, kind, pk)`` → ``{"subject", "title", "sources"}``; a procedure, cadre or decision outside the
inspector's scope is a 404 like one that does not exist (``permissions.require(…, "inspect", …)``). Every inspector
reads every user's timeline (docs/design.md §1: the inspection commission reads everything); who is an inspector is the
caller's check (``selectors.may_inspect``).
"""

from django.contrib.auth import get_user_model
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from viewflow.workflow.models import Process

from apps.accounts import permissions
from apps.cadres.models import Cadre
from apps.decisions.models import Decision

from .sources import cadre_sources, decision_sources, procedure_sources, user_sources

KINDS = ("procedure", "cadre", "decision", "user")


def _procedure(user, pk):
    process = get_object_or_404(Process, pk=pk).coerced
    permissions.require(user, "inspect", process)
    title = _("Timeline of {procedure}").format(procedure=process)
    return process, title, procedure_sources([process.pk])


def _cadre(user, pk):
    cadre = get_object_or_404(Cadre.objects.select_related("current_unit"), pk=pk)
    permissions.require(user, "inspect", cadre)
    return cadre, _("Timeline of {cadre}").format(cadre=cadre), cadre_sources(cadre)


def _decision(user, pk):
    decision = get_object_or_404(Decision.objects.select_related("position"), pk=pk)
    permissions.require(user, "inspect", decision)
    return decision, _("Timeline of {decision}").format(decision=decision), decision_sources(decision)


def _user(user, pk):
    person = get_object_or_404(get_user_model().objects.select_related("cadre__current_unit"), pk=pk)
    title = _("Timeline of {person}").format(person=person.get_full_name() or person.get_username())
    return person, title, user_sources(person)


_RESOLVERS = {"procedure": _procedure, "cadre": _cadre, "decision": _decision, "user": _user}


def resolve(user, kind, pk):
    resolver = _RESOLVERS.get(kind)
    if resolver is None:
        raise Http404
    subject, title, sources = resolver(user, pk)
    return {"subject": subject, "title": title, "sources": sources}
