"""The outbox end to end, with the stage's worker and beat: a job asked for in a request's transaction is published
on commit and run by the worker; a job whose message the broker lost (Redis without persistence, restarted) is
published again by beat's ``publish-waiting-jobs`` sweep and run once."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from apps.audit.models import ChainVerification
from apps.audit.services.verification import request_verification
from apps.core.models import JobRun, JobStatus
from tests.factories import UserFactory

from .conftest import wait_until

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def test_a_job_asked_for_runs_and_a_job_whose_message_was_lost_is_sent_again_by_beat(stage_worker):
    assert settings.CELERY_BEAT_SCHEDULE["publish-waiting-jobs"]["task"] == "core.publish_waiting_jobs"
    inspector = UserFactory(username="stage-inspector")
    lost_verification = ChainVerification.objects.create(requested_by=inspector)
    long_ago = timezone.now() - timedelta(minutes=settings.CADREFLOW_JOB_REPUBLISH_AFTER_MINUTES + 1)
    lost = JobRun.objects.create(  # its row was committed, its message never reached a worker
        name="audit.verify_audit_chain",
        key=f"chain-verification:{lost_verification.pk}",
        args=[lost_verification.pk],
        task_id="lost-message",
        published_at=long_ago,
        created_at=long_ago,
        updated_at=long_ago,
    )

    with transaction.atomic():
        asked = request_verification(actor=inspector)

    wait_until(
        lambda: ChainVerification.objects.filter(
            pk=asked.pk, status=ChainVerification.Status.PASSED
        ).exists(),
        what="the worker's verification of the chain",
    )
    wait_until(
        lambda: JobRun.objects.filter(pk=lost.pk, status=JobStatus.SUCCEEDED).exists(),
        what="beat's sweep to send the lost job again and the worker to run it",
        timeout=150,
    )
    lost.refresh_from_db()
    lost_verification.refresh_from_db()
    assert lost_verification.status == ChainVerification.Status.PASSED
    assert (lost.attempts, lost.holder_task_id) == (1, "lost-message")
