# The history of a procedure no longer copies rule_snapshot (written once, never changed; issue 13).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('appointment', '0004_step_codes_and_verification_checks'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='historicalappointmentprocess',
            name='rule_snapshot',
        ),
    ]
