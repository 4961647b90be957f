"""What the planning review's writers share."""

from django.utils import timezone

from apps.audit.services import record


def _today():
    return timezone.localdate()


def _audit(action, obj, process, actor, **data):
    record(action, obj, actor=actor, process_id=process.pk, data=data)
