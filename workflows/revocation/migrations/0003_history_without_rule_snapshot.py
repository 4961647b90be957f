# The history of a procedure no longer copies rule_snapshot (written once, never changed; issue 13).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('revocation', '0002_decision_number'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='historicalrevocationprocess',
            name='rule_snapshot',
        ),
    ]
