"""Imported by a test's Celery worker (``-I tests.faults.slow_jobs``), never by the product: the timeline export
job pauses ``CADREFLOW_TEST_EXPORT_PAUSE`` seconds after its file is written and before it is recorded — the
worst moment for the worker to be killed (a file on disk, no audit entry, the run still "running")."""

import os
import time

from apps.inspection.services import exports

_record = exports._finish


def _paused_record(*args, **kwargs):
    time.sleep(float(os.environ.get("CADREFLOW_TEST_EXPORT_PAUSE", "0")))
    return _record(*args, **kwargs)


exports._finish = _paused_record
