import pytest

from tests.assessments.factories import AdminTrainerFactory, QuizPageFactory


@pytest.fixture
def quiz(module_page):
    return QuizPageFactory(parent=module_page, slug="module-quiz")


@pytest.fixture
def trainer(db):
    return AdminTrainerFactory()


@pytest.fixture
def trainer_client(client, trainer):
    client.force_login(trainer)
    return client
