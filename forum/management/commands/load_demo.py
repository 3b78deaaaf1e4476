import secrets
from pathlib import Path

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts import services as account_services
from accounts.models import User
from forum import markup, services
from forum.models import Community, CommunityFollow, Post

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "demo.json"
# Verification requests and the moderation log; they refer to the members in demo.json.
MODERATION_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "demo_moderation.json"
# A French community, its members (who read the forum in French) and their discussions.
# Loaded on its own, so that a demo database made before it existed gets it too.
FRENCH_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "demo_fr.json"
FRENCH_COMMUNITY = "sclerose-en-plaques"
CREDENTIALS = Path(settings.BASE_DIR) / ".demo-credentials"
# Demo members share one documented password; the admin's is random and kept locally.
MEMBER_PASSWORD = "demo-patient-2026"


class Command(BaseCommand):
    help = "Load the demo communities, members and discussions once; print the sign-in details."

    def handle(self, *args, **options):
        if Community.objects.filter(slug="multiple-sclerosis").exists():
            self.stdout.write("Demo data already loaded; leaving the database as it is.")
        else:
            self._load()
        if not Community.objects.filter(slug=FRENCH_COMMUNITY).exists():
            self._load_french()
        self._print_credentials()

    @transaction.atomic
    def _load(self):
        call_command("loaddata", str(FIXTURE), verbosity=0)
        call_command("loaddata", str(MODERATION_FIXTURE), verbosity=0)
        call_command("rerender_posts", verbosity=0, stdout=self.stdout)
        services.counters_rebuild()
        admin_password = secrets.token_urlsafe(12)
        self._prepare_members(User.objects.all(), admin_password=admin_password)
        # Staff who are not admins are the demo's moderators.
        moderators = Group.objects.get(name="Moderators")
        for user in User.objects.filter(is_staff=True, is_superuser=False):
            user.groups.add(moderators)
        # Staff reach the moderation tools with two-factor sign-in only: the demo's have
        # an authenticator already (`manage.py demo_code` shows its current code).
        for user in User.objects.filter(is_staff=True):
            TOTP.activate(user, generate_totp_secret())
        admin = User.objects.filter(is_superuser=True).first()
        CREDENTIALS.write_text(f"{admin.email} {admin_password}\n")
        CREDENTIALS.chmod(0o600)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))

    @transaction.atomic
    def _load_french(self):
        known = set(User.objects.values_list("pk", flat=True))
        call_command("loaddata", str(FRENCH_FIXTURE), verbosity=0)
        call_command("rerender_posts", verbosity=0, stdout=self.stdout)
        services.counters_rebuild()
        # Only the members the fixture added (Dr. Seignez answers there too).
        self._prepare_members(User.objects.exclude(pk__in=known), admin_password=None)
        self.stdout.write(self.style.SUCCESS("French demo community loaded."))

    def _prepare_members(self, users, *, admin_password):
        for user in users:
            user.set_password(admin_password if user.is_superuser else MEMBER_PASSWORD)
            # Saving the name stores what is derived from it (fixtures skip save()).
            user.save(update_fields=["password", "display_name"])
            EmailAddress.objects.update_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )
            account_services.consent_record(
                user=user, kinds=list(account_services.current_versions())
            )
            if user.bio:
                user.bio_html = markup.render(user.bio).html
                user.save(update_fields=["bio_html"])
            # Members follow the communities they post in.
            community_ids = set(
                Post.objects.filter(author=user).values_list("thread__community_id", flat=True)
            )
            CommunityFollow.objects.bulk_create(
                [CommunityFollow(user=user, community_id=pk) for pk in community_ids]
            )

    def _print_credentials(self):
        lines = ["", "Demo accounts (local development only):"]
        if CREDENTIALS.exists():
            email, password = CREDENTIALS.read_text().split()
            admin = f"{settings.SITE_URL.rstrip('/')}/admin/"
            lines.append(f"  admin:        {email} / {password}   ({admin})")
        lines.append(f"  every member: <email> / {MEMBER_PASSWORD}")
        lines.append("  e.g. karmin@example.org (patient), seignez@example.org (clinician),")
        lines.append("       moderator@example.org (moderator),")
        lines.append("       camille.b@example.org (reads the forum in French)")
        lines.append("  staff also give a two-factor code; the current one for the demo:")
        lines.append("       make demo-code EMAIL=moderator@example.org")
        self.stdout.write("\n".join(lines) + "\n")
