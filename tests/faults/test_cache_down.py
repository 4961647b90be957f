"""Redis down must not take the UI down (issue 8 §2): the cache degrades to misses, logged, and every signed-in
page still answers 200 — on PostgreSQL, with a real Redis that is killed halfway through."""

import logging

import pytest
from django.core.cache import cache
from django.test import override_settings

from config.cache import redis_cache
from workflows.revocation.flows import RevocationFlow

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def pages():
    flow = RevocationFlow.instance
    return [
        flow.reverse("process_list"),
        flow.reverse("queue"),
        flow.reverse("inbox"),
        "/registry/cadres/",
        "/",
    ]


def test_signed_in_pages_answer_while_the_cache_redis_is_down(fault_redis, client_for, inspector, caplog):
    with override_settings(CACHES={"default": redis_cache(fault_redis.url)}):
        client = client_for(inspector)
        cache.set("cf-fault-probe", "up")
        assert cache.get("cf-fault-probe") == "up"  # the pages below really use this Redis
        for url in pages():
            assert client.get(url, follow=True).status_code == 200, url

        fault_redis.stop()
        with caplog.at_level(logging.ERROR, logger="cadreflow.cache"):
            for url in pages():
                assert client.get(url, follow=True).status_code == 200, url
            assert cache.get("cf-fault-probe") is None  # a miss, not an error
            assert cache.add("cf-fault-probe", "x") is None
        assert any(r.name == "cadreflow.cache" for r in caplog.records), "the ignored errors were not logged"


def test_the_rate_limit_counts_nothing_but_refuses_nothing_while_the_cache_is_down(fault_redis):
    from apps.audit import ratelimit

    with override_settings(CACHES={"default": redis_cache(fault_redis.url)}):
        assert ratelimit.hit("fault", "10.0.0.1", 1) is True
        assert ratelimit.hit("fault", "10.0.0.1", 1) is False  # counted while Redis is up
        fault_redis.stop()
        assert ratelimit.exhausted("fault", "10.0.0.1", 1) is False
        assert ratelimit.hit("fault", "10.0.0.1", 1) is True
