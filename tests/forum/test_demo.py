from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import User
from forum.models import Community, Post, Thread


def load_demo(tmp_path, monkeypatch):
    from forum.management.commands import load_demo as command

    monkeypatch.setattr(command, "CREDENTIALS", tmp_path / "credentials")
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_the_demo_loads_once_and_a_second_run_changes_nothing(db, tmp_path, monkeypatch):
    first = load_demo(tmp_path, monkeypatch)
    assert "Demo data loaded." in first
    assert "admin@example.org / " in first
    counts = (User.objects.count(), Thread.objects.count(), Post.objects.count())
    assert Community.objects.count() >= 5
    assert Thread.objects.count() >= 13
    second = load_demo(tmp_path, monkeypatch)
    assert "already loaded" in second
    assert (User.objects.count(), Thread.objects.count(), Post.objects.count()) == counts
    # The admin password printed the second time is the one that works.
    password = second.split("admin@example.org / ")[1].split()[0]
    assert User.objects.get(email="admin@example.org").check_password(password)


def test_the_demo_home_and_gene_therapy_discussion_read_as_expected(
    db, client, tmp_path, monkeypatch
):
    load_demo(tmp_path, monkeypatch)
    thread = Thread.objects.get(title="Gene therapy for autoimmune disease?")
    home = client.get("/").content.decode()
    assert "/communities/multiple-sclerosis/" in home
    assert thread.get_absolute_url() in home
    assert (
        thread.get_absolute_url() in client.get("/communities/multiple-sclerosis/").content.decode()
    )
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "1 reply" in page
    assert "Dr. Seignez" in page and "Verified clinician" in page
    assert "Expert answer" in page and "Physician · Neurology" in page
    assert 'class="mention"' in page  # "Hi @karm!nR" links to the patient's profile
    assert Post.objects.get(thread=thread, number=2).author.display_name == "Dr. Seignez"


def test_demo_members_can_sign_in_and_reply(db, client, tmp_path, monkeypatch):
    load_demo(tmp_path, monkeypatch)
    thread = Thread.objects.get(title="Gene therapy for autoimmune disease?")
    response = client.post(
        "/accounts/login/", {"login": "karmin@example.org", "password": "demo-patient-2026"}
    )
    assert response.status_code == 302
    client.post(f"/discussions/{thread.pk}/replies/new/", {"body": "Thank you, doctor!"})
    thread.refresh_from_db()
    assert thread.reply_count == 2


def test_a_look_alike_of_a_demo_members_name_is_refused(db, client, tmp_path, monkeypatch):
    from django.urls import reverse

    load_demo(tmp_path, monkeypatch)
    assert not User.objects.filter(display_name_skeleton=None).exists()
    response = client.post(
        reverse("account_signup"),
        {
            "email": "new@example.org",
            "display_name": "Quiet Iighthouse",  # a capital I for the l
            "role": "patient",
            "password1": "a long walk by the sea",
            "password2": "a long walk by the sea",
            "terms": "on",
            "health_data": "on",
            "minimum_age": "on",
        },
    )
    assert "already taken" in response.content.decode()


def test_one_demo_discussion_has_a_second_page_of_replies(db, client, tmp_path, monkeypatch):
    from django.conf import settings

    load_demo(tmp_path, monkeypatch)
    longest = Thread.objects.order_by("-reply_count").first()
    assert longest.reply_count > settings.FORUM_REPLIES_PER_PAGE
    page = client.get(longest.get_absolute_url()).content.decode()
    assert "?page=2" in page
    second = client.get(longest.get_absolute_url() + "?page=2")
    assert second.status_code == 200
    last = longest.posts.order_by("-number").first()
    assert f'id="post-{last.number}"' in second.content.decode()


def test_the_printed_admin_address_follows_the_site_address(db, tmp_path, monkeypatch, settings):
    settings.SITE_URL = "http://127.0.0.1:8091"
    assert "(http://127.0.0.1:8091/admin/)" in load_demo(tmp_path, monkeypatch)


def test_make_run_on_another_port_links_there():
    import subprocess

    dry_run = subprocess.run(
        ["make", "-n", "run", "PORT=8091"],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin", "HOME": "/tmp"},
        cwd=settings_base_dir(),
    ).stdout
    assert "SITE_URL=http://127.0.0.1:8091" in dry_run
    assert "runserver 127.0.0.1:8091" in dry_run


def settings_base_dir():
    from django.conf import settings

    return settings.BASE_DIR


def test_demo_staff_have_two_factor_sign_in_and_a_code_for_trying_it(
    db, tmp_path, monkeypatch, settings
):
    from allauth.mfa.utils import is_mfa_enabled
    from django.core.management import CommandError

    output = load_demo(tmp_path, monkeypatch)
    assert "make demo-code EMAIL=moderator@example.org" in output
    for user in User.objects.filter(is_staff=True):
        assert is_mfa_enabled(user)
    settings.DEBUG = True
    out = StringIO()
    call_command("demo_code", "moderator@example.org", stdout=out)
    assert out.getvalue().strip().isdigit() and len(out.getvalue().strip()) == 6
    settings.DEBUG = False
    with pytest.raises(CommandError, match="local development only"):
        call_command("demo_code", "moderator@example.org", stdout=StringIO())


def test_the_demo_has_a_french_community_whose_members_read_in_french(
    db, client, tmp_path, monkeypatch
):
    load_demo(tmp_path, monkeypatch)
    community = Community.objects.get(slug="sclerose-en-plaques")
    assert community.name == "Sclérose en plaques"
    threads = Thread.objects.filter(community=community)
    assert threads.count() >= 3
    assert all(thread.reply_count >= 2 for thread in threads)
    assert Thread.objects.get(slug__startswith="kine-et-marche").has_expert_answer
    camille = User.objects.get(email="camille.b@example.org")
    assert camille.language == "fr" and camille.check_password("demo-patient-2026")
    page = client.get(community.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Fatigue et chaleur" in page
    assert "Se connecter pour lancer une discussion" in page


def test_a_demo_loaded_before_the_french_community_gets_it_on_the_next_run(
    db, tmp_path, monkeypatch
):
    load_demo(tmp_path, monkeypatch)
    Thread.objects.filter(community__slug="sclerose-en-plaques").delete()
    Community.objects.filter(slug="sclerose-en-plaques").delete()
    again = load_demo(tmp_path, monkeypatch)
    assert "already loaded" in again and "French demo community loaded." in again
    assert Thread.objects.filter(community__slug="sclerose-en-plaques").count() == 4
    load_demo(tmp_path, monkeypatch)
    assert Thread.objects.filter(community__slug="sclerose-en-plaques").count() == 4
