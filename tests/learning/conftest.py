import pytest
from django.test import Client

from tests import factories
from tests.learning.factories import make_course


@pytest.fixture
def course(catalogue):
    return make_course(catalogue)


@pytest.fixture
def other_learner(city):
    return factories.LearnerFactory(profile__city=city)


@pytest.fixture
def other_client(other_learner):
    client = Client()
    client.force_login(other_learner)
    return client


@pytest.fixture(autouse=True)
def completions(monkeypatch):
    """Calls to the certificates hook, which the learning journey must make exactly once.

    Replaced here so that these tests check the contract (called once, in the transaction)
    whatever the certificates work does with it; tests/certificates covers issuing.
    """
    calls = []
    monkeypatch.setattr(
        "certificates.services.on_module_completed", lambda progress: calls.append(progress)
    )
    return calls
