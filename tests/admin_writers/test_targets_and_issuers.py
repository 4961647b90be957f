"""Targets and issuer profiles: one writer each, which the admin saves through (history and audit entry)."""

import pytest

from apps.audit.models import AuditEntry
from apps.decisions.models import IssuerProfile
from apps.decisions.services.issuers import save_issuer_profile
from apps.targets.models import Target
from apps.targets.services import save_target
from tests.factories import TargetFactory

pytestmark = pytest.mark.django_db


def test_save_target_records_history_and_audit(admin_user):
    target = TargetFactory.build()

    save_target(target, actor=admin_user, changed=["goal_min"])

    assert target.history.get().history_user == admin_user
    entry = AuditEntry.objects.get(action="admin.target.added")
    assert entry.data == {"code": target.code, "fields": ["goal_min"]}


def test_the_admin_saves_a_target_through_the_service(admin_save, admin_user):
    target = TargetFactory()

    admin_save(target, name="Renamed target")

    assert Target.objects.get(pk=target.pk).name == "Renamed target"
    entry = AuditEntry.objects.get(action="admin.target.changed")
    assert (entry.actor_id, entry.data["fields"]) == (admin_user.pk, ["name"])


def test_save_issuer_profile_and_the_admin(unit_a, admin_save, admin_user):
    profile = save_issuer_profile(
        IssuerProfile(authority=unit_a, symbol="QĐ-SNV", body_name="SỞ NỘI VỤ"), actor=admin_user
    )
    assert profile.history.get().history_user == admin_user

    admin_save(profile, place_name="Bắc Ninh")

    assert IssuerProfile.objects.get(pk=profile.pk).place_name == "Bắc Ninh"
    assert list(
        AuditEntry.objects.filter(action__startswith="admin.issuerprofile").values_list("action", flat=True)
    ) == ["admin.issuerprofile.added", "admin.issuerprofile.changed"]
