import re
import unicodedata

from crispy_forms.helper import FormHelper
from crispy_forms.utils import render_crispy_form
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts import names
from accounts.forms import clean_display_name_for
from forum import markup
from forum.models import CONTENT_WARNING_MAX_LENGTH, Community

BODY_HELP = _(
    "Markdown works: **bold**, *italics*, lists, > quotes, links. "
    "Mention a member with @ and their display name."
)


class BodyField(forms.CharField):
    """A post's text: required, not only spaces, within the length and rendering limits."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 8}))
        kwargs.setdefault("help_text", BODY_HELP)
        kwargs.setdefault(
            "error_messages", {"required": _("Please write something before posting.")}
        )
        super().__init__(strip=True, **kwargs)

    def validate(self, value):
        super().validate(value)
        markup.validate(value)


# In a title (NUL has Django's own message): control characters (tabs, line breaks,
# escapes) and bidi embeddings,
# overrides and isolates, which can make a title read backwards or hide a part of it.
_TITLE_FORBIDDEN = re.compile(r"[\x01-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Characters that show nothing: spaces, format characters (zero-width and the like) and
# the blank fillers that pass for letters (Braille blank, Hangul fillers).
_INVISIBLE = {"\u2800", "\u3164", "\u115f", "\u1160", "\uffa0"}


def _is_visible(char: str) -> bool:
    return not (char.isspace() or unicodedata.category(char) in ("Cf", "Zs") or char in _INVISIBLE)


class TitleField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Title"))
        kwargs.setdefault(
            "help_text",
            _("A clear question or topic, for example “Fatigue after starting a new treatment?”"),
        )
        kwargs.setdefault("error_messages", {"required": _("Please give your discussion a title.")})
        kwargs["error_messages"] = {
            "min_length": _(
                "Your title has %(show_value)d characters; use at least "
                "%(limit_value)d so others know what it is about."
            ),
            "max_length": _(
                "Your title has %(show_value)d characters; the limit is "
                "%(limit_value)d. Please shorten it."
            ),
            **kwargs["error_messages"],
        }
        super().__init__(
            min_length=5, max_length=settings.FORUM_TITLE_MAX_LENGTH, strip=True, **kwargs
        )

    def validate(self, value):
        super().validate(value)
        if _TITLE_FORBIDDEN.search(value):
            raise ValidationError(
                _(
                    "Your title has invisible control characters (such as line breaks or "
                    "text-direction marks). Please type it again as plain text."
                ),
                code="control_characters",
            )
        if sum(map(_is_visible, value)) < self.min_length:
            raise ValidationError(
                _(
                    "Your title needs at least %(limit)d visible characters so others know "
                    "what it is about."
                ),
                params={"limit": self.min_length},
                code="invisible",
            )


_blank_forms: dict[tuple, str] = {}


def rendered(form: forms.Form) -> str:
    """The form's fields as crispy renders them. A blank form renders the same for every
    member, so it is rendered once per process and language (a third of a discussion
    page's time otherwise); a form with data, errors or text of its own is rendered each
    time."""
    if form.is_bound or form.initial:  # data, or a member's own text (a quote)
        return render_crispy_form(form)
    key = (
        type(form),
        tuple(form.fields),
        translation.get_language(),
    )
    if key not in _blank_forms:
        _blank_forms[key] = render_crispy_form(form)
    return _blank_forms[key]


class _Form(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class ContentWarningField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(
            label=_("Content warning (optional)"),
            required=False,
            max_length=CONTENT_WARNING_MAX_LENGTH,
            strip=True,
            help_text=_(
                "A few words such as “pregnancy loss” or “graphic symptoms”: your post is "
                "shown folded behind them, and readers open it if they choose to."
            ),
            **kwargs,
        )


EVERYONE, MEMBERS = "everyone", "members"


class ThreadForm(_Form):
    title = TitleField()
    body = BodyField(label=_("Your message"))
    content_warning = ContentWarningField()
    wants_expert = forms.BooleanField(
        label=_("Ask for an expert's answer"),
        required=False,
        help_text=_(
            "Verified clinicians see questions waiting for an expert. They give general "
            "information, not a personal consultation."
        ),
    )

    def __init__(
        self, *args, in_public_community: bool = True, experts_answer: bool = False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        if experts_answer:
            del self.fields["wants_expert"]  # every discussion there waits for an expert
        # In a public community the author chooses who reads it, next to the title.
        if in_public_community:
            self.fields["audience"] = forms.ChoiceField(
                label=_("Who can read it"),
                choices=[
                    (EVERYONE, _("Everyone, including visitors and search engines")),
                    (MEMBERS, _("Members only: signed-in members of the forum")),
                ],
                initial=EVERYONE,
                required=False,  # not sent: everyone, as before the choice existed
                widget=forms.RadioSelect,
                help_text=_(
                    "Members only keeps it out of search engines, feeds and visitors' "
                    "pages. You can make it members only later, but not public again once "
                    "others have replied."
                ),
            )
            self.order_fields(["title", "audience"])

    def members_only(self) -> bool:
        return self.cleaned_data.get("audience") == MEMBERS


class ReplyForm(_Form):
    body = BodyField(label=_("Your reply"))
    content_warning = ContentWarningField()

    def __init__(self, *args, can_post_expert_answer: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # The option exists only for verified clinicians; for anyone else a forged
        # "expert" field is simply not part of the form.
        if can_post_expert_answer:
            self.fields["expert"] = forms.BooleanField(
                label=_("Post as an expert answer"),
                required=False,
                help_text=_(
                    "Shown with your profession and specialty, highlighted, and with a "
                    "short note that it is general information, not a consultation."
                ),
            )


class PostEditForm(_Form):
    body = BodyField(label=_("Text"))
    content_warning = ContentWarningField()
    # The version the editor started from: a save over someone else's change is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, with_title: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if with_title:
            self.fields["title"] = TitleField()
            self.order_fields(["title", "body"])


class ProfileSettingsForm(_Form):
    """What a member shows of themselves. Role and clinician status are not here: only the
    verification service changes them."""

    display_name = forms.CharField(label=_("Display name"), max_length=40, help_text=names.RULE)
    bio = forms.CharField(
        label=_("About you"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Optional, shown on your profile. Markdown works. Share only what you are "
            "comfortable with: members can read it, and visitors too if you allow it below."
        ),
    )
    communities = forms.ModelMultipleChoiceField(
        label=_("Communities you follow"),
        queryset=Community.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Your conditions or interests. Only you see this list, unless you "
            "choose to show it below."
        ),
    )
    shows_communities = forms.BooleanField(
        label=_("Show the communities I follow on my profile"),
        required=False,
        help_text=_("They can tell others which conditions you live with."),
    )
    profile_is_public = forms.BooleanField(
        label=_("Visitors who are not signed in can see my profile"),
        required=False,
        help_text=_(
            "Off: only signed-in members can open it. Your posts are always shown "
            "with your display name."
        ),
    )
    unfolds_content_warnings = forms.BooleanField(
        label=_("Show posts behind content warnings unfolded"),
        required=False,
        help_text=_("Off: such posts are folded behind their warning until you open them."),
    )
    # Not required: a form sent without it keeps the member's language.
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=settings.LANGUAGES,
        help_text=_("The language of the forum's pages and of the emails we send you."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["communities"].queryset = Community.objects.visible_to(user)

    def clean_display_name(self):
        return clean_display_name_for(self.cleaned_data["display_name"], user=self.user)

    def clean_bio(self):
        bio = self.cleaned_data["bio"]
        markup.validate(bio)
        return bio
