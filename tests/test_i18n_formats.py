"""dd/mm/yyyy is shown and accepted (Django's `vi` locale has no input formats: config/formats/vi)."""

from datetime import date

import pytest
from django import forms
from django.utils import formats, translation

from apps.cadres.forms import CadreForm, DisciplineForm
from apps.cadres.models import Discipline


class _DateForm(forms.Form):
    day = forms.DateField()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_03_04_2026_is_read_as_the_3rd_of_april(language):
    with translation.override(language):
        form = _DateForm(data={"day": "03/04/2026"})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == date(2026, 4, 3)


def test_a_day_that_only_exists_day_first_is_accepted_and_month_first_is_refused():
    with translation.override("vi"):
        assert _DateForm(data={"day": "25/12/2025"}).is_valid()
        assert not _DateForm(data={"day": "12/25/2025"}).is_valid()


def test_dates_are_shown_as_dd_mm_yyyy_in_vietnamese():
    with translation.override("vi"):
        assert formats.date_format(date(2026, 4, 3), "SHORT_DATE_FORMAT") == "03/04/2026"
        assert formats.localize(date(2026, 4, 3)) == "03/04/2026"
        assert formats.localize_input(date(2026, 4, 3)) == "03/04/2026"


@pytest.mark.django_db
def test_a_registry_form_under_vietnamese_reads_day_first(reviewer, unit_a):
    from tests.factories import CadreFactory

    cadre = CadreFactory(current_unit=unit_a)
    with translation.override("vi"):
        form = DisciplineForm(
            data={
                "kind": "warning",
                "status": "decided",
                "decided_on": "03/04/2026",
                "effective_from": "03/04/2026",
            },
            instance=Discipline(cadre=cadre),
            user=reviewer,
        )
        assert form.is_valid(), form.errors
    assert form.cleaned_data["effective_from"] == date(2026, 4, 3)


@pytest.mark.django_db
def test_a_registry_form_shows_a_stored_date_day_first(reviewer, unit_a):
    from tests.factories import CadreFactory

    cadre = CadreFactory(current_unit=unit_a, birth_date=date(1980, 4, 3))
    with translation.override("vi"):
        html = str(CadreForm(instance=cadre, user=reviewer)["birth_date"])
    assert 'value="03/04/1980"' in html
