"""The board imports the province's registry from a workbook, starting at the home page and only clicking:
upload, the dry run's report (first with a bad row, nothing written), then a corrected file, and apply.
Screenshots in ``test-artifacts/import-*.png``."""

import pytest

from apps.cadres.models import Cadre, Tenure
from apps.imports.models import ImportRun
from tests.imports.workbooks import build, good_sheets

from .conftest import ARTIFACTS

pytestmark = pytest.mark.django_db(transaction=True)


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"import-{name}.png", full_page=True)


def upload(page, tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    page.set_input_files("#id_file", str(path))
    page.click("#start-dry-run")
    page.wait_for_selector("#import-run[data-status=checked]")


def test_the_board_imports_a_workbook_from_the_home_page(page, log_in, reviewer, tmp_path):
    log_in(page, reviewer)
    page.click("#import-link")
    page.wait_for_selector("#import-form")
    shot(page, "page")

    bad = good_sheets()
    bad["cadres"][1]["birth_date"] = "30/02/1982"
    upload(page, tmp_path, "so-lieu-loi.xlsx", build(bad))
    shot(page, "dry-run-problems")
    problems = page.locator("#import-problems .cf-import-issue")
    assert problems.count() == 1
    assert "dd/mm/yyyy" in problems.first.inner_text()
    assert page.locator("#apply-import").count() == 0
    assert not Cadre.objects.exists()

    page.click("#upload-again")
    page.wait_for_selector("#import-form")
    upload(page, tmp_path, "so-lieu.xlsx", build(good_sheets()))
    page.wait_for_selector("#dry-run-ok")
    shot(page, "dry-run-ok")
    assert not Cadre.objects.exists()
    page.click("#apply-import")
    page.wait_for_selector("#import-done")
    shot(page, "applied")

    assert ImportRun.objects.filter(status=ImportRun.Status.APPLIED).count() == 1
    assert Cadre.objects.count() == 3 and Tenure.objects.count() == 3
