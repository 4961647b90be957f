"""The import page (board and administrators only) and the XLSX exports of the registry lists."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from apps.audit.models import AuditEntry
from apps.cadres.models import Cadre, Tenure
from apps.core.models import JobRun
from apps.imports.models import ImportRun
from apps.imports.services import may_import

from .workbooks import build, good_sheets

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(client, content, name="so-lieu.xlsx"):
    return client.post(
        reverse("registry:imports:index"), {"file": SimpleUploadedFile(name, content, content_type=XLSX)}
    )


def test_the_board_uploads_sees_the_dry_run_and_applies(
    client_for, reviewer, django_capture_on_commit_callbacks
):
    client = client_for(reviewer)
    assert client.get(reverse("registry:imports:index")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, build(good_sheets()))
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "registry:imports:detail", args=[run.pk]
    )
    assert run.status == ImportRun.Status.CHECKED and run.issue_count == 0 and run.sha256
    assert JobRun.objects.filter(key=f"import-check:{run.pk}", status="succeeded").exists()
    assert not Cadre.objects.exists()  # the dry run wrote nothing
    page = client.get(reverse("registry:imports:detail", args=[run.pk])).content.decode()
    assert 'id="apply-import"' in page and 'id="import-counts"' in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("registry:imports:apply", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == ImportRun.Status.APPLIED and run.applied_by == reviewer
    assert Cadre.objects.count() == 3 and Tenure.objects.count() == 3
    assert AuditEntry.objects.get(action="registry.imported").data["sha256"] == run.sha256
    # applying twice is refused
    response = client.post(reverse("registry:imports:apply", args=[run.pk]), follow=True)
    assert AuditEntry.objects.filter(action="registry.imported").count() == 1


def test_a_bad_file_shows_its_problems_and_the_report_downloads_with_an_error_column(
    client_for, reviewer, django_capture_on_commit_callbacks
):
    sheets = good_sheets()
    sheets["cadres"][0]["birth_date"] = "32/13/1975"
    client = client_for(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, build(sheets))
    run = ImportRun.objects.get()
    assert run.issue_count >= 1 and not run.may_apply
    page = client.get(reverse("registry:imports:detail", args=[run.pk])).content.decode()
    assert "cf-import-issue" in page and 'id="apply-import"' not in page
    assert client.post(reverse("registry:imports:apply", args=[run.pk])).status_code == 302
    run.refresh_from_db()
    assert run.status == ImportRun.Status.CHECKED and not Cadre.objects.exists()
    response = client.get(reverse("registry:imports:report", args=[run.pk]))
    assert response["Content-Type"] == XLSX
    workbook = load_workbook(io.BytesIO(response.content))
    rows = list(workbook.worksheets[1].iter_rows(values_only=True))
    assert rows[1][1:3] == (3, "C") and rows[1][4] == "32/13/1975" and rows[1][5]


def test_a_file_of_50_mb_is_refused_at_once_and_not_kept(client_for, reviewer):
    response = upload(client_for(reviewer), b"x" * (50 * 1024 * 1024), name="lon.csv")
    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert run.issue_count == 1 and not run.file and "50" in run.report["issues"][0]["message"]


@pytest.mark.parametrize("who", ["leader_a", "inspector"])
def test_a_unit_leader_and_an_inspector_may_not_import(request, client_for, who, reviewer):
    user = request.getfixturevalue(who)
    assert not may_import(user)
    client = client_for(user)
    run = ImportRun.objects.create(created_by=reviewer, filename="x.xlsx")
    for url in (
        reverse("registry:imports:index"),
        reverse("registry:imports:detail", args=[run.pk]),
        reverse("registry:imports:report", args=[run.pk]),
        reverse("registry:imports:template"),
        reverse("registry:imports:export-all"),
    ):
        assert client.get(url).status_code == 403, url
    assert upload(client, build(good_sheets())).status_code == 403
    assert client.post(reverse("registry:imports:apply", args=[run.pk])).status_code == 403
    assert ImportRun.objects.count() == 1
    assert 'id="import-link"' not in client.get("/", follow=True).content.decode()


def test_the_home_page_links_the_import_page_for_the_board_and_administrators(
    client_for, reviewer, admin_user
):
    for user in (reviewer, admin_user):
        assert may_import(user)
        assert 'id="import-link"' in client_for(user).get("/", follow=True).content.decode()


def test_the_registry_lists_export_what_the_reader_sees(client_for, leader_a, unit_a, unit_b):
    from tests.factories import CadreFactory

    mine, other = CadreFactory(current_unit=unit_a), CadreFactory(current_unit=unit_b)
    client = client_for(leader_a)
    response = client.get(reverse("registry:imports:export", args=["cadres"]))
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    workbook = load_workbook(io.BytesIO(response.content))
    codes = {row[0] for row in workbook.worksheets[1].iter_rows(min_row=3, values_only=True)}
    assert codes == {mine.code} and other.code not in codes
    for kind in ("units", "positions"):
        assert client.get(reverse("registry:imports:export", args=[kind])).status_code == 200
    assert client.get(reverse("registry:imports:export", args=["nothing"])).status_code == 404
    assert client_for(None).get(reverse("registry:imports:export", args=["cadres"])).status_code in (302, 403)
    list_page = client.get(reverse("registry:cadres:index")).content.decode()
    assert reverse("registry:imports:export", args=["cadres"]) in list_page


def test_the_report_copies_each_uploaded_sheet_with_an_error_column(
    client_for, reviewer, django_capture_on_commit_callbacks
):
    from apps.imports.sheets import BY_KIND

    sheets = good_sheets()
    sheets["cadres"][0]["birth_date"] = "32/13/1975"  # row 3 of the cadres
    sheets["evaluations"][1]["rating"] = "tuyệt vời"  # row 4 of the evaluations
    client = client_for(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, build(sheets))
    run = ImportRun.objects.get()
    response = client.get(reverse("registry:imports:report", args=[run.pk]))
    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.worksheets) == 2 + len(sheets)  # summary, problems, then each uploaded sheet
    cadres = workbook[str(BY_KIND["cadres"].title)[:31]]
    rows = list(cadres.iter_rows(values_only=True))
    keys = [column.key for column in BY_KIND["cadres"].columns]
    assert cadres.row_dimensions[1].hidden and list(rows[0][: len(keys)]) == keys and rows[0][-1] is None
    assert rows[1][-1] == "Lỗi"
    assert len(rows) == 2 + len(sheets["cadres"])  # every row, the good ones too, in its place
    code, birth = keys.index("code"), keys.index("birth_date")
    assert rows[2][code] == "001080000001" and rows[2][birth] == "32/13/1975"
    assert "32/13/1975" not in rows[2][-1] and rows[2][-1]  # the row's problem, by its header
    assert [row[code] for row in rows[3:]] == ["001180000002", "001080000003"]
    assert rows[3][-1] is None and rows[4][-1] is None
    evaluations = list(workbook[str(BY_KIND["evaluations"].title)[:31]].iter_rows(values_only=True))
    assert evaluations[3][-1] and evaluations[2][-1] is None
    problems = {
        (row[0], row[1]): row[5] for row in workbook.worksheets[1].iter_rows(min_row=2, values_only=True)
    }
    assert problems[(cadres.title, 3)] in rows[2][-1]
    # the stored file gone, the report still downloads, with its problems only
    run.file.delete()
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("registry:imports:report", args=[run.pk])).content)
    )
    assert len(workbook.worksheets) == 2


def _exported_codes(client, kind, query, sheet=1):
    response = client.get(reverse("registry:imports:export", args=[kind]), query)
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    return {row[0] for row in workbook.worksheets[sheet].iter_rows(min_row=3, values_only=True)}


def test_the_exports_honour_the_list_pages_search_and_filters(client_for, reviewer, province, unit_a, unit_b):
    import html

    from tests.factories import CadreFactory, OrgUnitFactory, PositionFactory, TenureFactory

    woman = CadreFactory(code="W1", full_name="Trần Thị Hoa", gender="female", current_unit=unit_a)
    man = CadreFactory(code="M1", full_name="Lê Văn Nam", current_unit=unit_a)
    other = CadreFactory(code="M2", full_name="Phạm Văn Hoà", current_unit=unit_b)
    TenureFactory(cadre=woman, position=PositionFactory(unit=unit_a, authority=province))
    TenureFactory(cadre=man, position=PositionFactory(unit=unit_a, authority=province))
    client = client_for(reviewer)
    assert _exported_codes(client, "cadres", {}) >= {"W1", "M1", "M2"}
    assert _exported_codes(client, "cadres", {"gender": "female"}) == {"W1"}
    assert _exported_codes(client, "cadres", {"unit": unit_a.pk}) == {"W1", "M1"}
    assert _exported_codes(client, "cadres", {"unit": unit_a.pk, "_search": "Nam"}) == {"M1"}
    assert _exported_codes(client, "cadres", {"_search": "M2"}) == {"M2"}
    # the records follow the cadres exported: only the filtered cadre's tenure
    response = client.get(reverse("registry:imports:export", args=["cadres"]), {"gender": "female"})
    tenures = load_workbook(io.BytesIO(response.content)).worksheets[2]
    assert {row[0] for row in tenures.iter_rows(min_row=3, values_only=True)} == {"W1"}
    assert other.code not in _exported_codes(client, "cadres", {"unit": unit_a.pk})

    OrgUnitFactory(code="old", name="Xã cũ", parent=province, is_active=False)
    units = _exported_codes(client, "units", {"is_active": "false"})
    assert units == {"old"}
    assert {"snv", "stc"} <= _exported_codes(client, "units", {"is_active": "true"}) and "old" not in (
        _exported_codes(client, "units", {"is_active": "true"})
    )
    assert _exported_codes(client, "units", {"_search": "Tài chính"}) == {"stc"}
    assert {row for row in _exported_codes(client, "positions", {"unit": unit_b.pk})} == set()
    assert _exported_codes(client, "positions", {"unit": unit_a.pk}) == {"snv"}  # the unit column first

    # the list page's export link carries the page's query (not its page number)
    page = client.get(reverse("registry:cadres:index"), {"gender": "female", "page": 1}).content.decode()
    link = reverse("registry:imports:export", args=["cadres"]) + "?gender=female"
    assert f'data-card-menu-href="{link}"' in html.unescape(page)
