import pytest
from django.test import Client

from tests import factories
from tests.dashboards.factories import with_totp
from tests.learning.factories import make_course

from .factories import make_session


@pytest.fixture
def course(catalogue):
    return make_course(catalogue)


@pytest.fixture
def session(course):
    return make_session(modules=[course.module], capacity=2, parts=2)


@pytest.fixture
def city_b(db):
    return factories.CityFactory(name="Bologna", slug="bologna", country="IT", languages=["it"])


@pytest.fixture
def learner_b(city_b):
    return factories.LearnerFactory(username="learner-b", profile__city=city_b)


@pytest.fixture
def trainer(db):
    return with_totp(factories.TrainerFactory(username="trainer"))


@pytest.fixture
def lead(city):
    return with_totp(factories.CityLeadFactory(username="lead-a", cities=[city]))


@pytest.fixture
def lead_b(city_b):
    return with_totp(factories.CityLeadFactory(username="lead-b", cities=[city_b]))


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def emails(django_capture_on_commit_callbacks):
    """Run the after-commit work (the booking emails) of the requests made inside it."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture(autouse=True)
def _english():
    """reverse() follows the active language, which a request to /fr/ leaves behind."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")
