# Notifications keep no simple-history (issue 13): they are events, not domain records; the read receipt is
# ``read_at`` on the row. The history table and its rows are dropped.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0004_notification_message'),
    ]

    operations = [
        migrations.DeleteModel(
            name='HistoricalNotification',
        ),
    ]
