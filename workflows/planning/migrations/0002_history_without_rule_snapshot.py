# The history of a procedure no longer copies rule_snapshot (written once, never changed; issue 13).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('planning', '0001_initial'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='historicalplanningprocess',
            name='rule_snapshot',
        ),
    ]
