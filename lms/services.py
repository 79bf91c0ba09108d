"""A learner's rights over their own data: see all of it, take it away, or erase it.

The platform keeps little (see the README's introduction); these functions make that promise
checkable: the export is everything stored about the account, and deletion removes it all.

Accounts sit at the bottom of the layers (docs/architecture.md), below the apps that store a
learner's progress, attempts and certificates, so they cannot list those apps' data themselves:
each app registers its sections of the export in its AppConfig.ready (`register_personal_data`).
Erasure deletes the account; every app's rows go with it (their foreign keys cascade), and their
files with them (each app's post_delete receivers, e.g. the certificates' PDFs). What does not
cascade (an invitation, a log entry's label, a figure a dashboard counts) is each app's to erase
or anonymise on `account_erasing`, sent in the same transaction just before the account goes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.models import ModelLogEntry, PageLogEntry

from .models import City, LearnerProfile
from .signals import account_erasing, learner_city_changed

User = get_user_model()

# Section name -> a function returning that section of a user's data, JSON-ready.
PersonalDataSection = Callable[[Any], Any]
_sections: dict[str, PersonalDataSection] = {}
# Section name -> its heading on the readable summary page (a lazy translation).
_titles: dict[str, Any] = {}


def register_personal_data(name: str, section: PersonalDataSection, title: Any = None) -> None:
    """Add an app's data about a user to the export, under `name` (called from AppConfig.ready).

    `title` heads the section on the readable summary page; the name is shown without one.
    """
    _sections[name] = section
    if title is not None:
        _titles[name] = title


@dataclass
class SummaryNode:
    """A value of the export as the summary page shows it: text, a list, or labelled fields."""

    kind: str  # "text", "list" or "fields"
    text: str = ""
    items: list[SummaryNode] = field(default_factory=list)
    fields: list[tuple[str, SummaryNode]] = field(default_factory=list)


@dataclass
class SummarySection:
    """One heading of the readable summary page and the data under it."""

    name: str
    title: str
    content: SummaryNode


def _field_labels() -> dict[str, str]:
    """Readable names of the keys the sections use; any other key is shown with spaces."""
    return {
        "id": _("Reference"),
        "email": _("Email"),
        "email_addresses": _("Email addresses"),
        "verified": _("Verified"),
        "primary": _("Primary"),
        "date_joined": _("Joined on"),
        "last_login": _("Last signed in"),
        "full_name": _("Full name"),
        "city": _("City"),
        "city_name": _("City"),
        "profession": _("Profession"),
        "preferred_language": _("Preferred language"),
        "language": _("Language"),
        "created_at": _("Created on"),
        "module": _("Module"),
        "lesson": _("Lesson"),
        "quiz": _("Quiz"),
        "status": _("Status"),
        "enrolled_at": _("Enrolled on"),
        "started_at": _("Started on"),
        "submitted_at": _("Handed in on"),
        "completed_at": _("Completed on"),
        "completed_on": _("Completed on"),
        "first_viewed_at": _("First opened"),
        "last_viewed_at": _("Last opened"),
        "last_activity_at": _("Last activity"),
        "seconds_spent": _("Seconds spent"),
        "lessons_done": _("Required lessons done"),
        "lessons_total": _("Required lessons"),
        "best_score": _("Best quiz score (%)"),
        "quiz_passed": _("Quiz passed"),
        "number": _("Number"),
        "score": _("Score"),
        "max_score": _("Maximum score"),
        "percent": _("Score (%)"),
        "passed": _("Passed"),
        "answers": _("Answers"),
        "question": _("Question"),
        "question_type": _("Question type"),
        "chosen": _("Your choice"),
        "text": _("Your answer"),
        "points": _("Points"),
        "max_points": _("Maximum points"),
        "feedback": _("Trainer's feedback"),
        "code": _("Code"),
        "kind": _("Kind"),
        "title": _("Title"),
        "learner_name": _("Name on the certificate"),
        "hours": _("Hours of learning"),
        "issued_at": _("Issued on"),
        "revoked_at": _("Revoked on"),
        "revoked_reason": _("Reason for revocation"),
        "verification_url": _("Verification page"),
        "invited_at": _("Invited on"),
        "sent_at": _("Sent on"),
        "accepted_at": _("Accepted on"),
        "answered": _("Answered"),
        "phase": _("Phase"),
    }


# Keys that only a machine needs: in the JSON file, not on the readable page.
_MACHINE_KEYS = {"module_key", "lesson_key", "quiz_key", "object_key", "question_id", "selected"}


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?)?$")


def _readable_text(value: str) -> str:
    """Dates and times of the export (ISO strings) in the reader's format and time zone."""
    if not _ISO_DATE.match(value):
        return value
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    if len(value) == 10:
        return date_format(moment.date(), "DATE_FORMAT")
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return date_format(moment, "DATETIME_FORMAT")


def _node(value: Any, labels: dict[str, str], depth: int = 0) -> SummaryNode:
    if isinstance(value, dict):
        return SummaryNode(
            kind="fields",
            fields=[
                (labels.get(key, key.replace("_", " ")), _node(item, labels, depth + 1))
                for key, item in value.items()
                if key not in _MACHINE_KEYS
            ],
        )
    if isinstance(value, list | tuple):
        if not value and depth:
            return SummaryNode(kind="text")  # an empty field reads as a dash, not a section
        return SummaryNode(kind="list", items=[_node(item, labels, depth + 1) for item in value])
    if value is True:
        return SummaryNode(kind="text", text=_("Yes"))
    if value is False:
        return SummaryNode(kind="text", text=_("No"))
    return SummaryNode(kind="text", text="" if value is None else _readable_text(str(value)))


def personal_data_summary(data: dict[str, Any]) -> list[SummarySection]:
    """The export (`personal_data`) as headed sections of labelled fields, for people to read."""
    titles = {"account": _("Account"), "profile": _("Profile"), **_titles}
    labels = _field_labels()
    return [
        SummarySection(
            name=name,
            title=str(titles.get(name, name.replace("_", " "))),
            content=_node(value, labels),
        )
        for name, value in data.items()
        if name != "exported_at"
    ]


def json_ready(row: dict[str, Any]) -> dict[str, Any]:
    """A values() row with its dates and times as ISO strings."""
    return {
        key: (value.isoformat() if hasattr(value, "isoformat") else value)
        for key, value in row.items()
    }


def personal_data(user) -> dict[str, Any]:
    """Everything the platform stores about `user`, as JSON-ready data (GDPR art. 15 and 20)."""
    profile = LearnerProfile.objects.filter(user=user).select_related("city").first()
    return {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "id": user.pk,
            "email": user.email,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "email_addresses": list(
                EmailAddress.objects.filter(user=user).values("email", "verified", "primary")
            ),
        },
        "profile": (
            {
                "full_name": profile.full_name,
                "city": profile.city.name,
                "profession": profile.get_profession_display(),
                "preferred_language": profile.preferred_language,
                "created_at": profile.created_at.isoformat(),
            }
            if profile
            else None
        ),
        **{name: section(user) for name, section in _sections.items()},
    }


@transaction.atomic
def change_city(profile: LearnerProfile, city: City) -> None:
    """Move a learner to another city: their progress now counts for (and is seen by) that city.

    Certificates keep the city they were issued in; learning records keep the city of the time.
    The learning journey moves its progress rows on `learner_city_changed`, in this transaction.
    """
    profile.city = city
    profile.save(update_fields=["city"])
    learner_city_changed.send(sender=LearnerProfile, profile=profile, city=city)


@transaction.atomic
def delete_account(user) -> None:
    """Erase the account and everything attached to it (progress, attempts, certificates).

    Each app first erases or anonymises what does not cascade (`account_erasing`): the figures
    dashboards count stay, detached from the person; certificates leave a tombstone so that
    their verification page says the holder's data was erased at their request. Files go with
    their rows (the certificates' post_delete receiver deletes each PDF once the erasure commits).
    """
    account_erasing.send(sender=User, user=user)
    profile_ids = list(LearnerProfile.objects.filter(user=user).values_list("pk", flat=True))
    anonymise_log_entries(LearnerProfile, profile_ids, label="")
    anonymise_log_entries(User, [user.pk], label="")
    # Their own actions stay in the history, by nobody in particular.
    for entries in (ModelLogEntry.objects, PageLogEntry.objects):
        entries.filter(user_id=user.pk).update(user=None)
    User.objects.filter(pk=user.pk).delete()


def anonymise_log_entries(model: type[models.Model], ids: list[Any], *, label: str) -> int:
    """Wagtail's history of these rows keeps what was done and when, not who it was about.

    A log entry copies its object's `str()` into `label` and the action's details into `data`
    (e.g. a revocation's reason): both can name an erased learner, and neither cascades.
    Returns the number of entries rewritten.
    """
    if not ids:
        return 0
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    return ModelLogEntry.objects.filter(
        content_type=content_type, object_id__in=[str(pk) for pk in ids]
    ).update(label=label, data={})
