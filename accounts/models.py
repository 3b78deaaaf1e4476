from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import names
from config.links import link


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A member. Pages show the display name only; the email is for signing in and mail."""

    class Role(models.TextChoices):
        PATIENT = "patient", _("Patient")
        CAREGIVER = "caregiver", _("Caregiver")
        CLINICIAN = "clinician", _("Verified clinician")

    class Profession(models.TextChoices):
        PHYSICIAN = "physician", _("Physician")
        NURSE = "nurse", _("Nurse")
        PHARMACIST = "pharmacist", _("Pharmacist")
        PHYSIOTHERAPIST = "physiotherapist", _("Physiotherapist")
        PSYCHOLOGIST = "psychologist", _("Psychologist")
        OTHER = "other", _("Other health professional")

    class Theme(models.TextChoices):
        # "auto" follows the device's light or dark setting, in CSS alone.
        AUTO = "auto", _("Like my device (light or dark)")
        LIGHT = "light", _("Light")
        DARK = "dark", _("Dark")

    class TextSize(models.IntegerChoices):
        NORMAL = 1, _("Normal")
        LARGE = 2, _("Large")
        LARGEST = 3, _("Largest")

    email = models.EmailField(_("email address"), max_length=254, unique=True)
    display_name = models.CharField(max_length=names.MAX_LENGTH, help_text=names.RULE)
    # NFKC + casefold of the display name: "Karm!nR", "KARM!NR" and "ｋａｒｍ!ｎＲ" are one name.
    display_name_key = models.CharField(max_length=120, unique=True, editable=False)
    # What the name looks like (names.skeleton): "Quiet Lіghthouse" with a Cyrillic і, or
    # "Рере" in Cyrillic for "Pepe", cannot pass for another member.
    # NULL, not "", for members made in bulk without one: many NULLs, one of each value.
    display_name_skeleton = models.CharField(  # noqa: DJ001
        max_length=120, unique=True, null=True, editable=False
    )
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.PATIENT)
    bio = models.TextField(blank=True, help_text=_("Markdown, shown on the public profile."))
    # Rendered by forum.markup when the bio is saved (the same pipeline as posts).
    bio_html = models.TextField(blank=True, editable=False)
    # Private by default: a profile says who lives with which condition.
    profile_is_public = models.BooleanField(
        _("profile visible to visitors"),
        default=False,
        help_text=_("When off, only signed-in members can open the profile page."),
    )
    shows_communities = models.BooleanField(
        _("followed communities shown on the profile"),
        default=False,
        help_text=_("When off, only the member sees the communities they follow."),
    )
    # Set only by moderation.services (clinician verification); never by the member.
    clinician_profession = models.CharField(
        max_length=20, choices=Profession.choices, blank=True, editable=False
    )
    clinician_specialty = models.CharField(max_length=100, blank=True, editable=False)
    clinician_verified_at = models.DateTimeField(null=True, blank=True, editable=False)
    clinician_review_due = models.DateField(null=True, blank=True, editable=False)
    # Set by moderation.services only.
    is_trusted = models.BooleanField(
        _("trusted"),
        default=False,
        editable=False,
        help_text=_("Skips the review of a new member's first posts."),
    )
    suspended_at = models.DateTimeField(null=True, blank=True, editable=False)
    suspended_until = models.DateTimeField(
        null=True, blank=True, editable=False, help_text=_("Empty with a suspension: indefinitely.")
    )
    suspension_reason = models.TextField(blank=True, editable=False)
    # A moderator's warning the member has not acknowledged yet (moderation.warnings): a
    # banner on every page until they have read it, with no query to find out.
    warning_pending_at = models.DateTimeField(null=True, blank=True, editable=False)
    # A moderator who is off duty is not alerted at once of self-harm reports (unless no
    # moderator is on duty): set from the moderation home.
    is_off_duty = models.BooleanField(default=False, editable=False)
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Can sign in to the moderation admin."),
    )
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    # The language of the member's pages and emails (one of settings.LANGUAGES); set at
    # sign-up from the language they were reading in, changed in their settings.
    language = models.CharField(
        _("language"),
        max_length=10,
        default="en",
        help_text=_("Pages and emails are in this language."),
    )
    # An IANA name ("America/Toronto"), checked against zoneinfo; "" until the member
    # chooses: their browser's zone on pages, the site's for emails (accounts.zones).
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True, db_default="")
    # In the member's time zone; both or neither (a constraint says so). Immediate
    # emails that fall inside wait until the end.
    quiet_hours_start = models.TimeField(_("quiet hours start"), null=True, blank=True)
    quiet_hours_end = models.TimeField(_("quiet hours end"), null=True, blank=True)
    # A break from notification emails, as suspensions are kept: set only by
    # accounts.services; an empty end with a start means until the member ends it.
    notifications_paused_at = models.DateTimeField(null=True, blank=True, editable=False)
    notifications_paused_until = models.DateTimeField(null=True, blank=True, editable=False)
    # Reading comfort (accounts.comfort applies them to every page). Defaults in the
    # database too, so that the code before this field keeps creating members while a
    # deploy rolls out.
    theme = models.CharField(
        _("theme"), max_length=8, choices=Theme.choices, default="auto", db_default="auto"
    )
    text_size = models.PositiveSmallIntegerField(
        _("text size"), choices=TextSize.choices, default=1, db_default=1
    )
    prefers_high_contrast = models.BooleanField(_("high contrast"), default=False, db_default=False)
    prefers_legible_font = models.BooleanField(
        _("easy-to-read font"), default=False, db_default=False
    )
    prefers_reduced_motion = models.BooleanField(
        _("reduced motion"), default=False, db_default=False
    )
    # Posts behind a content warning are folded for everyone else; this member opens them.
    unfolds_content_warnings = models.BooleanField(
        _("show posts behind content warnings unfolded"), default=False, db_default=False
    )

    class MessagesFrom(models.TextChoices):
        EVERYONE = "everyone", _("Any member")
        MUTUAL = "mutual", _("Only members I follow who also follow me")
        NOBODY = "nobody", _("Nobody")

    # Who may start a private conversation with the member (conversations.permissions);
    # clinicians and moderators included.
    messages_from = models.CharField(
        _("who may send you private messages"),
        max_length=10,
        choices=MessagesFrom.choices,
        default="everyone",
        db_default="everyone",
    )

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]
    # What pages show of a member next to their posts: all that a cached page or list
    # may keep of them (see private_fields).
    PUBLIC_FIELDS = (
        "id",
        "display_name",
        "role",
        "clinician_profession",
        "clinician_specialty",
        "clinician_verified_at",
    )

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
            models.CheckConstraint(
                condition=Q(quiet_hours_start__isnull=True, quiet_hours_end__isnull=True)
                | Q(quiet_hours_start__isnull=False, quiet_hours_end__isnull=False),
                name="accounts_user_quiet_hours_both_or_neither",
            ),
            models.CheckConstraint(
                condition=Q(theme__in=["auto", "light", "dark"]),
                name="accounts_user_theme_known",
            ),
            models.CheckConstraint(
                condition=Q(text_size__gte=1, text_size__lte=3),
                name="accounts_user_text_size_in_range",
            ),
        ]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        # Derived from the name, never set on its own; keeps the unique index honest.
        self.display_name = names.normalize(self.display_name)
        self.display_name_key = names.uniqueness_key(self.display_name)
        self.display_name_skeleton = names.skeleton(self.display_name)
        if kwargs.get("update_fields") and "display_name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "display_name_key",
                "display_name_skeleton",
            }
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return link("forum:profile", pk=self.pk)

    def get_full_name(self):
        # Django and allauth call this for greetings; the pseudonym is the only name we show.
        return self.display_name

    def get_short_name(self):
        return self.display_name

    @property
    def is_clinician(self) -> bool:
        """A clinician whose verification is current: the only members who get the badge."""
        return self.role == self.Role.CLINICIAN and self.clinician_verified_at is not None

    @property
    def clinician_title(self) -> str:
        """ "Physician · Neurology": what the badge says next to an expert answer."""
        parts = [self.get_clinician_profession_display(), self.clinician_specialty]
        return " · ".join(part for part in parts if part)

    @property
    def is_suspended(self) -> bool:
        if self.suspended_at is None:
            return False
        return self.suspended_until is None or self.suspended_until > timezone.now()

    @property
    def is_on_break(self) -> bool:
        """Whether the member paused notification emails (the app still counts them)."""
        return self.is_on_break_at(timezone.now())

    def is_on_break_at(self, moment) -> bool:
        if self.notifications_paused_at is None:
            return False
        until = self.notifications_paused_until
        return until is None or until > moment

    @property
    def is_moderator(self) -> bool:  # the one definition; see is_moderator() below
        # Staff with the forum's moderation permission (the "Moderators" group has it).
        return bool(self.is_active and self.is_staff and self.has_perm("forum.moderate_forum"))


class Consent(models.Model):
    """What a member agreed to, when, and to which version of the text. Append-only: a
    withdrawal is recorded on the row, a new agreement is a new row."""

    class Kind(models.TextChoices):
        TERMS = "terms", _("Terms of use")
        HEALTH_DATA = "health_data", _("Processing of health information")
        MINIMUM_AGE = "minimum_age", _("Minimum age confirmed")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="consents")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    version = models.CharField(max_length=20)
    given_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-given_at"]
        indexes = [models.Index(fields=["user", "kind", "-given_at"], name="consent_user_kind")]

    def __str__(self):
        return f"{self.get_kind_display()} v{self.version}"


class MemberRelation(models.Model):
    """What a member chose about another member. Following lets mutual followers write
    to each other when they allow only them; muting stops notifications of what the
    other does; blocking also stops their messages and mentions and folds their posts.
    The other member is never told (accounts.relations)."""

    class Kind(models.TextChoices):
        FOLLOW = "follow", _("Following")
        MUTE = "mute", _("Muted")
        BLOCK = "block", _("Blocked")

    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="relations")
    other = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "other", "kind"], name="relation_once"),
            models.CheckConstraint(
                condition=~Q(owner=models.F("other")), name="relation_not_with_oneself"
            ),
        ]
        # "Who blocks or mutes this member?": the fan-out and the mention checks ask it.
        indexes = [models.Index(fields=["other", "kind"], name="relation_by_other")]

    def __str__(self):
        return f"{self.owner_id} {self.kind} {self.other_id}"


def private_fields(prefix: str) -> list[str]:
    """The member's other fields, as `defer()` arguments through the relation `prefix`:
    for reads whose results are cached, so that no email or password hash is kept."""
    return [
        f"{prefix}__{field.name}"
        for field in User._meta.concrete_fields
        if field.name not in User.PUBLIC_FIELDS
    ]


def is_moderator(user) -> bool:
    """Whether whoever asks (a member, a visitor, nobody) moderates: User.is_moderator,
    safe to call on an anonymous user or None."""
    return bool(user is not None and user.is_authenticated and user.is_moderator)
