from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from moderation import actions


class Command(BaseCommand):
    help = (
        "Make a member a moderator (staff in the Moderators group), or with --remove, "
        "stop them being one. The change is written to the moderation log."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="The member's sign-in email address.")
        parser.add_argument(
            "--remove", action="store_true", help="Remove the member from the moderators."
        )

    def handle(self, *args, email, remove=False, **options):
        try:
            member = User.objects.get(email__iexact=email.strip())
        except User.DoesNotExist:
            raise CommandError(f"No member signs in with {email!r}.") from None
        actions.moderator_set(member=member, is_moderator=not remove)
        if remove:
            self.stdout.write(f"{member.display_name} is no longer a moderator.")
        else:
            self.stdout.write(
                f"{member.display_name} is now a moderator: they can sign in to /admin/ "
                "and see moderation controls on discussion pages."
            )
