from django.urls import reverse


def test_the_admin_sign_in_goes_through_the_rate_limited_site_sign_in(client, db):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_member_who_is_not_staff_reaches_no_admin_page(client, member):
    client.force_login(member)
    assert client.get("/admin/login/").status_code == 403
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_staff_reach_the_admin_after_signing_in_on_the_site(client, moderator):
    response = client.post(
        reverse("account_login") + "?next=/admin/",
        {"login": moderator.email, "password": "a-long-test-password", "next": "/admin/"},
    )
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
