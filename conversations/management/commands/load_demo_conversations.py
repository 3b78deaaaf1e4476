from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import User
from conversations import services
from conversations.models import Conversation

# (author's email, text): written in turn, through the services, as members would.
TELLING_WORK = [
    (
        "karmin@example.org",
        "I saw your post about going back to work. Did you tell your manager about your "
        "diagnosis, or only HR? I have a meeting next week and I keep going back and forth.",
    ),
    (
        "maplerunner@example.org",
        "Only HR at first, and I asked them to keep it to themselves. I told my manager "
        "months later, when I needed a flexible start on treatment days. No pressure to "
        "decide before the meeting: you can always say more later, never less.",
    ),
    (
        "karmin@example.org",
        "That helps, thank you. I will start with HR and ask about flexible hours.",
    ),
]


class Command(BaseCommand):
    help = "Add a demo private conversation (once), after load_demo."

    @transaction.atomic
    def handle(self, *args, **options):
        if Conversation.objects.exists():
            self.stdout.write("A conversation exists already; leaving it as it is.")
            return
        members = {user.email: user for user in User.objects.filter(email__in=dict(TELLING_WORK))}
        if len(members) < 2:
            self.stdout.write("The demo members are not here: run load_demo first.")
            return
        (first, text), *rest = TELLING_WORK
        conversation = services.conversation_start(
            author=members[first],
            recipients=[members["maplerunner@example.org"]],
            subject="Telling my employer",
            body=text,
        )
        for email, text in rest:
            services.message_send(author=members[email], conversation=conversation, body=text)
        self.stdout.write(self.style.SUCCESS("Demo conversation loaded."))
