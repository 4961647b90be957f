"""``manage.py seed_demo``: the demo province, its cadres and one login per role (issue 2 §6)."""

import io
from contextlib import redirect_stdout
from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from apps.core.rules import RuleViolation
from apps.demo.seeding import DEFAULT_PASSWORD, DEFAULT_SEED, seed_demo
from apps.demo.seeding.summary import describe
from apps.notifications.models import Notification


def _day(value):
    try:
        return datetime.strptime(value, "%d/%m/%Y").date()
    except ValueError:
        raise CommandError(_("Dates are written dd/mm/yyyy, got {value!r}.").format(value=value)) from None


def _scale(value):
    scale = float(value)
    if not 0 < scale <= 5:
        raise CommandError(_("The scale must be above 0 and at most 5."))
    return scale


class Command(BaseCommand):
    help = (
        "Create a demo province (units, positions, cadres, tenures, records) and one demo login per role. "
        "Idempotent: a second run finds the demo and only adds missing logins."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=_scale, default=1.0, help="size factor; 1 gives about 3,200 cadres"
        )
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help="random seed (same seed, same data)"
        )
        parser.add_argument(
            "--today", type=_day, default=None, help="make the data relative to this day (dd/mm/yyyy)"
        )
        parser.add_argument(
            "--password", default=DEFAULT_PASSWORD, help="the shared password of new demo logins"
        )

    def handle(self, *args, scale, seed, today, password, **options):
        notified = Notification.objects.count()
        try:
            # the procedures tell the board about each new step after the commit; the console e-mail backend of
            # the embedded setup would echo every e-mail here, so they are counted below instead of shown
            with redirect_stdout(io.StringIO()):
                result = seed_demo(scale=scale, seed=seed, today=today, password=password)
        except RuleViolation as exc:
            raise CommandError(str(exc)) from exc
        self.notified = Notification.objects.count() - notified
        dataset = result.dataset
        if result.created:
            self.stdout.write(
                _("Created the demo province {name} (seed {seed}, scale {scale:g}).").format(
                    name=dataset.province.name, seed=dataset.seed, scale=dataset.scale
                )
            )
        else:
            self.stdout.write(
                _(
                    "The demo province {name} already exists (seeded on {day}); its data was left as it is."
                ).format(name=dataset.province.name, day=dataset.seeded_on.strftime("%d/%m/%Y"))
            )
        self._print_figures(dataset, result.params)
        if result.procedures is not None:
            self._print_procedures(result.procedures)
        self._print_logins(result, password)
        self.stdout.write(_("Elapsed: {seconds:.1f} s").format(seconds=result.seconds))

    def _print_figures(self, dataset, params):
        for section, rows in describe(
            dataset.province, dataset.seeded_on, params.political_conclusion_validity_months
        ):
            self.stdout.write(f"\n{section}")
            for label, value in rows:
                self.stdout.write(f"  {label:<40} {value}")

    def _print_procedures(self, done):
        self.stdout.write("\n" + _("Procedures run while seeding"))
        opened = done.reappointments
        self.stdout.write(
            "  "
            + _(
                "Opened {opened} reappointment procedure(s) as the system user "
                "({examined} term(s) examined, {already} already open)."
            ).format(opened=opened["opened"], examined=opened["examined"], already=opened["already_open"])
        )
        for appointment in done.appointments:
            decision = appointment.decision
            self.stdout.write(
                "  "
                + _(
                    "Signed decision {number}: {cadre} appointed {position} (proposed by {proposer})."
                ).format(
                    number=decision.number,
                    cadre=decision.cadre_name,
                    position=decision.position_title,
                    proposer=appointment.proposer.username,
                )
            )
        for position, exc in done.refused:
            self.stdout.write(
                "  "
                + _("Appointment to {position} refused ({code}): {reason}").format(
                    position=position.title, code=exc.rule_code, reason=exc
                )
            )
        self.stdout.write(
            "  "
            + _("{n} notification(s) of new steps sent (in the application and by e-mail).").format(
                n=self.notified
            )
        )
        if done.nomination_post is not None:
            names = ", ".join(c.full_name for c in done.nomination_cadres[:5])
            more = len(done.nomination_cadres) - 5
            self.stdout.write(
                "  "
                + _(
                    "Ready for a nomination: {position} ({seats} seat(s)), {n} eligible cadre(s): {names}"
                ).format(
                    position=done.nomination_post.title,
                    seats=done.nomination_post.seats,
                    n=len(done.nomination_cadres),
                    names=names + (f" (+{more})" if more > 0 else ""),
                )
            )

    def _print_logins(self, result, password):
        self.stdout.write("\n" + _("Demo logins"))
        for row in result.logins:
            scope = _("superuser") if row.login.role is None else f"{row.login.role} — {row.unit.name}"
            own = f" — {row.user.cadre.full_name}, {row.user.cadre.job_title}" if row.user.cadre_id else ""
            state = _("new") if row.created else _("kept")
            self.stdout.write(f"  {row.login.username:<12} {scope}{own} [{state}]")
        if any(row.created for row in result.logins):
            self.stdout.write(_("Password of the new demo logins: {password}").format(password=password))
        else:
            self.stdout.write(
                _("Existing logins keep their password (the demo's is {password}).").format(password=password)
            )
