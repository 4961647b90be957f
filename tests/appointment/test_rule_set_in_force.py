"""Over HTTP: a procedure runs under the local layer on top of the national set in force on the day it starts,
and keeps that snapshot afterwards (issue 9 §3)."""

from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.rulesets.precedence import NEW_MONTHS, OLD_MONTHS, replace_the_national_set

from .helpers import latest_process, propose

pytestmark = pytest.mark.django_db


def test_a_procedure_started_today_runs_under_the_new_national_set_one_started_last_month_under_the_old(
    client_for, leader_a, position
):
    old, new, local = replace_the_national_set()
    last_month = date.today() - timedelta(days=30)
    with time_machine.travel(timezone.make_aware(datetime.combine(last_month, time(10))), tick=False):
        assert propose(client_for(leader_a), position).status_code == 302
    earlier = latest_process()
    position.seats = 2
    position.save()

    assert propose(client_for(leader_a), position).status_code == 302
    today = latest_process()
    assert today.pk != earlier.pk

    assert today.rule_set == local and today.rule_snapshot["min_months_in_post"] == NEW_MONTHS
    earlier.refresh_from_db()
    assert earlier.rule_set == local and earlier.rule_snapshot["min_months_in_post"] == OLD_MONTHS
