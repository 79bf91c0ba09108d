"""The user and their learner profile are read in one statement on every signed-in request."""

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lms.auth_backends import AuthenticationBackend, ModelBackend
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("backend", [ModelBackend, AuthenticationBackend])
def test_learner_comes_with_their_profile_in_one_statement(backend):
    learner = factories.LearnerFactory()
    with CaptureQueriesContext(connection) as queries:
        user = backend().get_user(learner.pk)
        profile = user.learner_profile
    assert profile.city == learner.learner_profile.city
    assert len(queries.captured_queries) == 1


@pytest.mark.parametrize("backend", [ModelBackend, AuthenticationBackend])
def test_staff_without_profile_and_refused_users(backend):
    trainer = factories.TrainerFactory()
    user = backend().get_user(trainer.pk)
    assert user == trainer and getattr(user, "learner_profile", None) is None
    trainer.is_active = False
    trainer.save()
    assert backend().get_user(trainer.pk) is None
    assert backend().get_user(987654) is None


def test_a_signed_in_learner_and_a_trainer_stay_signed_in(client):
    for user, page in (
        (factories.LearnerFactory(), "/en/my-learning/"),
        (factories.TrainerFactory(), "/en/"),
    ):
        client.force_login(user)
        assert client.session[BACKEND_SESSION_KEY].startswith("lms.auth_backends.")
        response = client.get(page)
        assert response.status_code == 200
        assert response.wsgi_request.user == user
