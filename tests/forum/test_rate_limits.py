import pytest
from django.urls import reverse

from forum.models import Post, Thread
from tests.factories import UserFactory


@pytest.fixture
def tight_limits(settings, monkeypatch):
    # Windows are fixed: the clock stands still at the start of one for the whole test.
    monkeypatch.setattr("accounts.ratelimit.clock", lambda: 3600.0 * 500_000)
    settings.WRITE_RATE_LIMITS = {
        **settings.WRITE_RATE_LIMITS,
        "reply": "2/60/user,5/60/ip",
        "thread": "1/600/user,20/600/ip",
        "report": "1/3600/user,30/3600/ip",
    }


def test_replying_too_fast_gets_429_with_the_wait_and_the_text_kept(
    client, thread, other_member, tight_limits
):
    client.force_login(other_member)
    url = reverse("forum:reply", kwargs={"pk": thread.pk})
    for i in range(2):
        assert client.post(url, {"body": f"Reply {i}"}).status_code == 302
    response = client.post(url, {"body": "My third, carefully written reply"})
    assert response.status_code == 429
    body = response.content.decode()
    assert "Please slow down" in body and "try again in" in body
    assert "My third, carefully written reply" in body
    assert int(response["Retry-After"]) > 0
    assert Post.objects.filter(author=other_member).count() == 2


def test_the_ip_limit_applies_across_members(client, thread, tight_limits):
    url = reverse("forum:reply", kwargs={"pk": thread.pk})
    statuses = []
    for _ in range(4):
        for _ in range(2):
            client.force_login(UserFactory())
            statuses.append(client.post(url, {"body": "hi"}).status_code)
    assert statuses.count(302) == 5 and statuses.count(429) == 3


def test_a_forged_forwarded_for_header_does_not_escape_the_ip_limit(client, thread, tight_limits):
    url = reverse("forum:reply", kwargs={"pk": thread.pk})
    statuses = []
    for n in range(7):
        client.force_login(UserFactory())
        statuses.append(
            client.post(url, {"body": "hi"}, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code
        )
    assert statuses.count(429) == 2


def test_starting_discussions_is_limited(client, community, member, tight_limits):
    client.force_login(member)
    url = reverse("forum:thread_new", kwargs={"slug": community.slug})
    assert client.post(url, {"title": "First question", "body": "x"}).status_code == 302
    response = client.post(url, {"title": "Second question", "body": "kept words"})
    assert response.status_code == 429 and "kept words" in response.content.decode()
    assert Thread.objects.filter(author=member).count() == 1


def test_reports_are_limited(client, thread, member, tight_limits):
    from forum import services

    posts = [
        services.reply_create(author=UserFactory(), thread=thread, body=f"p{i}") for i in range(2)
    ]
    client.force_login(member)
    first = client.post(
        reverse("moderation:report", kwargs={"pk": posts[0].pk}), {"reason": "spam"}
    )
    second = client.post(
        reverse("moderation:report", kwargs={"pk": posts[1].pk}),
        {"reason": "spam", "note": "also spam"},
    )
    assert first.status_code == 200 and second.status_code == 429
    assert "also spam" in second.content.decode()


def test_a_request_over_the_size_limit_is_413_with_a_message(client, thread, member, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    client.force_login(member)
    response = client.post(reverse("forum:reply", kwargs={"pk": thread.pk}), {"body": "x" * 20_000})
    assert response.status_code == 413
    assert "too much to send at once" in response.content.decode()
    assert Post.objects.filter(thread=thread).count() == 1


def test_behind_the_proxy_failed_sign_ins_lock_out_only_their_own_address(client, member, settings):
    from django.test import Client

    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    login = reverse("account_login")
    # The proxy connects from 127.0.0.1 and appends the address it saw.
    attacker = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 198.51.100.7"}
    statuses = []
    for n in range(12):
        response = client.post(
            login, {"login": f"nobody{n}@example.org", "password": "wrong"}, **attacker
        )
        statuses.append(
            response.status_code == 429 or "Too many failed" in response.content.decode()
        )
    assert any(statuses), "failures from one address are limited"

    elsewhere = Client()
    response = elsewhere.post(
        login,
        {"login": member.email, "password": "a-long-test-password"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.20",
    )
    assert response.status_code == 302, "a member elsewhere still signs in"


def test_behind_the_proxy_the_forums_own_limits_count_the_forwarded_address(
    client, thread, tight_limits, settings
):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    url = reverse("forum:reply", kwargs={"pk": thread.pk})
    statuses = []
    for n in range(7):
        client.force_login(UserFactory())
        statuses.append(
            client.post(
                url,
                {"body": "hi"},
                REMOTE_ADDR="127.0.0.1",
                HTTP_X_FORWARDED_FOR=f"10.0.0.{n}",
            ).status_code
        )
    # Seven members at seven addresses: no address went over its limit.
    assert statuses.count(429) == 0
