"""Every parameter an operator can set is read by some rule (issue 10 item 8): a parameter no code reads is a
setting that silently does nothing. Recorded, not grepped: the reads through ``Params`` while the demo province
is seeded (it runs the four procedures through their steps: appointment, nomination, reappointment, revocation,
with their conferences and decisions), the deadline sweep runs and the targets report is built."""

import pytest
from django.utils import timezone

from apps.rulesets.parameters import PARAMETERS, recording_reads
from tests.demo.conftest import _media, seed

pytestmark = pytest.mark.django_db


def test_every_parameter_is_read_during_a_walk_through_of_the_procedures(tmp_path):
    with _media(tmp_path), recording_reads() as read:
        seed()
        from workflows.common.reminders import send_due_reminders

        send_due_reminders(now=timezone.now() + timezone.timedelta(days=400))

    assert read, "nothing was recorded: the recorder is not wired to Params"
    unread = sorted(set(PARAMETERS) - read)
    assert not unread, f"parameters no code read: {unread}"
