from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import names
from accounts.models import User
from forum.forms import BodyField, TitleField, _Form  # the template owns <form>


class MessageForm(_Form):
    body = BodyField(
        label=gettext_lazy("Your message"),
        error_messages={"required": gettext_lazy("Please write something before sending.")},
    )


class ConversationForm(_Form):
    to = forms.CharField(
        label=gettext_lazy("To"),
        max_length=1000,
        help_text=gettext_lazy("Members' names as they show on the forum, separated by commas."),
    )
    subject = TitleField(
        label=gettext_lazy("Subject"),
        help_text=gettext_lazy("A few words the others will see in their messages."),
        error_messages={
            "required": gettext_lazy("Please give your conversation a subject."),
            "min_length": gettext_lazy(
                "Your subject has %(show_value)d characters; use at least %(limit_value)d."
            ),
            "max_length": gettext_lazy(
                "Your subject has %(show_value)d characters; the limit is %(limit_value)d."
            ),
        },
    )
    body = BodyField(
        label=gettext_lazy("Your message"),
        error_messages={"required": gettext_lazy("Please write something before sending.")},
    )

    def __init__(self, *args, sender: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.sender = sender
        self.order_fields(["to", "subject", "body"])

    def clean_to(self) -> list[User]:
        wanted = [name.strip() for name in self.cleaned_data["to"].split(",") if name.strip()]
        if not wanted:
            raise forms.ValidationError(_("Choose at least one member to write to."))
        limit = settings.CONVERSATIONS_MAX_MEMBERS - 1
        if len(wanted) > limit:
            raise forms.ValidationError(
                _("You can write to at most %(limit)d members at once.") % {"limit": limit}
            )
        keys = {names.uniqueness_key(name): name for name in wanted}
        found = {
            member.display_name_key: member
            for member in User.objects.filter(display_name_key__in=list(keys), is_active=True)
        }
        missing = [name for key, name in keys.items() if key not in found]
        if missing:
            raise forms.ValidationError(
                _("No member is called %(names)s.") % {"names": ", ".join(missing)}
            )
        members = [member for member in found.values() if member.pk != self.sender.pk]
        if not members:
            raise forms.ValidationError(_("You cannot write only to yourself."))
        return members
