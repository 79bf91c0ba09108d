import pytest
from wagtail.models import Locale

from network.moderation import ensure_moderation
from tests import factories
from tests.dashboards.factories import with_totp

from .helpers import practice_index


@pytest.fixture(autouse=True)
def moderation(db):
    """Locales, roles, the coordinators' workflow (a transactional test may have flushed them)."""
    factories.catalogue()
    ensure_moderation()


@pytest.fixture
def fr(db):
    return Locale.objects.get(language_code="fr")


@pytest.fixture
def city_a(db):
    return factories.CityFactory(name="Liège", slug="liege", country="BE", languages=["fr"])


@pytest.fixture
def city_b(db):
    return factories.CityFactory(name="Brno", slug="brno", country="CZ", languages=["cs"])


@pytest.fixture
def lead_a(city_a):
    return with_totp(factories.CityLeadFactory(username="lead-a", cities=[city_a]))


@pytest.fixture
def lead_b(city_b):
    return with_totp(factories.CityLeadFactory(username="lead-b", cities=[city_b]))


@pytest.fixture
def coordinator(db):
    return with_totp(factories.CoordinatorFactory(username="coordinator"))


@pytest.fixture
def trainer(db):
    return with_totp(factories.TrainerFactory(username="trainer"))


@pytest.fixture
def learner_a(city_a):
    return factories.LearnerFactory(username="learner-a", profile__city=city_a)


@pytest.fixture
def learner_b(city_b):
    return factories.LearnerFactory(username="learner-b", profile__city=city_b)


@pytest.fixture
def index(db):
    return practice_index()
