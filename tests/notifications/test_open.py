"""A notification is read once opened: from its link, or by reading the posts it is about."""

from django.urls import reverse

from forum import services
from notifications.models import Notification
from tests.factories import UserFactory


def unread(member) -> int:
    return Notification.objects.filter(recipient=member, read_at__isnull=True).count()


def test_opening_a_notification_marks_it_read_and_goes_to_the_post(
    client, committed, discussion, member
):
    with committed():
        reply = services.reply_create(author=UserFactory(), thread=discussion, body="Hello")
    notification = Notification.objects.get(recipient=member)
    client.force_login(member)
    listing = client.get(reverse("notifications:list")).content.decode()
    open_url = reverse("notifications:open", args=[notification.pk])
    assert f'href="{open_url}"' in listing
    response = client.get(open_url)
    assert response["Location"] == reverse("forum:post", args=[reply.pk])
    assert unread(member) == 0


def test_someone_elses_notification_is_not_found(client, committed, discussion, member, follower):
    with committed():
        services.reply_create(author=UserFactory(), thread=discussion, body="Hello")
    notification = Notification.objects.get(recipient=member)
    client.force_login(follower)
    assert client.get(reverse("notifications:open", args=[notification.pk])).status_code == 404
    assert unread(member) == 1


def test_reading_the_discussion_marks_its_notifications_read(
    client, committed, discussion, member, settings
):
    settings.FORUM_REPLIES_PER_PAGE = 2
    with committed():
        for number in range(3):
            services.reply_create(author=UserFactory(), thread=discussion, body=f"News {number}")
    client.force_login(member)
    client.get(discussion.get_absolute_url())  # first page: replies 2 and 3
    assert unread(member) == 1
    page = client.get(discussion.get_absolute_url() + "?page=2").content.decode()
    assert unread(member) == 0
    assert "unread" not in page.split("</nav>")[0]  # the navigation's count is already gone
