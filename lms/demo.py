"""Demo data: the LIAISE partner cities and regions, and one account per role."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from .models import City, CityLeadAssignment, LearnerProfile, Profession
from .roles import CITY_LEADS, COORDINATORS, LEARNERS, TRAINERS, ensure_roles

# (name, slug, kind, country, region, languages). LIAISE (2014-2016): Augsburg, Brussels,
# Düsseldorf, L'Hospitalet, Liège, Malmö, Montreuil, Reggio Emilia, Sarcelles, Vilvoorde.
# LIAISE 2 (2016-2018) added the other cities and the two regions.
PARTNERS: list[tuple[str, str, str, str, str, list[str]]] = [
    ("Alexandroupoli", "alexandroupoli", "city", "GR", "Eastern Macedonia and Thrace", ["el"]),
    ("Augsburg", "augsburg", "city", "DE", "Bavaria", ["de"]),
    ("Bagneux", "bagneux", "city", "FR", "Île-de-France", ["fr"]),
    ("Bologna", "bologna", "city", "IT", "Emilia-Romagna", ["it"]),
    ("Bordeaux", "bordeaux", "city", "FR", "Nouvelle-Aquitaine", ["fr"]),
    ("Brno", "brno", "city", "CZ", "South Moravia", ["cs"]),
    ("Brussels", "brussels", "city", "BE", "Brussels-Capital", ["fr", "nl"]),
    ("Düsseldorf", "dusseldorf", "city", "DE", "North Rhine-Westphalia", ["de"]),
    ("Essen", "essen", "city", "DE", "North Rhine-Westphalia", ["de"]),
    ("L'Hospitalet de Llobregat", "lhospitalet", "city", "ES", "Catalonia", ["es"]),
    ("Liège", "liege", "city", "BE", "Wallonia", ["fr"]),
    ("Malmö", "malmo", "city", "SE", "Skåne", ["sv"]),
    ("Montreuil", "montreuil", "city", "FR", "Île-de-France", ["fr"]),
    ("Paris", "paris", "city", "FR", "Île-de-France", ["fr"]),
    ("Reggio Emilia", "reggio-emilia", "city", "IT", "Emilia-Romagna", ["it"]),
    ("Rotterdam", "rotterdam", "city", "NL", "South Holland", ["nl"]),
    ("Sarcelles", "sarcelles", "city", "FR", "Île-de-France", ["fr"]),
    ("Setúbal", "setubal", "city", "PT", "Setúbal", ["pt"]),
    ("The Hague", "the-hague", "city", "NL", "South Holland", ["nl"]),
    ("Toulouse", "toulouse", "city", "FR", "Occitanie", ["fr"]),
    ("Vilvoorde", "vilvoorde", "city", "BE", "Flanders", ["nl"]),
    ("State of Bavaria", "bavaria", "region", "DE", "Bavaria", ["de"]),
    ("Catalonia (Generalitat)", "catalonia", "region", "ES", "Catalonia", ["es"]),
]


@dataclass(frozen=True)
class DemoAccount:
    email: str
    role: str
    full_name: str
    city_slug: str | None = None
    superuser: bool = False


DEMO_ACCOUNTS = [
    DemoAccount("learner@liaise.example", LEARNERS, "Ana Demo", "liege"),
    DemoAccount("trainer@liaise.example", TRAINERS, "Tomas Trainer"),
    DemoAccount("citylead@liaise.example", CITY_LEADS, "Chloé Lead", "liege"),
    DemoAccount("coordinator@liaise.example", COORDINATORS, "Nikos Coordinator"),
    DemoAccount("admin@liaise.example", COORDINATORS, "Site Administrator", superuser=True),
]
DEMO_PASSWORD = "liaise-demo-2026"


def load_cities() -> int:
    for name, slug, kind, country, region, languages in PARTNERS:
        City.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": kind,
                "country": country,
                "region": region,
                "languages": languages,
            },
        )
    return len(PARTNERS)


@transaction.atomic
def load_demo(with_passwords: bool) -> list[DemoAccount]:
    """Cities and demo accounts; passwords only on a DEBUG (development) site."""
    if with_passwords and not settings.DEBUG:
        raise PermissionError("Demo passwords are only set when DEBUG is on.")
    from allauth.account.models import EmailAddress

    ensure_roles()
    load_cities()
    User = get_user_model()
    for account in DEMO_ACCOUNTS:
        user, _created = User.objects.get_or_create(
            username=account.email.split("@")[0], defaults={"email": account.email}
        )
        user.email = account.email
        user.is_superuser = user.is_staff = account.superuser
        if with_passwords:
            user.set_password(DEMO_PASSWORD)
        else:
            user.set_unusable_password()
        user.save()
        user.groups.set([Group.objects.get(name=account.role)])
        EmailAddress.objects.update_or_create(
            user=user, email=account.email, defaults={"verified": True, "primary": True}
        )
        if account.role == LEARNERS:
            LearnerProfile.objects.update_or_create(
                user=user,
                defaults={
                    "full_name": account.full_name,
                    "city": City.objects.get(slug=account.city_slug),
                    "profession": Profession.SOCIAL_WORKER,
                },
            )
        if account.role == CITY_LEADS:
            CityLeadAssignment.objects.get_or_create(
                user=user, city=City.objects.get(slug=account.city_slug)
            )
    return DEMO_ACCOUNTS
