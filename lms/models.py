"""Cities and people: who learns, where, and who may see a city's figures."""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class Country(models.TextChoices):
    BELGIUM = "BE", _("Belgium")
    CZECHIA = "CZ", _("Czechia")
    GERMANY = "DE", _("Germany")
    GREECE = "GR", _("Greece")
    SPAIN = "ES", _("Spain")
    FRANCE = "FR", _("France")
    UNITED_KINGDOM = "GB", _("United Kingdom")
    ITALY = "IT", _("Italy")
    NETHERLANDS = "NL", _("Netherlands")
    PORTUGAL = "PT", _("Portugal")
    SWEDEN = "SE", _("Sweden")
    DENMARK = "DK", _("Denmark")


class Profession(models.TextChoices):
    SOCIAL_WORKER = "social_worker", _("Social worker")
    TEACHER = "teacher", _("Teacher or school staff")
    YOUTH_WORKER = "youth_worker", _("Youth worker")
    PREVENTION_OFFICER = "prevention_officer", _("Prevention officer")
    PROBATION_OFFICER = "probation_officer", _("Probation or prison staff")
    POLICE = "police", _("Police liaison officer")
    HEALTH = "health", _("Health or mental-health professional")
    MUNICIPAL_OFFICER = "municipal_officer", _("Municipal officer")
    CIVIL_SOCIETY = "civil_society", _("Civil-society or community organisation")
    OTHER = "other", _("Other")


# Where a city is, its leads read times: each country's (mainland) zone, chosen when a city is
# created and kept in `City.time_zone` so a region in another zone can be set by hand.
COUNTRY_TIME_ZONES = {
    Country.BELGIUM: "Europe/Brussels",
    Country.CZECHIA: "Europe/Prague",
    Country.GERMANY: "Europe/Berlin",
    Country.GREECE: "Europe/Athens",
    Country.SPAIN: "Europe/Madrid",
    Country.FRANCE: "Europe/Paris",
    Country.UNITED_KINGDOM: "Europe/London",
    Country.ITALY: "Europe/Rome",
    Country.NETHERLANDS: "Europe/Amsterdam",
    Country.PORTUGAL: "Europe/Lisbon",
    Country.SWEDEN: "Europe/Stockholm",
    Country.DENMARK: "Europe/Copenhagen",
}


def country_time_zone(country: str) -> str:
    """The time zone of `country`'s capital, else the platform's."""
    return COUNTRY_TIME_ZONES.get(country, settings.TIME_ZONE)


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("%(zone)s is not a time zone; use a name such as Europe/Brussels."),
            params={"zone": value},
        )


def validate_language_codes(value: object) -> None:
    if not isinstance(value, list) or not value:
        raise ValidationError(_("Give at least one language."))
    unknown = [code for code in value if code not in LANGUAGE_CODES]
    if unknown:
        raise ValidationError(
            _("Unknown language codes: %(codes)s"), params={"codes": ", ".join(map(str, unknown))}
        )


class CityQuerySet(models.QuerySet):
    def led_by(self, user) -> CityQuerySet:
        """The cities whose individual data this user may see (all for coordinators)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser or user.has_perm("lms.view_network_dashboard"):
            return self.all()
        return self.filter(lead_assignments__user=user)


class City(models.Model):
    """A partner city or region of the network: the unit that owns its learners' data."""

    class Kind(models.TextChoices):
        CITY = "city", _("City")
        REGION = "region", _("Region")

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.CITY)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    region = models.CharField(_("region"), max_length=100, blank=True)
    languages = models.JSONField(
        _("languages"),
        default=list,
        validators=[validate_language_codes],
        help_text=_('Language codes used by the city\'s front-line workers, e.g. ["fr", "nl"].'),
    )
    is_active = models.BooleanField(_("active"), default=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        validators=[validate_time_zone],
        help_text=_(
            "Dates and times in the city's reports and exports are shown in this zone, e.g. "
            "Europe/Brussels. Leave empty for the country's."
        ),
    )

    objects = CityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        permissions = [
            ("view_city_dashboard", _("Can view the dashboards of the cities they lead")),
            ("view_network_dashboard", _("Can compare all cities (aggregates only)")),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.time_zone:
            self.time_zone = country_time_zone(self.country)
        super().save(*args, **kwargs)

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        """The zone the city's leads read times in."""
        return zoneinfo.ZoneInfo(self.time_zone or country_time_zone(self.country))


class LearnerProfile(models.Model):
    """What the platform needs to know about a learner, and nothing more.

    No birth date, gender, address or employer: the city, the profession and the name printed on
    certificates are enough to organise training and report on it.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learner_profile"
    )
    full_name = models.CharField(
        _("full name"), max_length=150, help_text=_("As it should appear on your certificates.")
    )
    city = models.ForeignKey(
        City, on_delete=models.PROTECT, related_name="learners", verbose_name=_("city")
    )
    profession = models.CharField(_("profession"), max_length=30, choices=Profession.choices)
    preferred_language = models.CharField(
        _("preferred language"), max_length=5, choices=settings.LANGUAGES, default="en"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("learner profile")
        verbose_name_plural = _("learner profiles")
        indexes = [models.Index(fields=["city", "profession"])]

    def __str__(self) -> str:
        return self.full_name


class CityLeadAssignment(models.Model):
    """Scopes a city lead to the cities whose individual learner data they may see."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="city_lead_assignments"
    )
    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="lead_assignments")

    class Meta:
        verbose_name = _("city lead assignment")
        verbose_name_plural = _("city lead assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "city"], name="unique_city_lead_assignment")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.city}"
