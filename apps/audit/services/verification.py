"""Asking for a chain verification from the inspection pages: a row now, the walk in a Celery job."""

from django.db import transaction

from ..models import ChainVerification


@transaction.atomic
def request_verification(*, actor):
    """Queue a verification of the whole chain; in the embedded setup (eager Celery) it runs on commit."""
    from ..tasks import verify_audit_chain

    run = ChainVerification.objects.create(requested_by=actor)
    transaction.on_commit(lambda: verify_audit_chain.delay(run.pk))
    return run
