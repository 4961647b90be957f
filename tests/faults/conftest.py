"""Faults injected on the real services (issue 8 §2): a Redis that stops, a broker that is down, a mail server
that refuses, a worker killed mid-job.

``fault_redis`` starts a redis-server of the test's own (never the shared one, which other stages use), on a free
port of ``CADREFLOW_FAULT_REDIS_PORTS`` (default 8290-8299), without persistence; ``fault_redis.stop()`` kills it
(SIGKILL: a crash, not a shutdown) and the fixture makes sure it is gone after the test.
"""

import os
import shutil
import socket
import subprocess
import tempfile
import time

import pytest

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def _port_range():
    low, _, high = os.environ.get("CADREFLOW_FAULT_REDIS_PORTS", "8290-8299").partition("-")
    return range(int(low), int(high or low) + 1)


def _free(port):
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def closed_port():
    """A loopback port nobody listens on (a broker or cache that is down: connections are refused at once)."""
    for port in _port_range():
        if _free(port):
            return port
    pytest.fail("no free port in CADREFLOW_FAULT_REDIS_PORTS", pytrace=False)


class FaultRedis:
    """A redis-server of the test's own: ``stop()`` kills it (SIGKILL), ``start()`` brings it back on the same
    port, empty (no persistence: what the broker held is lost, as with the compose file's Redis)."""

    def __init__(self):
        self.port = closed_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None
        self.dir = tempfile.mkdtemp(prefix="cf-fault-redis-")
        self.start()

    def start(self):
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no",
             "--dir", self.dir, "--logfile", ""],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while not self.answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                pytest.fail(f"redis-server did not start on port {self.port}", pytrace=False)
            time.sleep(0.05)

    def client(self):
        import redis

        return redis.Redis(port=self.port, socket_timeout=0.5, socket_connect_timeout=0.5)

    def answers(self):
        import redis

        try:
            return self.client().ping()
        except redis.RedisError:
            return False

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


@pytest.fixture
def fault_redis():
    if not os.path.exists(REDIS_SERVER):
        pytest.fail(
            "redis-server is needed for the fault tests (apt-get install redis-server)", pytrace=False
        )
    server = FaultRedis()
    yield server
    server.stop()
    shutil.rmtree(server.dir, ignore_errors=True)


def reset_celery_connections(app):
    """Forget the Celery app's broker connection and producer pools (after changing ``broker_url``)."""
    app._pool = None
    if "amqp" in app.__dict__:
        app.amqp._producer_pool = None


@pytest.fixture
def broker(fault_redis):
    """This process publishes to `fault_redis` as its broker (no worker: what is published stays in the queue)."""
    from config.celery import app

    conf = app.conf
    saved = conf.broker_url, conf.task_always_eager, conf.task_default_queue
    conf.broker_url, conf.task_always_eager, conf.task_default_queue = fault_redis.url, False, "celery"
    reset_celery_connections(app)
    yield fault_redis
    conf.broker_url, conf.task_always_eager, conf.task_default_queue = saved
    reset_celery_connections(app)
