"""REDIS_URL gives every process one shared cache; a wrong value stops start-up clearly."""

from __future__ import annotations

import socket
import uuid

import pytest
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from config.env import cache_settings

REDIS_URL = "redis://127.0.0.1:6379/15"


def redis_runs() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


def test_without_redis_url_each_process_keeps_a_memory_cache():
    assert cache_settings("")["default"]["BACKEND"].endswith("LocMemCache")


def test_a_malformed_redis_url_is_refused_naming_the_variable():
    with pytest.raises(ImproperlyConfigured, match="REDIS_URL must start with redis://"):
        cache_settings("127.0.0.1:6379")


@pytest.mark.skipif(not redis_runs(), reason="no Redis server on 127.0.0.1:6379 (see README)")
def test_a_value_written_through_redis_is_read_back_by_another_connection():
    with override_settings(CACHES=cache_settings(REDIS_URL)):
        key = f"test:{uuid.uuid4().hex}"
        writer = caches.create_connection("default")
        writer.set(key, {"done": 3, "total": 10}, 30)
        reader = caches.create_connection("default")
        try:
            assert reader.get(key) == {"done": 3, "total": 10}
        finally:
            writer.delete(key)
        assert reader.get(key) is None
