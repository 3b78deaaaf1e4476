"""The replica router's decisions (the real streaming replica is exercised by
ops/replica_check.sh in CI)."""

import time

import pytest
from django.test import RequestFactory, override_settings

from config.db_router import COOKIE, PrimaryReplicaRouter, ReadYourWritesMiddleware, use_primary
from forum.models import Thread

pytestmark = pytest.mark.usefixtures("replicas")


@pytest.fixture
def replicas(settings):
    settings.DATABASE_REPLICAS = ["replica_1"]


def route_inside(request):
    seen = {}

    def view(req):
        from django.http import HttpResponse

        seen["read"] = PrimaryReplicaRouter().db_for_read(Thread)
        seen["write"] = PrimaryReplicaRouter().db_for_write(Thread)
        return HttpResponse("ok")

    response = ReadYourWritesMiddleware(view)(request)
    return seen, response


def test_reading_requests_read_from_a_replica_and_write_to_the_primary():
    seen, response = route_inside(RequestFactory().get("/"))
    assert seen == {"read": "replica_1", "write": "default"}
    assert COOKIE not in response.cookies


def test_a_writing_request_reads_from_the_primary_and_pins_the_next_requests():
    seen, response = route_inside(RequestFactory().post("/"))
    assert seen["read"] == "default"
    pinned_until = float(response.cookies[COOKIE].value)
    assert pinned_until > time.time()
    follow_up = RequestFactory().get("/")
    follow_up.COOKIES[COOKIE] = str(pinned_until)
    assert route_inside(follow_up)[0]["read"] == "default"


def test_the_pin_expires():
    request = RequestFactory().get("/")
    request.COOKIES[COOKIE] = str(time.time() - 1)
    assert route_inside(request)[0]["read"] == "replica_1"
    request.COOKIES[COOKIE] = "garbage"
    assert route_inside(request)[0]["read"] == "replica_1"


def test_outside_requests_everything_uses_the_primary():
    assert use_primary.get() is True
    assert PrimaryReplicaRouter().db_for_read(Thread) == "default"


def test_only_the_primary_is_migrated():
    router = PrimaryReplicaRouter()
    assert router.allow_migrate("default", "forum")
    assert not router.allow_migrate("replica_1", "forum")


@override_settings(DATABASE_REPLICAS=[])
def test_without_replicas_every_read_goes_to_the_primary():
    assert route_inside(RequestFactory().get("/"))[0]["read"] == "default"


def test_the_database_cache_always_reads_from_the_primary():
    from django.core.cache.backends.db import DatabaseCache

    cache = DatabaseCache("django_cache", {})
    request = RequestFactory().get("/")
    seen = {}

    def view(req):
        from django.http import HttpResponse

        seen["read"] = PrimaryReplicaRouter().db_for_read(cache.cache_model_class)
        return HttpResponse("ok")

    ReadYourWritesMiddleware(view)(request)
    assert seen["read"] == "default"
