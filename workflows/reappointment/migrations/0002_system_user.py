"""The service user the scheduled jobs act as ("system"): inactive, with an unusable password, so that it can
never sign in; it is the actor of every procedure the daily job opens and of the overdue flags."""

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import migrations

USERNAME = "system"


def create(apps, schema_editor):
    app_label, model_name = settings.AUTH_USER_MODEL.split(".")
    User = apps.get_model(app_label, model_name)
    if not User.objects.filter(username=USERNAME).exists():
        User.objects.create(
            username=USERNAME,
            first_name="CadreFlow",
            last_name="(system)",
            password=make_password(None),
            is_active=False,
        )


def keep(apps, schema_editor):
    """The user stays: audit entries and history rows name it."""


class Migration(migrations.Migration):
    dependencies = [
        ("reappointment", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]
    operations = [migrations.RunPython(create, keep)]
