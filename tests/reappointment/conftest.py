"""Registry data and personas for the reappointment tests: a post of unit A held by a cadre whose term ends
soon, and the people who act on the procedure."""

from datetime import date, timedelta

import pytest

from apps.accounts.models import Role
from apps.accounts.services import grant_role
from tests.appointment.conftest import leadership, make_eligible, reviewer_b  # noqa: F401
from tests.factories import PositionFactory, TenureFactory, UserFactory
from workflows.reappointment import services


@pytest.fixture(autouse=True)
def _collectives(request):
    """The units' leadership collectives in the registry (issue 9 point 10: sizes are data)."""
    from tests.collectives import seed_registry_collectives

    seed_registry_collectives(request)


@pytest.fixture
def post(unit_a):
    return PositionFactory(unit=unit_a, title="Giám đốc Sở Nội vụ", seats=1, term_years=5)


def make_holder(unit, position, *, term_end, **cadre_kwargs):
    """A cadre who meets every reappointment condition today, holding `position` until `term_end`."""
    from apps.decisions.services import add_years

    cadre = make_eligible(unit, position, **cadre_kwargs)
    tenure = TenureFactory(
        cadre=cadre,
        position=position,
        start_date=add_years(term_end, -position.term_years),
        term_end=term_end,
    )
    return cadre, tenure


def born_to_retire_soon():
    """A man who reaches the statutory retirement age about ten months from today (H17: extension)."""
    today = date.today()
    return date(today.year - 61, today.month, 1)


@pytest.fixture
def holder(unit_a, post):
    return make_holder(unit_a, post, term_end=date.today() + timedelta(days=60), full_name="Phạm Văn Hùng")


@pytest.fixture
def elder(unit_a, post):
    """The holder of the post when fewer than two years remain to retirement at term end."""
    return make_holder(
        unit_a,
        post,
        term_end=date.today() + timedelta(days=60),
        full_name="Đỗ Văn Lâm",
        birth_date=born_to_retire_soon(),
    )


@pytest.fixture
def opened(holder):
    """The holder's procedure, opened by the daily job's service."""
    result = services.open_due_reappointments()
    assert result["opened"] == 1
    from workflows.reappointment.models import ReappointmentProcess

    return ReappointmentProcess.objects.get(tenure=holder[1])


@pytest.fixture
def holder_user(holder, unit_a, admin_user):
    """The cadre themself, with an account and the unit-leader role in their own unit."""
    user = UserFactory(username="holder", cadre=holder[0])
    grant_role(user=user, role=Role.UNIT_LEADER, unit=unit_a, include_descendants=True, actor=admin_user)
    return user


@pytest.fixture(autouse=True)
def _celery_in_process(request):
    """Tasks run in-process even when the environment names a broker (the real-worker CI stage), except in the
    tests marked ``celery_worker``, which talk to a real worker (as tests/jobs/conftest.py does)."""
    from config.celery import app as celery_app

    if request.node.get_closest_marker("celery_worker"):
        yield
        return
    conf = celery_app.conf
    saved = conf.task_always_eager, conf.task_eager_propagates
    conf.task_always_eager, conf.task_eager_propagates = True, True
    yield
    conf.task_always_eager, conf.task_eager_propagates = saved
