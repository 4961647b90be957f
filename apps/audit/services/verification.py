"""Asking for a chain verification from the inspection pages: a row now, the walk in a Celery job."""

from django.db import transaction

from apps.core.jobs import enqueue

from ..models import ChainVerification


@transaction.atomic
def request_verification(*, actor):
    """Queue a verification of the whole chain; in the embedded setup (eager Celery) it runs on commit.

    The job's run is written with the verification, in this transaction (the outbox, ``apps.core.jobs``): a
    broker that is down after the commit leaves it waiting, never the requester with an error."""

    from ..tasks import verify_audit_chain

    run = ChainVerification.objects.create(requested_by=actor)
    enqueue(verify_audit_chain, run.pk)
    return run
