"""Violation reports through the API (issue 12 §1): the inspection commission only, in its scope, never a report
about the inspector themselves (R10); the reports page's filters; constant queries per page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.accounts.models import Role
from apps.accounts.services import grant_role
from apps.audit.models import ViolationReport
from tests.factories import CadreFactory, UserFactory

from .test_errors_and_auth import assert_error

pytestmark = pytest.mark.django_db

URL = "/api/v1/violation-reports/"


def test_an_inspector_lists_and_reads_reports_with_the_reporter(client_for, inspector, file_report, unit_a):
    report = file_report(unit=unit_a)
    client = client_for(inspector)
    rows = client.get(URL).json()["results"]
    assert [(r["id"], r["status"], r["unit"], r["attachment_count"]) for r in rows] == [
        (report.pk, "received", unit_a.pk, 0)
    ]
    assert "reporter_name" not in rows[0]
    body = client.get(f"{URL}{report.pk}/").json()
    assert body["reporter_name"] == "Phạm Thị Bí Mật" and body["attachments"] == []
    assert body["tracking_code"] == report.display_code


def test_nobody_outside_the_commission_reads_reports(client_for, reviewer, leader_a, file_report, unit_a):
    report = file_report(unit=unit_a)
    for user in (reviewer, leader_a):
        for url in (URL, f"{URL}{report.pk}/"):
            response = client_for(user).get(url)
            assert response.status_code == 403, (user, url)
            assert_error(response, 403)


def test_a_report_about_the_inspector_or_out_of_scope_is_a_404(
    client_for, admin_user, unit_a, unit_b, file_report
):
    cadre = CadreFactory(current_unit=unit_a)
    inspector_a = UserFactory(username="inspector_a", cadre=cadre)
    grant_role(
        user=inspector_a, role=Role.INSPECTION, unit=unit_a, include_descendants=True, actor=admin_user
    )
    about_them = file_report(unit=unit_a, subject_cadre=cadre)
    in_b = file_report(unit=unit_b)
    no_unit = file_report()
    client = client_for(inspector_a)
    for report in (about_them, in_b):
        response = client.get(f"{URL}{report.pk}/")
        assert response.status_code == 404
        assert_error(response, 404)
    assert {r["id"] for r in client.get(URL).json()["results"]} == {no_unit.pk}
    assert client.get(f"{URL}{no_unit.pk}/").status_code == 200


def test_the_filters_are_the_pages(client_for, inspector, file_report, unit_a):
    cadre = CadreFactory(current_unit=unit_a, full_name="Đỗ Văn Khoa")
    first = file_report(subject_cadre=cadre, category=ViolationReport.Category.POST_BUYING)
    second = file_report()
    ViolationReport.objects.filter(pk=second.pk).update(status=ViolationReport.Status.CLOSED)
    client = client_for(inspector)

    def ids(query):
        response = client.get(f"{URL}?{query}")
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    assert ids("status=open") == {first.pk}
    assert ids("status=closed") == {second.pk}
    assert ids("category=post_buying") == {first.pk}
    assert ids("q=Khoa") == {first.pk}
    assert ids(f"q={first.display_code.lower()}") == {first.pk}
    assert ids("ordering=filed_at") == {first.pk, second.pk}


@pytest.mark.parametrize(
    "query, field",
    [
        ("status=lost", "status"),
        ("category=%00", "category"),
        ("q=%00", "q"),
        ("q=" + "x" * 101, "q"),
        ("ordering=reporter_name", "ordering"),
    ],
)
def test_bad_filter_values_are_400s(client_for, inspector, query, field):
    response = client_for(inspector).get(f"{URL}?{query}")
    assert response.status_code == 400, response.content
    assert_error(response, 400)
    assert field in response.json()["fields"]


def test_bad_ids_are_json_404s(client_for, inspector):
    for pk in ("0", "999999", "99999999999999999999"):
        response = client_for(inspector).get(f"{URL}{pk}/")
        assert response.status_code == 404
        assert_error(response, 404)


def test_the_list_keeps_a_constant_number_of_queries(client_for, inspector, file_report, unit_a):
    def grow(n):
        for _ in range(n):
            file_report(unit=unit_a, subject_cadre=CadreFactory(current_unit=unit_a))

    client = client_for(inspector)
    grow(2)
    with CaptureQueriesContext(connection) as first:
        assert client.get(URL).json()["count"] == 2
    grow(4)
    with CaptureQueriesContext(connection) as again:
        assert client.get(URL).json()["count"] == 6
    assert len(again) == len(first)
