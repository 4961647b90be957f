"""Readers for the rotation pages."""


def summary(process, user):
    from apps.conferences.models import Conference

    if not process.pk:
        return {"conferences": [], "returns": []}
    return {
        "conferences": list(Conference.objects.filter(process_id=process.pk).order_by("held_on", "pk")),
        "returns": list(process.returns.all()) if process.kind == "rotation" else [],
    }
