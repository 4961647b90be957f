"""The registry's writers (``apps.organisation.services``) and the admin saving through them."""

import pytest
from django.contrib import admin
from django.test import RequestFactory

from apps.audit.models import AuditEntry
from apps.core.rules import RuleViolation
from apps.organisation import services
from apps.organisation.models import OrgUnit, Position
from tests.factories import CadreFactory, PositionFactory, TenureFactory

pytestmark = pytest.mark.django_db


def test_save_unit_records_history_and_audit_with_the_actor(province, admin_user):
    unit = OrgUnit(code="sxd", name="Sở Xây dựng", parent=province, level=province.level)

    services.save_unit(unit, actor=admin_user, changed=["code", "name"])

    assert unit.history.get().history_user == admin_user
    entry = AuditEntry.objects.get(action="admin.orgunit.added")
    assert (entry.actor_id, entry.data) == (admin_user.pk, {"fields": ["code", "name"]})


def test_a_position_keeps_at_least_the_seats_its_holders_fill(unit_a, admin_user):
    position = PositionFactory(unit=unit_a, seats=2)
    TenureFactory(position=position, cadre=CadreFactory(), seat_number=1)
    TenureFactory(position=position, cadre=CadreFactory(), seat_number=2)

    position.seats = 1
    with pytest.raises(RuleViolation) as refused:
        services.save_position(position, actor=admin_user, changed=["seats"])

    assert refused.value.rule_code == "seats_below_holders"
    assert Position.objects.get(pk=position.pk).seats == 2
    assert not AuditEntry.objects.filter(action="admin.position.changed").exists()


def test_the_admin_saves_a_unit_through_the_service(unit_a, admin_save, admin_user):
    admin_save(unit_a, name="Sở Nội vụ tỉnh")

    unit_a.refresh_from_db()
    assert unit_a.name == "Sở Nội vụ tỉnh"
    assert unit_a.history.first().history_user == admin_user
    assert AuditEntry.objects.get(action="admin.orgunit.changed").data == {"fields": ["name"]}


def test_the_admin_position_form_refuses_fewer_seats_than_holders(unit_a, admin_user):
    position = PositionFactory(unit=unit_a, seats=1)
    TenureFactory(position=position, cadre=CadreFactory(), seat_number=1)
    model_admin = admin.site._registry[Position]
    request = RequestFactory().post("/admin/")
    request.user = admin_user
    form_class = model_admin.get_form(request, position)
    from django.forms.models import model_to_dict

    data = {k: v for k, v in model_to_dict(position).items() if v is not None} | {"seats": 0}
    form = form_class(data=data, instance=position)

    assert not form.is_valid()
    assert "seats" in form.errors


def test_the_admin_saves_a_position_through_the_service(unit_a, admin_save, admin_user):
    position = PositionFactory(unit=unit_a, seats=1)

    admin_save(position, seats=3)

    assert Position.objects.get(pk=position.pk).seats == 3
    assert AuditEntry.objects.get(action="admin.position.changed").actor_id == admin_user.pk
