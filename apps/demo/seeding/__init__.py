"""Seed a believable demo province (issue 2 §6): plan in memory, then write everything in one transaction.

``build_plan`` is pure (no database): the same seed, scale, day and rule-set values give the same province.
``seed_demo`` writes it once; a second call recognises the ``DemoDataset`` marker, only adds missing demo
logins, and changes nothing else.
"""

import random
import time
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from apps.audit.services import record
from apps.core.rules import RuleViolation
from apps.organisation.models import OrgUnit
from apps.rulesets.parameters import Params
from apps.rulesets.selectors import rule_set_for

from ..models import DemoDataset
from . import careers, logins, organisation, people, procedures, records
from .context import Plan
from .summary import model_counts
from .writer import write_plan

DEFAULT_SEED = 20250701
DEFAULT_PASSWORD = "cadreflow-demo"


def build_plan(*, seed=DEFAULT_SEED, scale=1.0, today=None, province_name=None, params=None):
    """The whole demo province as unsaved model instances."""
    plan = Plan(
        rng=random.Random(seed),
        today=today or date.today(),
        scale=scale,
        province_name=province_name or settings.CADREFLOW_PROVINCE_NAME,
        province_code=organisation.province_code(province_name or settings.CADREFLOW_PROVINCE_NAME),
        params=params or Params.defaults(),
    )
    organisation.plan_organisation(plan)
    careers.plan_careers(
        plan, forced_keys=logins.linked_post_keys(), vacant_keys=[":".join(procedures.NOMINATION_POST)]
    )
    records.plan_records(plan)
    people.assign_codes(plan)
    return plan


def rule_params(unit=None, on=None):
    """The resolved rule set that governs the province (the seeding defaults when none is in force)."""
    try:
        return rule_set_for(unit=unit, on=on).resolve()
    except RuleViolation:
        return Params.defaults()


@dataclass
class SeedResult:
    dataset: DemoDataset
    created: bool
    logins: list = field(default_factory=list)
    seconds: float = 0.0
    params: Params | None = None
    procedures: object = None  # procedures.ProceduresResult of the run that created the province


def seed_demo(*, seed=DEFAULT_SEED, scale=1.0, today=None, password=DEFAULT_PASSWORD):
    """Create the demo province, or find the one already there; either way make sure the demo logins exist."""
    started = time.perf_counter()
    today = today or date.today()
    password_hash = logins.hash_password(password)
    with transaction.atomic():
        admin, admin_created = logins.ensure_admin(password_hash)
        dataset = DemoDataset.objects.select_related("province").first()
        created = dataset is None
        if created:
            dataset = _create(seed=seed, scale=scale, today=today, admin=admin)
        params = rule_params(dataset.province, today)
        rows = logins.ensure_logins(
            province=dataset.province, admin=admin, password_hash=password_hash, admin_created=admin_created
        )
        done = None
        if created:  # the procedures the demo starts with: run once, with the province
            board, leadership = procedures.demo_users()
            done = procedures.run_demo_procedures(
                province=dataset.province, today=today, admin=admin, board=board, leadership=leadership
            )
        seconds = time.perf_counter() - started
        if created:
            dataset.seconds = round(seconds, 2)
            dataset.save(update_fields=["seconds"])
            record("demo.seeded", dataset, actor=admin, data=model_counts())
    return SeedResult(dataset, created, rows, time.perf_counter() - started, params, done)


def _create(*, seed, scale, today, admin):
    name = settings.CADREFLOW_PROVINCE_NAME
    code = organisation.province_code(name)
    if OrgUnit.objects.filter(code=code).exists():
        raise RuleViolation(
            "demo_conflict",
            _(
                "A unit with code {code} exists but was not created by seed_demo; refusing to mix the demo into it."
            ).format(code=code),
        )
    plan = build_plan(
        seed=seed, scale=scale, today=today, province_name=name, params=rule_params(None, today)
    )
    write_plan(plan, admin=admin)
    province = plan.units_by_code[code].obj
    return DemoDataset.objects.create(
        province=province, seed=seed, scale=scale, seeded_on=today, created_by=admin
    )
