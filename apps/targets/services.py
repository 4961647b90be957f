"""The yearly report job's work (founding document §8.6: the organisation commission reports the targets to the
standing committee every year): build the past year's province-wide report and tell the organisation board.

Nothing is stored: the report is measured on 31/12 of the year from dated tenures, and the PDF is rendered in
reportlab's invariant mode, so the SHA-256 given in the notice identifies the document the board can download
again from the dashboard (until a cadre's record or a target is corrected, which is then visible as a new hash).

``save_target`` is the one writer of targets (the admin's corrections).
"""

import hashlib
from datetime import date

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_noop

from apps.accounts.permissions import ORG_BOARD, users_with_permission
from apps.audit.services import record
from apps.core.history import acting_as
from apps.notifications.models import Kind
from apps.notifications.services import notify
from apps.notifications.texts import Text
from apps.organisation.models import OrgUnit

from .documents import render_pdf, render_xlsx
from .models import Target
from .report import build_report


def previous_year(today=None):
    return (today or date.today()).year - 1


def province_board(roots):
    """Active users of the organisation board whose scope holds a top unit of the tree (province-wide)."""
    users = {}
    for root in roots:
        for user in users_with_permission(ORG_BOARD, root):
            users[user.pk] = user
    return list(users.values())


def send_yearly_report(year):
    """Build the province-wide report of a past `year` (PDF and spreadsheet) and notify the board once per year
    (the notice's dedupe key). Returns what it did, for the job's record."""
    if year >= date.today().year:
        raise ValueError(f"the yearly report of {year} is built after the year ends")
    roots = list(OrgUnit.objects.filter(parent__isnull=True))
    province = (
        roots[0] if len(roots) == 1 else None
    )  # the province unit, as the board's own download names it
    with translation.override(settings.LANGUAGE_CODE):
        return _send(year, province, roots)


def _send(year, province, roots):
    report = build_report(year, date(year, 12, 31), unit=province)
    pdf = render_pdf(report)
    render_xlsx(
        report
    )  # the spreadsheet is built too, so that a broken one fails the job, not the board's click
    digest = hashlib.sha256(pdf).hexdigest()
    met = sum(1 for m in report.rows if m.status == "met")
    sent = notify(
        province_board(roots),
        Kind.SYSTEM,
        title=Text(gettext_noop("The targets report for {year} is ready"), year=year),
        body=Text(
            gettext_noop("{met} of {total} targets met on 31/12/{year}. PDF SHA-256: {digest}"),
            met=met,
            total=len(report.rows),
            year=year,
            digest=digest,
        ),
        link=reverse("targets:targets:report-pdf", args=[year])
        + (f"?unit={province.pk}" if province else ""),
        dedupe_key=f"targets-report:{year}",
    )
    return {
        "year": year,
        "targets": len(report.rows),
        "met": met,
        "notified": len(sent),
        "pdf_sha256": digest,
    }


@transaction.atomic
def save_target(target, *, actor, changed=()):
    """The only writer of a ``Target`` (the admin saves through it): the model's rules, the save under
    ``acting_as(actor)`` (history names the operator) and an audit entry ``admin.target.added|changed``. Its
    positions (a many-to-many) are saved by the caller afterwards, as the admin does."""
    if not isinstance(target, Target):
        raise TypeError(target)
    obj, verb = target, "added" if target._state.adding else "changed"
    target.clean()
    with acting_as(actor):
        target.save()
    record(
        f"admin.{obj._meta.model_name}.{verb}",
        obj,
        actor=actor,
        data={"code": obj.code, "fields": sorted(changed)},
    )
    return target
