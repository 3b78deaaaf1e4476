import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts import services as account_services
from accounts.models import User
from forum import services
from forum.models import Community, Thread


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"member{n}@example.org")
    display_name = factory.Sequence(lambda n: f"member{n}")
    role = User.Role.PATIENT
    password = factory.django.Password("a-long-test-password")

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)

    @factory.post_generation
    def two_factor(obj, create, extracted, **kwargs):
        """Staff have two-factor sign-in (the admin requires it) unless a test says
        `two_factor=False`; anyone else with `two_factor=True`."""
        wanted = obj.is_staff if extracted is None else extracted
        if create and wanted:
            from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

            TOTP.activate(obj, generate_totp_secret())

    @factory.post_generation
    def consents(obj, create, extracted, **kwargs):
        """Members agreed to the current texts at sign-up, unless a test says otherwise."""
        if create and extracted is not False:
            account_services.consent_record(
                user=obj, kinds=list(account_services.current_versions())
            )


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community

    name = factory.Sequence(lambda n: f"Community {n}")
    slug = factory.Sequence(lambda n: f"community-{n}")
    description = "People living with a condition."


def make_thread(
    *,
    community=None,
    author=None,
    title="How do you manage fatigue?",
    body="It is worst in the afternoon.",
    replies=0,
    **flags,
) -> Thread:
    """A discussion created through the service (so counters are right), with N replies."""
    community = community or CommunityFactory()
    author = author or UserFactory()
    thread = services.thread_create(author=author, community=community, title=title, body=body)
    for i in range(replies):
        services.reply_create(author=UserFactory(), thread=thread, body=f"Reply number {i + 1}.")
    if flags:
        Thread.objects.filter(pk=thread.pk).update(**flags)
    thread.refresh_from_db()
    return thread


def now():
    return timezone.now()


class ClinicianVerificationFactory(factory.django.DjangoModelFactory):
    """A pending verification request (moderation); pass status=... for a decided one."""

    class Meta:
        model = "moderation.ClinicianVerification"

    applicant = factory.SubFactory(UserFactory)
    full_name = "Camille Martin"
    profession = User.Profession.PHYSICIAN
    specialty = "Neurology"
    licence_number = factory.Sequence(lambda n: f"LIC-{n:06d}")
    country = "FR"
    place_of_practice = "University hospital neurology department"
