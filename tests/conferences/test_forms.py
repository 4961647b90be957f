"""ConferenceForm and the tally formset: the fields each step needs, typing, and refusals shown on the form."""

from datetime import date
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.datastructures import MultiValueDict

from apps.conferences.forms import (
    ConferenceForm,
    conference_form_kwargs,
    conference_input,
    tally_formset,
)
from apps.conferences.models import Conference
from apps.conferences.steps import step_by_code
from apps.rulesets.parameters import Params
from apps.rulesets.selectors import rule_set_for
from tests.factories import CadreFactory

PARAMS = Params.defaults()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def files():
    return MultiValueDict(
        {
            "minutes": [SimpleUploadedFile("bb.pdf", b"%PDF-1.4 minutes")],
            "count_minutes": [SimpleUploadedFile("kp.pdf", b"%PDF-1.4 count")],
        }
    )


def counts(**changes):
    data = {
        "held_on": "03/04/2026",
        "convened": "15",
        "present": "12",
        "ballots_issued": "12",
        "ballots_returned": "12",
        "ballots_valid": "11",
    }
    data.update(changes)
    return data


def tally_data(cadres, votes, prefix="tally", against=None):
    data = {f"{prefix}-TOTAL_FORMS": str(len(cadres)), f"{prefix}-INITIAL_FORMS": str(len(cadres))}
    for i, (cadre, n) in enumerate(zip(cadres, votes, strict=True)):
        data[f"{prefix}-{i}-cadre"] = str(cadre.pk)
        data[f"{prefix}-{i}-votes_for"] = str(n)
        if against is not None:
            data[f"{prefix}-{i}-votes_against"] = str(against[i])
    return data


def test_each_step_shows_only_the_fields_it_needs():
    two = ConferenceForm(**conference_form_kwargs(step_by_code("internal_2_expanded", PARAMS), PARAMS))
    assert "collective_members" not in two.fields and "head_decision" not in two.fields
    assert "list_votes_for" not in two.fields
    five = ConferenceForm(**conference_form_kwargs(step_by_code("internal_5_collective", PARAMS), PARAMS))
    assert {"collective_members", "head_decision", "dissent"} <= set(five.fields)
    one = ConferenceForm(**conference_form_kwargs(step_by_code("internal_1_collective", PARAMS), PARAMS))
    assert "list_votes_for" in one.fields


def test_only_the_final_vote_offers_the_heads_choice_among_its_candidates():
    cadres = [
        SimpleNamespace(pk=11, full_name="Nguyễn Văn An"),
        SimpleNamespace(pk=12, full_name="Trần Thị Bình"),
    ]
    five = step_by_code("internal_5_collective", PARAMS)
    form = ConferenceForm(**conference_form_kwargs(five, PARAMS, cadres))
    assert form.fields["head_choice"].choices == [(11, "Nguyễn Văn An"), (12, "Trần Thị Bình")]
    three = step_by_code("internal_3_collective", PARAMS)
    assert "head_choice" not in ConferenceForm(**conference_form_kwargs(three, PARAMS, cadres)).fields
    off = Params.defaults(final_vote_tie_head_decides=False)
    assert "head_choice" not in ConferenceForm(**conference_form_kwargs(five, off, cadres)).fields
    # a caller that does not name the candidates (other procedures) never gets the field
    assert "head_choice" not in ConferenceForm(**conference_form_kwargs(five, PARAMS)).fields


def test_the_heads_choice_reaches_the_service_as_cadre_ids():
    cadres = [SimpleNamespace(pk=11, full_name="A"), SimpleNamespace(pk=12, full_name="B")]
    spec = step_by_code("internal_5_collective", PARAMS)
    data = {**counts(), "collective_members": "7", "head_choice": ["12"], "dissent": "Hai ý kiến khác"}
    form = ConferenceForm(data, files(), spec=spec, params=PARAMS, candidates=cadres)
    formset = tally_formset(spec, cadres, data=tally_data(cadres, [5, 5]))
    assert form.is_valid() and formset.is_valid(), (form.errors, formset.errors)
    values, tallies, _minutes, _count = conference_input(form, formset)
    assert values["head_choice"] == [12] and values["dissent"] == "Hai ý kiến khác"
    assert tallies == {11: 5, 12: 5}


def test_dates_are_read_day_first():
    spec = step_by_code("internal_2_expanded", PARAMS)
    form = ConferenceForm(counts(), files(), spec=spec, params=PARAMS)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["held_on"] == date(2026, 4, 3)


def test_the_minutes_are_required():
    spec = step_by_code("internal_2_expanded", PARAMS)
    form = ConferenceForm(counts(), {}, spec=spec, params=PARAMS)
    assert not form.is_valid()
    assert "minutes" in form.errors and "count_minutes" in form.errors


def test_negative_counts_are_refused_by_the_form():
    spec = step_by_code("internal_2_expanded", PARAMS)
    form = ConferenceForm(counts(present="-1"), files(), spec=spec, params=PARAMS)
    assert not form.is_valid() and "present" in form.errors


@pytest.mark.django_db
def test_one_tally_row_per_candidate_labelled_with_the_name(unit_a):
    cadres = [CadreFactory(current_unit=unit_a, full_name=n) for n in ("Nguyễn Văn An", "Trần Thị Bình")]
    formset = tally_formset(step_by_code("internal_2_expanded", PARAMS), cadres)
    assert len(formset.forms) == 2
    assert "Nguyễn Văn An" in formset.forms[0].fields["votes_for"].label
    assert "votes_against" not in formset.forms[0].fields


@pytest.mark.django_db
def test_a_confidence_ballot_asks_agree_and_disagree(unit_a):
    cadres = [CadreFactory(current_unit=unit_a) for _ in range(2)]
    spec = step_by_code("internal_4_key_officials", PARAMS)
    formset = tally_formset(spec, cadres, data=tally_data(cadres, [5, 6]))
    assert not formset.is_valid()  # disagree missing
    formset = tally_formset(spec, cadres, data=tally_data(cadres, [5, 6], against=[3, 2]))
    assert formset.is_valid(), formset.errors
    assert formset.tallies() == {cadres[0].pk: (5, 3), cadres[1].pk: (6, 2)}


@pytest.mark.django_db
def test_a_changed_candidate_id_is_refused(unit_a):
    cadres = [CadreFactory(current_unit=unit_a) for _ in range(2)]
    outsider = CadreFactory(current_unit=unit_a)
    data = tally_data(cadres, [5, 6])
    data["tally-1-cadre"] = str(outsider.pk)
    formset = tally_formset(step_by_code("internal_2_expanded", PARAMS), cadres, data=data)
    assert not formset.is_valid() and formset.non_form_errors()


@pytest.mark.django_db
def test_a_posted_row_count_cannot_add_or_drop_candidates(unit_a):
    cadres = [CadreFactory(current_unit=unit_a) for _ in range(2)]
    data = tally_data(cadres, [5, 6])
    data["tally-TOTAL_FORMS"] = "1"
    formset = tally_formset(step_by_code("internal_2_expanded", PARAMS), cadres, data=data)
    assert len(formset.forms) == 2


@pytest.mark.django_db
def test_the_list_approval_has_no_tally_rows(unit_a):
    cadres = [CadreFactory(current_unit=unit_a) for _ in range(2)]
    formset = tally_formset(step_by_code("internal_1_collective", PARAMS), cadres, data=tally_data([], []))
    assert formset.is_valid() and formset.forms == [] and formset.tallies() == {}


@pytest.fixture
def context(unit_a, admin_user):
    rule_set = rule_set_for()
    params = rule_set.resolve()
    cadres = [CadreFactory(current_unit=unit_a) for _ in range(3)]
    spec = step_by_code("internal_2_expanded", params)
    return dict(
        process=None,
        unit=unit_a,
        spec=spec,
        params=params,
        rule_set=rule_set,
        candidates=cadres,
        seats=1,
        actor=admin_user,
    )


def test_the_form_records_the_conference(context):
    spec, params, cadres = context["spec"], context["params"], context["candidates"]
    form = ConferenceForm(counts(), files(), spec=spec, params=params)
    formset = tally_formset(spec, cadres, data=tally_data(cadres, [8, 2, 1]))
    assert form.is_valid() and formset.is_valid()
    data, tallies, minutes, count_minutes = conference_input(form, formset)
    assert data["convened"] == 15 and tallies == {cadres[0].pk: 8, cadres[1].pk: 2, cadres[2].pk: 1}
    assert minutes.name == "bb.pdf" and count_minutes.name == "kp.pdf"
    conference = form.record(formset, **context)
    assert conference is not None and conference.outcome == Conference.Outcome.PASSED


def test_a_refused_rule_is_shown_next_to_its_field_and_nothing_is_written(context):
    spec, params, cadres = context["spec"], context["params"], context["candidates"]
    form = ConferenceForm(
        counts(convened="18", present="11", ballots_issued="11", ballots_returned="11"),
        files(),
        spec=spec,
        params=params,
    )
    formset = tally_formset(spec, cadres, data=tally_data(cadres, [8, 2, 1]))
    assert form.is_valid() and formset.is_valid()
    assert form.record(formset, **context) is None
    assert "present" in form.errors  # quorum
    assert Conference.objects.count() == 0


def test_a_tally_refusal_is_shown_above_the_form(context):
    spec, params, cadres = context["spec"], context["params"], context["candidates"]
    form = ConferenceForm(counts(), files(), spec=spec, params=params)
    formset = tally_formset(spec, cadres, data=tally_data(cadres, [12, 0, 0]))
    assert form.is_valid() and formset.is_valid()
    assert form.record(formset, **context) is None
    assert form.non_field_errors()
    assert Conference.objects.count() == 0
