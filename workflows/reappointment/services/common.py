"""Small helpers every reappointment service uses."""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from apps.core.rules import RuleViolation
from workflows.common.services import audit, complete, save  # noqa: F401 - the services' helpers, shared

#: the service account the scheduled jobs act as (created by migration 0002; recreated if a test flushed it)
SYSTEM_USERNAME = "system"


def system_user():
    """The dedicated service user that opens procedures and flags overdue ones. It has no password anyone can
    use and is inactive, so it can never sign in and is never sent a notification."""
    User = get_user_model()
    user = User.objects.filter(username=SYSTEM_USERNAME).first()
    if user is not None:
        return user
    user = User(username=SYSTEM_USERNAME, first_name="CadreFlow", last_name="(system)", is_active=False)
    user.set_unusable_password()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # created at the same moment by a concurrent job
        user = User.objects.get(username=SYSTEM_USERNAME)
    return user


def day(value):
    return value.strftime("%d/%m/%Y") if value else None


def require_valid_upload(upload):
    """Documents only, within the size limit (``workflows.common.models.validate_attachment``)."""
    from django.core.exceptions import ValidationError

    from workflows.common.models import validate_attachment

    try:
        validate_attachment(upload)
    except ValidationError as exc:
        raise RuleViolation(exc.code or "attachment_invalid", " ".join(exc.messages)) from None


def attach(process, task, upload, kind, actor):
    """Store `upload` as a document of the procedure's step (listed and downloaded on the procedure page)."""
    from workflows.common.models import StepAttachment

    attachment = StepAttachment(
        process_id=process.pk,
        task=task,
        author=actor,
        kind=kind,
        original_name=upload.name[:255],
        size=upload.size,
        content_type=(getattr(upload, "content_type", "") or "")[:100],
    )
    if hasattr(upload, "seek"):
        upload.seek(0)
    attachment.file.save(upload.name, upload, save=False)
    attachment.save()
    return attachment
