"""The yearly report job: builds the past year's report, tells the province's organisation board once."""

import hashlib

import pytest

from apps.core.models import JobRun
from apps.notifications.models import Notification
from apps.targets.services import send_yearly_report
from apps.targets.tasks import build_yearly_report


def test_the_job_notifies_the_province_board_once_with_the_pdfs_hash(
    registry, reviewer, leader_a, client_for
):
    result = build_yearly_report.delay(2025).get()
    assert result["year"] == 2025 and result["notified"] == 1
    notice = Notification.objects.get(recipient=reviewer)
    assert not Notification.objects.filter(recipient=leader_a).exists()
    assert result["pdf_sha256"] in notice.body
    download = client_for(reviewer).get(notice.link)
    assert download.status_code == 200
    assert hashlib.sha256(download.content).hexdigest() == result["pdf_sha256"]

    again = build_yearly_report.delay(2025).get()
    assert "skipped" in again
    assert Notification.objects.filter(recipient=reviewer).count() == 1
    assert JobRun.objects.get(name="targets.build_yearly_report").key == "targets-report:2025"


def test_the_report_of_the_current_year_is_not_sent_before_it_ends(registry, reviewer):
    from datetime import date

    with pytest.raises(ValueError):
        send_yearly_report(date.today().year)
    assert not Notification.objects.exists()


def test_beat_runs_the_report_job_once_a_year_on_the_first_of_january():
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["build-yearly-targets-report"]
    assert entry["task"] == build_yearly_report.name
    schedule = entry["schedule"]
    assert (schedule.month_of_year, schedule.day_of_month, schedule.hour, schedule.minute) == (
        {1},
        {1},
        {6},
        {0},
    )
