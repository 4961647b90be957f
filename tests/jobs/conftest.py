import pytest

from config.celery import app as celery_app


@pytest.fixture(autouse=True)
def _celery_in_process(request):
    """Run tasks in-process even when the environment names a broker (the real-worker CI stage), except in
    tests marked ``celery_worker``, which talk to a real worker."""
    if request.node.get_closest_marker("celery_worker"):
        yield
        return
    conf = celery_app.conf
    saved = conf.task_always_eager, conf.task_eager_propagates
    conf.task_always_eager, conf.task_eager_propagates = True, True
    yield
    conf.task_always_eager, conf.task_eager_propagates = saved
