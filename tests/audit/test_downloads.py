"""A violation report's evidence is downloaded by the inspection commission only, in its scope: members of no
other role, the Front that filed it and anonymous visitors never reach the file; a missing file is a 404."""

import pytest
from django.urls import reverse

from apps.accounts.models import Role
from apps.audit.models import ViolationReport
from tests.permissions_matrix import LOGIN, check_download_matrix, make_persona, personas_for

from .conftest import pdf
from .test_inspection_pages import file_report

pytestmark = pytest.mark.django_db

EXPECT = {
    "anonymous": LOGIN,
    "inspector": 200,
    "admin_user": 200,
    "inspector_b": 404,  # the commission of another unit
    "leader_a": 403,  # no other role enters the inspection application
    "reviewer": 403,
    "front_user": 403,  # the Front files reports; it does not read the evidence back here
    "nobody": 403,
}


@pytest.fixture
def personas(request, unit_b, admin_user):
    return personas_for(
        request,
        EXPECT,
        inspector_b=make_persona("inspector_b", Role.INSPECTION, unit_b, actor=admin_user),
        nobody=make_persona("nobody"),
    )


@pytest.fixture
def evidence(unit_a):
    """A citizen's report about unit A, with one PDF of evidence."""
    report = file_report(attachments=[pdf("Bằng chứng 1.pdf")])
    ViolationReport.objects.filter(pk=report.pk).update(unit=unit_a)
    return report.attachments.get()


def url(attachment):
    return reverse("inspection:reports:attachment", args=[attachment.report_id, attachment.pk])


def test_a_reports_evidence_is_served_to_the_inspection_commission_in_scope_only(
    client_for, personas, evidence
):
    body = evidence.file.read()
    check_download_matrix(client_for, personas, EXPECT, url(evidence), body=body, filename="Bằng chứng 1.pdf")


def test_a_missing_file_or_another_reports_file_is_a_404(client_for, inspector, evidence):
    client = client_for(inspector)
    other = file_report()
    assert (
        client.get(reverse("inspection:reports:attachment", args=[other.pk, evidence.pk])).status_code == 404
    )
    evidence.file.storage.delete(evidence.file.name)
    assert client.get(url(evidence)).status_code == 404


def test_an_inspector_never_reaches_a_report_about_themselves(client_for, inspector, unit_a, admin_user):
    """R10: the report list, the report page and its evidence are closed to the inspector it is about (404, the
    same answer as a report that does not exist); another inspector in scope reads them."""
    from tests.factories import CadreFactory

    inspector.cadre = CadreFactory()
    inspector.save(update_fields=["cadre"])
    report = file_report(attachments=[pdf("Bằng chứng 1.pdf")])
    ViolationReport.objects.filter(pk=report.pk).update(unit=unit_a, subject_cadre=inspector.cadre)
    attachment = report.attachments.get()
    colleague = make_persona("colleague", Role.INSPECTION, unit_a, actor=admin_user)

    me, other = client_for(inspector), client_for(colleague)
    detail = reverse("inspection:reports:detail", args=[report.pk])
    listing = reverse("inspection:reports:index")
    assert me.get(detail).status_code == 404
    assert me.get(url(attachment)).status_code == 404
    assert report.pk not in [r.pk for r in me.get(listing).context["page_obj"].object_list]
    assert other.get(detail).status_code == 200
    assert other.get(url(attachment)).status_code == 200
    assert report.pk in [r.pk for r in other.get(listing).context["page_obj"].object_list]
