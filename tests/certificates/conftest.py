import pytest

from certificates import signing
from tests import factories

SESSION_KEY = signing.generate_pem()


@pytest.fixture(autouse=True)
def _signing_key(settings):
    """A fresh Ed25519 key per test session: tests never touch a key file."""
    settings.CERTIFICATE_SIGNING_KEY = SESSION_KEY
    settings.SITE_URL = "https://academy.example.org"


@pytest.fixture
def trainer(db):
    return factories.TrainerFactory()


@pytest.fixture
def other_learner(db, city):
    return factories.LearnerFactory(profile__city=city, profile__full_name="Somebody Else")
