"""Readers for conference pages (docs/style.md rule 4): one conference, for a reader allowed to see it."""

from django.http import Http404

from apps.accounts import permissions

from .models import Conference

#: who may read a conference's documents: whoever may follow its procedure (``workflows.common``)
READ_ACTION = "follow_procedure"


def conference_for(user, pk):
    """The conference `pk` if `user` may read it, else 404 (missing or out of scope) or 403 (in scope without the
    right to follow procedures).

    A conference of a procedure is read by whoever may follow that procedure — its scope is the procedure's,
    whichever unit convened the conference; one without a procedure by its own unit's scope. Never by one of its
    candidates or of its procedure's candidates (R10).
    """
    conference = Conference.objects.select_related("process").filter(pk=pk).first()
    if conference is None:
        raise Http404
    if permissions.in_conflict(user, conference):
        raise Http404
    procedure = conference.process.coerced if conference.process_id else conference
    permissions.require(user, READ_ACTION, procedure)
    conference.tallies_visible = permissions.can_see_tallies(user, conference, procedure)
    return conference


def with_tally_visibility(conferences, user, procedure=None):
    """`conferences` with ``tallies_visible`` set for `user` by the step's publication rule
    (``permissions.can_see_tallies``; procedures §1.2, H5) — the one answer every page showing tallies uses."""
    for conference in conferences:
        conference.tallies_visible = permissions.can_see_tallies(user, conference, procedure)
    return conferences
