"""Each member's time: dates on pages in their time zone (or the visitor's browser's),
and the settings that choose it, with quiet hours."""

from datetime import UTC, date, datetime, time

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import zones
from accounts.models import User
from forum import services
from notifications.models import Notification
from tests.factories import UserFactory

TIME = reverse("accounts:time")
# 03:30 in London is still the evening before in Toronto (UTC-5 in winter).
MOMENT = datetime(2027, 1, 15, 3, 30, tzinfo=UTC)


@pytest.fixture
def torontonian(db):
    return UserFactory(display_name="Lakeshore", time_zone="America/Toronto")


def notified_at(member, moment, thread):
    post = services.reply_create(author=UserFactory(), thread=thread, body="News")
    return Notification.objects.create(
        recipient=member, kind="reply", post=post, email="never", created_at=moment
    )


def test_a_member_in_toronto_sees_dates_in_toronto_time(client, torontonian, thread):
    notified_at(torontonian, MOMENT, thread)
    client.force_login(torontonian)
    page = client.get(reverse("notifications:list")).content.decode()
    assert '<time datetime="2027-01-14T22:30:00-05:00">14 Jan 2027</time>' in page


def test_a_member_without_a_zone_sees_the_sites(client, member, thread, settings):
    assert settings.TIME_ZONE == "UTC"
    notified_at(member, MOMENT, thread)
    client.force_login(member)
    page = client.get(reverse("notifications:list")).content.decode()
    assert '<time datetime="2027-01-15T03:30:00+00:00">15 Jan 2027</time>' in page


def test_a_visitors_browser_zone_from_the_tz_cookie_dates_their_pages(client, db, settings):
    someone = UserFactory(profile_is_public=True, date_joined=MOMENT)
    client.cookies[zones.COOKIE] = "America/Toronto"
    page = client.get(someone.get_absolute_url()).content.decode()
    assert '<time datetime="2027-01-14T22:30:00-05:00">14 Jan 2027</time>' in page


def test_a_members_chosen_zone_wins_over_the_cookie(client, torontonian, thread):
    notified_at(torontonian, MOMENT, thread)
    client.cookies[zones.COOKIE] = "Asia/Tokyo"
    client.force_login(torontonian)
    assert "14 Jan 2027" in client.get(reverse("notifications:list")).content.decode()


@pytest.mark.parametrize(
    "cookie", ["../../etc/passwd", "localtime", "/usr/share/zoneinfo/UTC", "Mars/Olympus", ""]
)
def test_a_cookie_that_is_no_zone_we_know_leaves_the_sites(client, member, thread, cookie):
    notified_at(member, MOMENT, thread)
    client.cookies[zones.COOKIE] = cookie
    client.force_login(member)
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 200
    assert "15 Jan 2027" in response.content.decode()


def test_no_zone_is_left_active_after_a_request(client, torontonian):
    client.force_login(torontonian)
    client.get(reverse("notifications:list"))
    assert timezone.get_current_timezone_name() == "UTC"


def test_a_member_chooses_a_zone_and_quiet_hours_in_settings(client, member):
    client.force_login(member)
    page = client.get(reverse("forum:settings")).content.decode()
    assert f'action="{TIME}"' in page and "data-browser-time-zone" in page
    assert 'src="/static/js/timezone.js"' in page
    response = client.post(
        TIME,
        {
            "time_zone": "America/Toronto",
            "quiet_hours_start": "22:00",
            "quiet_hours_end": "08:00",
            "next": reverse("forum:settings"),
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("forum:settings")
    member.refresh_from_db()
    assert (member.time_zone, member.quiet_hours_start, member.quiet_hours_end) == (
        "America/Toronto",
        time(22),
        time(8),
    )
    client.post(TIME, {"time_zone": "", "quiet_hours_start": "", "quiet_hours_end": ""})
    member.refresh_from_db()
    assert (member.time_zone, member.quiet_hours_start) == ("", None)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"time_zone": "Mars/Olympus"}, "“Mars/Olympus” is not a time zone we know"),
        ({"quiet_hours_start": "22:00"}, "Quiet hours need both a start and an end"),
        ({"quiet_hours_end": "08:00"}, "Quiet hours need both a start and an end"),
        (
            {"quiet_hours_start": "22:00", "quiet_hours_end": "22:00"},
            "Quiet hours cannot start and end at the same time.",
        ),
        ({"quiet_hours_start": "25:00", "quiet_hours_end": "08:00"}, "Enter a time such as 22:00."),
    ],
)
def test_bad_time_settings_are_refused_with_a_clear_400(client, member, data, message):
    client.force_login(member)
    response = client.post(TIME, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    member.refresh_from_db()
    assert (member.time_zone, member.quiet_hours_start) == ("", None)


def test_a_visitor_cannot_change_time_settings_or_take_a_break(client, member):
    for url in (TIME, reverse("accounts:break"), reverse("accounts:break_end")):
        response = client.post(url, {"time_zone": "Asia/Tokyo", "length": "week"})
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    assert not User.objects.exclude(time_zone="").exists()
    assert not User.objects.filter(notifications_paused_at__isnull=False).exists()


def test_a_visitor_chooses_a_zone_in_the_panel_and_can_go_back_to_automatic(client):
    panel = reverse("accounts:comfort")
    data = {"theme": "auto", "text_size": "1", "time_zone": "America/Toronto"}
    response = client.post(panel, data)
    assert response.cookies[zones.COOKIE].value == "America/Toronto"
    assert not response.cookies[zones.COOKIE]["httponly"]  # read by timezone.js
    response = client.post(panel, {**data, "time_zone": ""})
    assert response.cookies[zones.COOKIE].value == ""  # deleted
    assert response.cookies[zones.COOKIE]["max-age"] == 0


# Quiet hours and mornings, in the member's wall-clock time ----------------------------


def at(zone: str, *args) -> datetime:
    return datetime(*args, tzinfo=zones.zone_named(zone))


@pytest.mark.parametrize(
    ("clock", "ends"),
    [
        ((21, 59), None),
        ((22, 0), (2027, 1, 15, 8)),
        ((23, 0), (2027, 1, 15, 8)),
        ((3, 0), (2027, 1, 14, 8)),
        ((7, 59), (2027, 1, 14, 8)),
        ((8, 0), None),
    ],
)
def test_quiet_hours_across_midnight_end_at_the_next_end_time(clock, ends):
    member = User(time_zone="America/Toronto", quiet_hours_start=time(22), quiet_hours_end=time(8))
    now = at("America/Toronto", 2027, 1, 14, *clock)
    expected = at("America/Toronto", *ends) if ends else None
    assert zones.quiet_hours_end(member, now) == expected


def test_daytime_quiet_hours_and_none_at_all():
    member = User(quiet_hours_start=time(13), quiet_hours_end=time(15))
    assert zones.quiet_hours_end(member, datetime(2027, 1, 14, 14, tzinfo=UTC)) == datetime(
        2027, 1, 14, 15, tzinfo=UTC
    )
    assert zones.quiet_hours_end(member, datetime(2027, 1, 14, 16, tzinfo=UTC)) is None
    assert zones.quiet_hours_end(User(), datetime(2027, 1, 14, 14, tzinfo=UTC)) is None


def test_quiet_hours_follow_daylight_saving_time():
    # Toronto moves its clocks forward on 14 March 2027: 08:00 is then 12:00 UTC, not 13:00.
    member = User(time_zone="America/Toronto", quiet_hours_start=time(22), quiet_hours_end=time(8))
    ends = zones.quiet_hours_end(member, datetime(2027, 3, 14, 5, tzinfo=UTC))
    assert ends == datetime(2027, 3, 14, 12, tzinfo=UTC)


def test_a_morning_has_come_only_after_its_time_in_the_members_zone():
    member = User(time_zone="America/Toronto")
    assert zones.morning_of(member, datetime(2027, 1, 14, 12, 59, tzinfo=UTC), time(8)) is None
    morning = zones.morning_of(member, datetime(2027, 1, 14, 13, tzinfo=UTC), time(8))
    assert morning == datetime(2027, 1, 14, 13, tzinfo=UTC)
    assert morning.astimezone(zones.zone_named("America/Toronto")).date() == date(2027, 1, 14)


def test_every_offered_zone_is_a_real_one_and_odd_entries_are_left_out():
    names = zones.names()
    assert {"America/Toronto", "Europe/Paris", "UTC", "Asia/Kolkata"} <= names
    assert not names & {"localtime", "Factory", "posixrules"}
    assert [value for value, _ in zones.choices()] == sorted(names)


def test_the_services_refuse_what_the_forms_would(member):
    from django.core.exceptions import ValidationError

    from accounts import services

    with pytest.raises(ValidationError):
        services.member_preferences_update(
            user=member, time_zone="Mars/Olympus", quiet_hours_start=None, quiet_hours_end=None
        )
    with pytest.raises(ValidationError):
        services.member_preferences_update(
            user=member, time_zone="", quiet_hours_start=time(22), quiet_hours_end=None
        )
    with pytest.raises(ValidationError):
        services.member_break_start(user=member, until=timezone.now())
    member.refresh_from_db()
    assert (member.time_zone, member.quiet_hours_start, member.is_on_break) == ("", None, False)
