"""Training sessions delivered in person (or live online): dated parts, bookings, attendance.

A session covers one or more modules; it points at the modules' source-language pages and every
lookup goes through their `translation_key` (DESIGN.md decision 2), so a French module page
lists the same sessions as the English one. Times are stored as aware datetimes computed from
the date and clock times a trainer types in the venue's time zone, and shown in that zone.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from lms.models import LANGUAGE_CODES

# Check-in codes are read aloud or copied from a screen: no 0/O, 1/I/L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6


def new_checkin_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def validate_time_zone(value: str) -> None:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError(
            _("“%(value)s” is not a time zone name such as Europe/Brussels."),
            params={"value": value},
        ) from error


def validate_language_list(value: object) -> None:
    if not isinstance(value, list):
        raise ValidationError(_("Give a list of language codes."))
    unknown = [code for code in value if code not in LANGUAGE_CODES]
    if unknown:
        raise ValidationError(
            _("Unknown language codes: %(codes)s"), params={"codes": ", ".join(map(str, unknown))}
        )


class SessionQuerySet(models.QuerySet):
    def published(self) -> SessionQuerySet:
        return self.filter(status=Session.Status.PUBLISHED)

    def upcoming(self, now: datetime | None = None) -> SessionQuerySet:
        """Sessions whose last part has not ended yet."""
        return self.filter(ends_at__gte=now or timezone.now())

    def for_module(self, module_key) -> SessionQuerySet:
        return self.filter(modules__translation_key=module_key).distinct()

    def in_language(self, code: str) -> SessionQuerySet:
        # A JSON list is compared as text so the filter works on PostgreSQL and SQLite alike.
        return self.filter(Q(language=code) | Q(interpretation__icontains=f'"{code}"'))

    def with_counts(self) -> SessionQuerySet:
        return self.annotate(
            booked_count=Count("bookings", filter=Q(bookings__status=Booking.Status.BOOKED)),
            waitlist_count=Count("bookings", filter=Q(bookings__status=Booking.Status.WAITLISTED)),
        )

    def managed_by(self, user) -> SessionQuerySet:
        """Sessions a staff member may edit and whose register they may keep."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser or user.has_perm("training_sessions.manage_all_sessions"):
            return self.all()
        return self.filter(Q(trainers=user) | Q(city__lead_assignments__user=user)).distinct()


class Session(ClusterableModel):
    """A training session: one or more dated parts at one venue (or online), with places."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft (not listed)")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # What ---------------------------------------------------------------------------------
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    modules = ParentalManyToManyField(
        "courses.ModulePage",
        related_name="training_sessions",
        verbose_name=_("modules covered"),
        limit_choices_to={"locale__language_code": settings.LANGUAGE_CODE},
        help_text=_("The modules (English source pages) this session teaches."),
    )
    prerequisite_module = models.ForeignKey(
        "courses.ModulePage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("prerequisite module"),
        limit_choices_to={"locale__language_code": settings.LANGUAGE_CODE},
        help_text=_("Learners must complete this module online before they can book."),
    )
    language = models.CharField(
        _("language of delivery"), max_length=5, choices=settings.LANGUAGES, default="en"
    )
    interpretation = models.JSONField(
        _("interpretation into"),
        default=list,
        blank=True,
        validators=[validate_language_list],
        help_text=_('Language codes with interpretation, e.g. ["nl", "de"].'),
    )
    # Where --------------------------------------------------------------------------------
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    venue_address = models.TextField(_("venue address"), blank=True)
    accessibility_notes = models.TextField(
        _("accessibility notes"),
        blank=True,
        help_text=_("Step-free access, hearing loop, quiet room, nearest accessible transport."),
    )
    online_url = models.URLField(_("online meeting link"), blank=True)
    time_zone = models.CharField(
        _("venue time zone"),
        max_length=64,
        default=settings.TIME_ZONE,
        validators=[validate_time_zone],
        help_text=_("The parts' dates and times are in this time zone, e.g. Europe/Athens."),
    )
    # Who ----------------------------------------------------------------------------------
    city = models.ForeignKey(
        "lms.City",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="training_sessions",
        verbose_name=_("organising city"),
        help_text=_("Empty for a session the network organises."),
    )
    open_to_network = models.BooleanField(
        _("open to the whole network"),
        default=True,
        help_text=_("Otherwise only learners of the cities chosen below can book."),
    )
    eligible_cities = ParentalManyToManyField(
        "lms.City", blank=True, related_name="+", verbose_name=_("open to these cities")
    )
    trainers = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="training_sessions",
        verbose_name=_("trainers"),
        limit_choices_to={"groups__name": "Trainers"},
    )
    capacity = models.PositiveIntegerField(_("places"), default=20)
    booking_deadline = models.DateTimeField(
        _("booking deadline"), null=True, blank=True, help_text=_("Empty: until the first part.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    # Kept in step with the parts on save, so lists filter and sort without a join.
    starts_at = models.DateTimeField(_("starts"), null=True, editable=False, db_index=True)
    ends_at = models.DateTimeField(_("ends"), null=True, editable=False)
    # Bumped when dates or venue change: calendar apps replace the event they hold.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["starts_at", "id"]
        permissions = [
            ("manage_all_sessions", _("Can manage every training session and register")),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if not (self.venue_address.strip() or self.online_url):
            raise ValidationError(_("Give the venue's address or an online meeting link."))

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def is_online(self) -> bool:
        return bool(self.online_url) and not self.venue_address.strip()

    def refresh_dates(self) -> None:
        """Copy the first start and last end of the parts onto the session row."""
        bounds = self.parts.aggregate(first=models.Min("starts_at"), last=models.Max("ends_at"))
        Session.objects.filter(pk=self.pk).update(starts_at=bounds["first"], ends_at=bounds["last"])
        self.starts_at, self.ends_at = bounds["first"], bounds["last"]

    def effective_deadline(self) -> datetime | None:
        return self.booking_deadline or self.starts_at

    def hours(self) -> float:
        return sum(part.hours for part in self.parts.all())


class SessionPart(Orderable):
    """One dated part of a session (a day, a morning), typed in the venue's local time."""

    session = ParentalKey(Session, on_delete=models.CASCADE, related_name="parts")
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"))
    end_time = models.TimeField(_("end time"))
    # Computed on save from date, times and the session's venue time zone.
    starts_at = models.DateTimeField(_("starts"), editable=False)
    ends_at = models.DateTimeField(_("ends"), editable=False)
    time_zone = models.CharField(_("time zone"), max_length=64, editable=False)
    checkin_code = models.CharField(
        _("check-in code"), max_length=CODE_LENGTH, default=new_checkin_code, editable=False
    )

    class Meta(Orderable.Meta):
        verbose_name = _("session part")
        verbose_name_plural = _("session parts")

    def __str__(self) -> str:
        return f"{self.session} · {self.date}"

    def clean(self) -> None:
        super().clean()
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("The part must end after it starts.")})

    def save(self, *args, **kwargs) -> None:
        self.time_zone = self.session.time_zone
        zone = ZoneInfo(self.time_zone)
        self.starts_at = datetime.combine(self.date, self.start_time, tzinfo=zone)
        self.ends_at = datetime.combine(self.date, self.end_time, tzinfo=zone)
        super().save(*args, **kwargs)

    @property
    def local_start(self) -> datetime:
        return timezone.localtime(self.starts_at, ZoneInfo(self.time_zone))

    @property
    def local_end(self) -> datetime:
        return timezone.localtime(self.ends_at, ZoneInfo(self.time_zone))

    @property
    def hours(self) -> float:
        return (self.ends_at - self.starts_at).total_seconds() / 3600

    def is_open_for_checkin(self, now: datetime | None = None) -> bool:
        """Self check-in runs from 30 minutes before the start to the end of the part."""
        from datetime import timedelta

        now = now or timezone.now()
        return self.starts_at - timedelta(minutes=30) <= now <= self.ends_at


def present_at_session() -> models.Exists:
    """For a booking (or any row with `user` and `session`): whether its learner was present at
    any part of the session. The one definition of "attended" for figures and reports."""
    return models.Exists(
        Attendance.objects.filter(
            user=models.OuterRef("user"),
            part__session=models.OuterRef("session"),
            status=Attendance.Status.PRESENT,
        )
    )


class BookingQuerySet(models.QuerySet):
    def active(self) -> BookingQuerySet:
        return self.exclude(status=Booking.Status.CANCELLED)

    def visible_to(self, user) -> BookingQuerySet:
        """A learner's own; a lead's cities' learners'; a trainer's sessions'; all for managers."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser or user.has_perm("training_sessions.manage_all_sessions"):
            return self.all()
        return self.filter(
            Q(user=user)
            | Q(user__learner_profile__city__lead_assignments__user=user)
            | Q(session__trainers=user)
        ).distinct()


class Booking(models.Model):
    """A learner's place (or place in line) at a session; one row per learner and session."""

    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="bookings")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_bookings"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    position = models.PositiveIntegerField(
        _("place in line"), null=True, blank=True, help_text=_("Only on the waiting list.")
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("booked by"),
        help_text=_("Empty when the learner booked themselves."),
    )
    created_at = models.DateTimeField(_("booked at"), default=timezone.now)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="unique_session_booking")
        ]
        indexes = [models.Index(fields=["session", "status", "position"])]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.session_id} · {self.status}"


class Attendance(models.Model):
    """Whether a learner was at one part: from the trainer's register or their own check-in."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")
        EXCUSED = "excused", _("Excused")

    class Method(models.TextChoices):
        REGISTER = "register", _("Trainer's register")
        SELF = "self", _("Self check-in")

    part = models.ForeignKey(SessionPart, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_attendances"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["part", "user"], name="unique_part_attendance")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.part_id} · {self.status}"


class ModuleSessionRequirement(models.Model):
    """A module that learners complete only once they attended a session covering it."""

    # The English source page; lookups go through its translation_key, like everything else.
    module = models.OneToOneField(
        "courses.ModulePage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("module"),
        limit_choices_to={"locale__language_code": settings.LANGUAGE_CODE},
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("module requiring a session")
        verbose_name_plural = _("modules requiring a session")

    def __str__(self) -> str:
        return str(self.module)
