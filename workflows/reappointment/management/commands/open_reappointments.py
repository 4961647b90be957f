"""``manage.py open_reappointments [--on dd/mm/yyyy]``: run the reappointment opener now (the same service the
daily job calls) and say how many procedures it opened and how long it took."""

import time
from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from apps.core.rules import RuleViolation
from workflows.reappointment import services


def _day(value):
    try:
        return datetime.strptime(value, "%d/%m/%Y").date()
    except ValueError:
        raise CommandError(_("Dates are written dd/mm/yyyy, got {value!r}.").format(value=value)) from None


class Command(BaseCommand):
    help = (
        "Open a reappointment procedure for every current term that entered its notice period (once per "
        "tenure: running it again opens nothing new)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--on", type=_day, default=None, help="judge as of this day (dd/mm/yyyy)")

    def handle(self, *args, on, **options):
        started = time.monotonic()
        try:
            result = services.open_due_reappointments(on=on)
        except RuleViolation as exc:
            raise CommandError(str(exc)) from exc
        seconds = time.monotonic() - started
        self.stdout.write(
            _(
                "Opened {opened} reappointment procedure(s) on {day} "
                "({examined} term(s) examined, {already} already open) in {seconds:.2f} s."
            ).format(
                opened=result["opened"],
                day=datetime.fromisoformat(result["on"]).strftime("%d/%m/%Y"),
                examined=result["examined"],
                already=result["already_open"],
                seconds=seconds,
            )
        )
