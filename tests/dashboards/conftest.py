import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from tests import factories

from .factories import certificate, programme, progress, with_totp


@pytest.fixture(autouse=True)
def empty_cache():
    """The module list is cached (modules.py); each test starts from its own pages."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def modules(db):
    return programme()


@pytest.fixture
def city_a(db):
    return factories.CityFactory(name="Antwerp", slug="antwerp", country="BE")


@pytest.fixture
def city_b(db):
    return factories.CityFactory(name="Bologna", slug="bologna", country="IT")


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
def superuser(db):
    user = get_user_model().objects.create_superuser("root", "root@example.org", "pw-root-123")
    return with_totp(user)


@pytest.fixture
def learner_a(city_a):
    return factories.LearnerFactory(username="learner-a", profile__city=city_a)


@pytest.fixture
def learner_b(city_b):
    return factories.LearnerFactory(username="learner-b", profile__city=city_b)


@pytest.fixture
def small_site(modules, city_a, city_b, learner_a, learner_b):
    other = factories.LearnerFactory(username="learner-a2", profile__city=city_a)
    for module in modules:
        progress(learner_a, module, "completed", score=80, completed_days_ago=10)
    progress(other, modules[0], "completed", score=70, completed_days_ago=40)
    progress(other, modules[1], "in_progress", score=50, last_activity_at=None)
    progress(learner_b, modules[0], "completed", score=100, completed_days_ago=1)
    certificate(learner_a, modules[0])
    certificate(learner_a, kind="programme")
    certificate(other, modules[0], revoked=True)
    return modules
