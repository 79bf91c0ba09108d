"""Factories shared by every test package: people, cities and the course tree."""

from __future__ import annotations

import factory
import wagtail_factories
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Page

from courses.models import CataloguePage, LessonPage, ModulePage
from lms.models import City, CityLeadAssignment, LearnerProfile, Profession
from lms.roles import CITY_LEADS, COORDINATORS, LEARNERS, TRAINERS


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = City
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Testville {n}")
    slug = factory.Sequence(lambda n: f"testville-{n}")
    country = "BE"
    region = "Test region"
    languages = factory.LazyFunction(lambda: ["fr", "nl"])


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """A primary, verified email address, as allauth needs for login."""
        if create and extracted is not False:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )


def with_role(name: str) -> factory.PostGeneration:
    """Put the created user in one of the role groups (created by the migrations)."""

    def add_group(user, create, extracted, **kwargs):
        if create:
            user.groups.add(Group.objects.get(name=name))

    return factory.PostGeneration(add_group)


class LearnerFactory(UserFactory):
    role = with_role(LEARNERS)

    profile = factory.RelatedFactory(
        "tests.factories.LearnerProfileFactory", factory_related_name="user"
    )


class LearnerProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LearnerProfile

    user = factory.SubFactory(UserFactory)
    full_name = factory.Sequence(lambda n: f"Learner Number {n}")
    city = factory.SubFactory(CityFactory)
    profession = Profession.SOCIAL_WORKER
    preferred_language = "en"


class TrainerFactory(UserFactory):
    role = with_role(TRAINERS)


class CityLeadFactory(UserFactory):
    role = with_role(CITY_LEADS)

    @factory.post_generation
    def cities(self, create, extracted, **kwargs):
        if create:
            for city in extracted or []:
                CityLeadAssignment.objects.get_or_create(user=self, city=city)


class CoordinatorFactory(UserFactory):
    role = with_role(COORDINATORS)


def catalogue() -> CataloguePage:
    """The catalogue the migrations put at the site root.

    A transactional test that ran earlier in the same process may have flushed what the data
    migrations created (locales, page tree root, site); rebuild it then.
    """
    existing = CataloguePage.objects.filter(locale__language_code="en", depth=2).first()
    if existing is not None:
        return existing
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Locale, Site

    from lms.roles import ensure_roles

    ContentType.objects.clear_cache()  # ids cached before the flush are gone
    ensure_roles()
    for code, _name in settings.LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
    root = Page.get_first_root_node() or Page.add_root(
        title="Root", slug="root", locale=Locale.objects.get(language_code="en")
    )
    home = root.add_child(instance=CataloguePage(title="LIAISE Academy", slug="home"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    return home


class ModulePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ModulePage

    title = factory.Sequence(lambda n: f"Module {n}")
    number = factory.Sequence(lambda n: (n % 90) + 1)
    summary = "What this module is about."
    audience = "Front-line workers."
    estimated_minutes = 120
    learning_objectives = factory.LazyFunction(lambda: [("objective", "Explain the basics.")])
    parent = factory.LazyFunction(lambda: Page.objects.get(id=catalogue().id))


class LessonPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = LessonPage

    title = factory.Sequence(lambda n: f"Lesson {n}")
    summary = "What this lesson covers."
    estimated_minutes = 20
    required = True
    body = factory.LazyFunction(
        lambda: [
            ("heading", "A heading"),
            ("paragraph", "<p>Some text.</p>"),
            ("key_points", {"title": "Key points", "points": ["One", "Two"]}),
            ("reflection", {"prompt": "Think about your practice."}),
            ("checklist", {"title": "On Monday", "items": ["Do this"]}),
        ]
    )
