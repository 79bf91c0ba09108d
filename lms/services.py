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

from collections.abc import Callable
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from wagtail.models import ModelLogEntry, PageLogEntry

from .models import City, LearnerProfile
from .signals import account_erasing, learner_city_changed

User = get_user_model()

# Section name -> a function returning that section of a user's data, JSON-ready.
PersonalDataSection = Callable[[Any], Any]
_sections: dict[str, PersonalDataSection] = {}


def register_personal_data(name: str, section: PersonalDataSection) -> None:
    """Add an app's data about a user to the export, under `name` (called from AppConfig.ready)."""
    _sections[name] = section


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
                "profession": profile.profession,
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
