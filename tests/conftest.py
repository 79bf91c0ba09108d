import pytest
from django.core.cache import cache

from tests import factories


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache; no test may inherit another's."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def catalogue(db):
    return factories.catalogue()


@pytest.fixture
def city(db):
    return factories.CityFactory(name="Liège", slug="liege", country="BE", languages=["fr"])


@pytest.fixture
def learner(db, city):
    user = factories.LearnerFactory(profile__city=city)
    return user


@pytest.fixture
def learner_client(client, learner):
    client.force_login(learner)
    return client


@pytest.fixture
def module_page(catalogue):
    return factories.ModulePageFactory(parent=catalogue, title="Awareness", number=1)


@pytest.fixture
def lesson_page(module_page):
    return factories.LessonPageFactory(parent=module_page, title="What is radicalisation")
