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


# The kept copy (lms.auth_backends: USER_CACHE_SECONDS) ------------------------------------------


def _user_statements(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if 'FROM "auth_user"' in q["sql"]]


def test_a_repeat_request_reads_the_user_from_the_cache(client):
    learner = factories.LearnerFactory()
    client.force_login(learner)
    client.get("/en/my-learning/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/my-learning/")
    assert response.status_code == 200 and response.wsgi_request.user == learner
    assert response.wsgi_request.user.learner_profile.city == learner.learner_profile.city
    assert _user_statements(queries) == []


def test_the_copy_holds_no_permissions_checked_on_it(client):
    """Stored as read: a permission cache attached while serving must not reach the next one."""
    trainer = factories.TrainerFactory()
    user = ModelBackend().get_user(trainer.pk)
    assert user.has_perm("wagtailadmin.access_admin")
    again = ModelBackend().get_user(trainer.pk)
    assert not hasattr(again, "_perm_cache")


def test_a_deactivated_account_is_signed_out_at_once(client):
    learner = factories.LearnerFactory()
    client.force_login(learner)
    assert client.get("/en/my-learning/").wsgi_request.user.is_authenticated
    learner.is_active = False
    learner.save()
    response = client.get("/en/my-learning/")
    assert not response.wsgi_request.user.is_authenticated


def test_a_changed_password_signs_out_the_other_sessions(client):
    learner = factories.LearnerFactory()
    client.force_login(learner)
    assert client.get("/en/my-learning/").wsgi_request.user.is_authenticated
    learner.set_password("a new passphrase for the test")
    learner.save()
    assert not client.get("/en/my-learning/").wsgi_request.user.is_authenticated


def test_a_profile_moved_to_another_city_and_a_renamed_city_are_seen_at_once(client):
    learner = factories.LearnerFactory()
    client.force_login(learner)
    client.get("/en/my-learning/")
    other = factories.CityFactory(name="Brno", slug="brno", country="CZ", languages=["cs"])
    profile = learner.learner_profile
    profile.city = other
    profile.save()
    seen = client.get("/en/my-learning/").wsgi_request.user.learner_profile
    assert seen.city == other
    other.name = "Brno-město"
    other.save()
    seen = client.get("/en/my-learning/").wsgi_request.user.learner_profile
    assert seen.city.name == "Brno-město"


def test_a_deleted_account_is_signed_out(client):
    learner = factories.LearnerFactory()
    client.force_login(learner)
    client.get("/en/my-learning/")
    learner.delete()
    assert not client.get("/en/my-learning/").wsgi_request.user.is_authenticated


def test_without_the_cache_the_user_is_read_each_time(client, settings):
    settings.USER_CACHE_SECONDS = 0
    learner = factories.LearnerFactory()
    client.force_login(learner)
    client.get("/en/my-learning/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/en/my-learning/")
    assert len(_user_statements(queries)) == 1
