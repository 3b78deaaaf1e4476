"""The signed-in member is loaded by accounts.backends exactly as the ORM loads them."""

from django.urls import reverse

from accounts.backends import user_by_id
from accounts.models import User


def test_a_member_is_loaded_with_every_field_as_the_orm_loads_them(clinician):
    loaded = user_by_id(clinician.pk)
    expected = User.objects.get(pk=clinician.pk)
    for field in User._meta.concrete_fields:
        assert getattr(loaded, field.attname) == getattr(expected, field.attname), field.name
    assert loaded._state.adding is False and loaded._state.db == "default"


def test_an_unknown_id_loads_nobody(db):
    assert user_by_id(987654) is None


def test_a_signed_in_member_is_recognised_in_one_query_for_their_row(
    client, member, django_assert_num_queries
):
    client.force_login(member)
    client.get("/")
    with django_assert_num_queries(2):  # the session and the member
        response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert member.display_name in client.get("/").content.decode()


def test_a_deactivated_members_session_no_longer_signs_them_in(client, member):
    client.force_login(member)
    assert client.get(reverse("forum:settings")).status_code == 200
    User.objects.filter(pk=member.pk).update(is_active=False)
    response = client.get(reverse("forum:settings"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
