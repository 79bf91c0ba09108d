import pytest
from django.test import Client

from tests.assessments.factories import AdminTrainerFactory, QuizPageFactory


@pytest.fixture
def quiz(module_page):
    return QuizPageFactory(parent=module_page, slug="module-quiz")


@pytest.fixture
def trainer(db):
    return AdminTrainerFactory()


@pytest.fixture
def trainer_client(trainer):
    """A browser of its own, so tests can use it beside `learner_client`."""
    client = Client()
    client.force_login(trainer)
    return client
