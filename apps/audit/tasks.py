"""Celery jobs of the audit app.

``core.ping`` (its name kept from when it lived in ``apps.core``) is the smallest piece of real background work: a
worker takes it from the broker and appends one audit entry in the database. The CI Celery stage
(``tests/celery_stage``) uses it to show that the web side, the broker, a worker and the database are wired
together; an operator can use it the same way after a deployment::

    python manage.py shell -c "from apps.audit.tasks import ping; ping.delay('after-deploy')"

and then look for the ``core.ping`` entry in the audit log.
"""

import logging

from celery import shared_task
from django.utils import timezone

from apps.core.jobs import period_key, tracked_job

from . import checkpoints
from .checkpoints import verify_log
from .models import ChainVerification
from .services import record

logger = logging.getLogger(__name__)


@shared_task(name="core.ping")
def ping(token):
    """Append the audit entry ``core.ping`` with `token` (actor: the system); returns the entry's sequence."""
    return record("core.ping", actor=None, data={"token": str(token)}).seq


@tracked_job("audit.verify_audit_chain", key=lambda verification_id: f"chain-verification:{verification_id}")
def verify_audit_chain(verification_id):
    """Run the same walk as ``manage.py audit_verify`` (chain, MACs, newest checkpoint) and store its result on
    the run. Idempotent: a redelivered message for a finished run does nothing. Queued through the outbox
    (``services.request_verification``)."""
    run = ChainVerification.objects.filter(
        pk=verification_id, status=ChainVerification.Status.PENDING
    ).first()
    if run is None:
        return None
    try:
        result = verify_log()
    except Exception as exc:
        run.status = ChainVerification.Status.ERROR
        run.detail = f"{type(exc).__name__}: {exc}"[:2000]
        run.finished_at = timezone.now()
        run.save()
        logger.exception("Chain verification %s could not run", run.pk)
        return run.status  # "could not run" is the result the requester sees; a retry would find it finished
    run.status = ChainVerification.Status.PASSED if result.ok else ChainVerification.Status.FAILED
    run.entries_checked = result.entries_checked
    run.head_seq = result.head_seq
    run.head_hash = result.head_hash
    run.broken_seq = result.broken_seq
    run.problem = result.problem
    run.detail = result.detail
    if result.ok and result.unauthenticated_entries:
        run.detail = f"unauthenticated legacy entries: {result.unauthenticated_entries} (no checkpoint yet)"
    run.elapsed_ms = round(result.elapsed * 1000)
    run.finished_at = timezone.now()
    run.save()
    return run.status


@tracked_job("audit.publish_checkpoint", key=lambda: period_key("audit-checkpoint", hours=24))
def publish_checkpoint():
    """Daily (``CELERY_BEAT_SCHEDULE``): verify the entries since the last checkpoint, sign the head, write it to
    private storage and e-mail it to the inspection commission (``apps.audit.checkpoints.publish``)."""
    return checkpoints.publish()
