"""Revoking a decision that did not open a tenure but acted on one (apps.decisions.services.revocation_effects):
an extension of the term to retirement and a non-reappointment. What the tenure becomes, the audit entries on the
revocation procedure, and the refusals that change nothing."""

from datetime import date

import pytest
from django.utils import timezone
from viewflow.workflow.models import Process

from apps.audit.models import AuditEntry
from apps.cadres.models import Tenure
from apps.core.rules import RuleViolation
from apps.decisions import services as decision_services
from apps.decisions.models import Decision
from apps.notifications.models import Notification
from apps.rulesets.selectors import rule_set_for
from tests.factories import CadreFactory, TenureFactory
from workflows.revocation.flows import RevocationFlow

from .conftest import (
    GROUNDS,
    REASON,
    REVOCATION_GROUNDS,
    claim_and_execute,
    investigation,
    latest_case,
    open_case,
    ruling,
)

pytestmark = pytest.mark.django_db

START = date(2022, 1, 1)
TERM_END = date(2027, 1, 1)  # the original term end
RETIREMENT = date(2030, 5, 17)  # where the extension moved it
SIGNED = date(2026, 11, 2)


@pytest.fixture
def holder(unit_a):
    return CadreFactory(full_name="Phạm Văn Gia Hạn", current_unit=unit_a)


@pytest.fixture
def tenure(holder, position, reviewer):
    # the tenure a signed decision opened earlier (a seat is filled only by a decision: issue 9 point 6)
    return TenureFactory(cadre=holder, position=position, start_date=START, term_end=TERM_END)


def sign(kind, *, holder, position, province, reviewer, leadership, term_end=None, cadre=None, on=SIGNED):
    rule_set = rule_set_for(unit=province, on=on)
    draft = decision_services.draft_decision(
        kind=kind,
        cadre=cadre or holder,
        position=position,
        authority=province,
        rule_set=rule_set,
        params=rule_set.resolve(),
        effective_from=on,
        term_end=term_end,
        grounds=GROUNDS,
        actor=reviewer,
    )
    return decision_services.sign_decision(
        decision=draft, signer=leadership, signer_title="Chủ tịch", issued_on=on, actor=leadership
    )


@pytest.fixture
def signed(holder, position, province, reviewer, leadership, tenure):
    def make(kind, **kwargs):
        return sign(
            kind,
            holder=holder,
            position=position,
            province=province,
            reviewer=reviewer,
            leadership=leadership,
            **kwargs,
        )

    return make


@pytest.fixture
def revoke(leadership):
    """Revoke through the service, as the revocation procedure does, inside a (bare) procedure of its own."""

    def run(original, on):
        process = Process.objects.create(flow_class=RevocationFlow)
        return decision_services.revoke_decision(
            original=Decision.objects.get(pk=original.pk),
            grounds=REVOCATION_GROUNDS,
            reason=REASON,
            authority=original.authority,
            signer=leadership,
            signer_title="Chủ tịch",
            revoked_on=on,
            issued_on=on,
            process=process,
            actor=leadership,
        )

    return run


def state(tenure):
    tenure = Tenure.objects.get(pk=tenure.pk)
    return tenure.term_end, tenure.ended_on, tenure.end_reason


def tenure_entries(tenure):
    return list(
        AuditEntry.objects.filter(object_type="cadres.tenure", object_id=str(tenure.pk))
        .order_by("seq")
        .values_list("action", "process_id", "data")
    )


# --- extension to retirement ---------------------------------------------------------------------------------


def test_revoking_an_extension_before_the_original_term_ends_restores_that_term_end(signed, revoke, tenure):
    extension = signed(Decision.Kind.EXTENSION, term_end=RETIREMENT)
    assert state(tenure) == (RETIREMENT, None, "")

    revocation = revoke(extension, date(2026, 12, 1))

    assert state(tenure) == (TERM_END, None, "")  # still in post until the original term end
    assert revocation.tenure_id == tenure.pk
    action, process_id, data = tenure_entries(tenure)[-1]
    assert action == "tenure.term_restored" and process_id == revocation.process_id
    assert data["term_end"] == [RETIREMENT.isoformat(), TERM_END.isoformat()]
    assert data["revoked_decision"] == extension.pk and data["revocation"] == revocation.pk
    assert Decision.objects.get(pk=extension.pk).status == Decision.Status.REVOKED


def test_revoking_an_extension_after_the_original_term_ended_ends_the_tenure_on_the_revocation_date(
    signed, revoke, tenure
):
    extension = signed(Decision.Kind.EXTENSION, term_end=RETIREMENT)

    revocation = revoke(extension, date(2027, 3, 1))

    assert state(tenure) == (TERM_END, date(2027, 3, 1), Tenure.EndReason.REVOKED)
    actions = [(action, pk) for action, pk, _data in tenure_entries(tenure)]
    assert actions[-2:] == [
        ("tenure.term_restored", revocation.process_id),
        ("tenure.ended", revocation.process_id),
    ]


def test_an_extension_whose_tenure_changed_since_is_not_revoked(signed, revoke, tenure, reviewer):
    from apps.cadres.services import validate
    from apps.core.history import acting_as

    extension = signed(Decision.Kind.EXTENSION, term_end=RETIREMENT)
    moved = Tenure.objects.get(pk=tenure.pk)
    moved.term_end = date(2031, 1, 1)  # e.g. a later correction of the retirement date
    validate(moved)
    with acting_as(reviewer):
        moved.save()
    entries = AuditEntry.objects.count()

    with pytest.raises(RuleViolation) as exc:
        revoke(extension, date(2026, 12, 1))

    assert exc.value.rule_code == "tenure_changed_since"
    assert state(tenure) == (date(2031, 1, 1), None, "")
    assert Decision.objects.get(pk=extension.pk).status == Decision.Status.SIGNED
    assert not Decision.objects.filter(kind=Decision.Kind.REVOCATION).exists()
    assert AuditEntry.objects.count() == entries


def test_the_term_end_before_an_extension_comes_from_the_tenure_history(signed, tenure):
    from apps.decisions.services.revocation_effects import term_end_before_extension

    signed(Decision.Kind.EXTENSION, term_end=RETIREMENT)
    assert term_end_before_extension(Tenure.objects.get(pk=tenure.pk), RETIREMENT) == TERM_END
    assert term_end_before_extension(Tenure.objects.get(pk=tenure.pk), date(2040, 1, 1)) is None


# --- non-reappointment -------------------------------------------------------------------------------------


def test_revoking_a_non_reappointment_before_the_term_ends_reopens_the_tenure_and_the_question(
    signed, revoke, tenure, reviewer, position
):
    decision = signed(Decision.Kind.NON_REAPPOINTMENT)
    assert state(tenure) == (TERM_END, TERM_END, Tenure.EndReason.NOT_REAPPOINTED)

    revocation = revoke(decision, date(2026, 12, 1))

    assert state(tenure) == (TERM_END, None, "")  # held again until the planned term end
    action, process_id, data = tenure_entries(tenure)[-1]
    assert action == "tenure.reopened" and process_id == revocation.process_id
    assert data["ended_on"] == [TERM_END.isoformat(), None]
    assert data["end_reason"] == [Tenure.EndReason.NOT_REAPPOINTED, ""]
    # the organisation board is told to decide the reappointment again
    told = Notification.objects.filter(
        recipient=reviewer, dedupe_key=f"revocation:{revocation.pk}:reappointment"
    )
    assert told.count() == 1
    assert Tenure.objects.open().filter(position=position).count() == 1


def test_revoking_a_non_reappointment_after_the_term_ended_only_corrects_the_end_reason(
    signed, revoke, tenure
):
    decision = signed(Decision.Kind.NON_REAPPOINTMENT)

    revocation = revoke(decision, date(2027, 2, 1))

    assert state(tenure) == (TERM_END, TERM_END, Tenure.EndReason.TERM_EXPIRED)
    action, process_id, data = tenure_entries(tenure)[-1]
    assert action == "tenure.end_corrected" and process_id == revocation.process_id
    assert data["end_reason"] == [Tenure.EndReason.NOT_REAPPOINTED, Tenure.EndReason.TERM_EXPIRED]
    assert not Notification.objects.filter(dedupe_key__startswith="revocation:").exists()


def test_a_non_reappointment_is_not_revoked_once_a_successor_holds_the_seat(
    signed, revoke, tenure, position, province, reviewer, leadership, unit_a
):
    decision = signed(Decision.Kind.NON_REAPPOINTMENT)
    successor = CadreFactory(full_name="Hoàng Văn Kế Nhiệm", current_unit=unit_a)
    sign(
        Decision.Kind.APPOINTMENT,
        holder=successor,
        position=position,
        province=province,
        reviewer=reviewer,
        leadership=leadership,
        on=TERM_END,
    )
    before, entries = state(tenure), AuditEntry.objects.count()

    with pytest.raises(RuleViolation) as exc:
        revoke(decision, date(2026, 12, 1))

    assert exc.value.rule_code == "seat_filled_since"
    assert state(tenure) == before and AuditEntry.objects.count() == entries
    assert Decision.objects.get(pk=decision.pk).status == Decision.Status.SIGNED


# --- the same through the revocation procedure --------------------------------------------------------------


def test_the_revocation_procedure_revokes_an_extension_and_its_timeline_shows_the_restored_term(
    client_for, inspector, leadership, signed, tenure, settings
):
    from django.utils import translation

    extension = signed(Decision.Kind.EXTENSION, term_end=RETIREMENT)
    commission = client_for(inspector)
    open_case(commission, extension)
    case = latest_case()
    claim_and_execute(commission, case, RevocationFlow.investigate, investigation(case))
    today = timezone.localdate()
    claim_and_execute(client_for(leadership), case, RevocationFlow.decide, ruling("revoke"))

    case.refresh_from_db()
    assert case.revocation_decision.revokes_id == extension.pk
    expected_end = (TERM_END, None, "") if today < TERM_END else (TERM_END, today, Tenure.EndReason.REVOKED)
    assert state(tenure) == expected_end
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        response = commission.get(f"/inspection/timelines/procedure/{case.pk}/", {"action": "tenure"})
    assert response.status_code == 200
    assert "tenure.term_restored" in {e.action for e in response.context["page_obj"].object_list}


def test_the_revocation_procedure_shows_a_refusal_and_changes_nothing(
    client_for, inspector, leadership, signed, tenure, position, province, reviewer, unit_a
):
    from .conftest import form_codes

    decision = signed(Decision.Kind.NON_REAPPOINTMENT)
    sign(
        Decision.Kind.APPOINTMENT,
        holder=CadreFactory(full_name="Hoàng Văn Kế Nhiệm", current_unit=unit_a),
        position=position,
        province=province,
        reviewer=reviewer,
        leadership=leadership,
        on=TERM_END,
    )
    commission = client_for(inspector)
    open_case(commission, decision)
    case = latest_case()
    claim_and_execute(commission, case, RevocationFlow.investigate, investigation(case))
    before = state(tenure)

    response = claim_and_execute(
        client_for(leadership), case, RevocationFlow.decide, ruling("revoke"), expect=200
    )

    assert form_codes(response) == ["seat_filled_since"]
    assert state(tenure) == before
    assert Decision.objects.get(pk=decision.pk).status == Decision.Status.SIGNED
    case.refresh_from_db()
    assert case.revocation_decision_id is None
