"""A learner sees, takes away and erases everything stored about them, and nobody else's."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from assessments.models import Attempt
from certificates.models import Certificate
from lms.learning.models import LearningRecord, ModuleProgress
from lms.models import LearnerProfile
from tests import factories
from tests.assessments.factories import QuizPageFactory
from tests.assessments.helpers import answer_all, start

pytestmark = pytest.mark.django_db

EXPORT_URL = "/en/accounts/my-data/"
DELETE_URL = "/en/accounts/delete/"


def test_export_holds_profile_progress_answers_and_nothing_of_others(
    learner_client, learner, module_page
):
    other = factories.LearnerFactory(profile__full_name="Someone Else")
    quiz = QuizPageFactory(parent=module_page, slug="quiz")
    attempt = start(learner_client, quiz)
    answer_all(learner_client, attempt, {})
    # Taking the quiz put the learner on the module; the other learner is on it too.
    assert ModuleProgress.objects.filter(user=learner).exists()
    ModuleProgress.objects.create(user=other, module_key=module_page.translation_key)

    response = learner_client.get(EXPORT_URL)

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == learner.email
    assert data["profile"]["full_name"] == learner.learner_profile.full_name
    assert [row["module_key"] for row in data["module_progress"]] == [
        str(module_page.translation_key)
    ]
    assert [a["id"] for a in data["quiz_attempts"]] == [attempt.pk]
    assert data["quiz_attempts"][0]["answers"], "the answers given are part of the export"
    assert "Someone Else" not in response.content.decode()
    assert other.email not in response.content.decode()


def test_export_needs_sign_in(client):
    response = client.get(EXPORT_URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_delete_asks_for_the_password_and_keeps_the_account_on_a_wrong_one(learner_client, learner):
    assert learner_client.get(DELETE_URL).status_code == 200
    response = learner_client.post(DELETE_URL, {"password": "not-it"})
    assert response.status_code == 400
    assert "That is not your password." in response.content.decode()
    assert get_user_model().objects.filter(pk=learner.pk).exists()


def test_delete_erases_the_account_and_all_its_data(
    client, city, module_page, django_capture_on_commit_callbacks
):
    user = factories.LearnerFactory(profile__city=city)
    client.force_login(user)
    ModuleProgress.objects.create(user=user, module_key=module_page.translation_key, city=city)
    LearningRecord.objects.create(user=user, city=city, verb="enrolled", object_type="module")
    certificate = Certificate.objects.create(
        code="A" * 32,
        user=user,
        module_key=module_page.translation_key,
        city=city,
        learner_name="X",
        title="T",
        language="en",
        completed_on=timezone.localdate(),
        hours=1,
    )
    certificate.pdf.save("certificate.pdf", ContentFile(b"%PDF-1.7"), save=True)
    storage, name = certificate.pdf.storage, certificate.pdf.name
    assert storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(DELETE_URL, {"password": "correct horse battery staple"})

    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=user.pk).exists()
    assert not LearnerProfile.objects.filter(user_id=user.pk).exists()
    assert not ModuleProgress.objects.filter(user_id=user.pk).exists()
    assert not LearningRecord.objects.filter(user_id=user.pk).exists()
    assert not Certificate.objects.filter(user_id=user.pk).exists()
    assert not Attempt.objects.filter(user_id=user.pk).exists()
    assert not storage.exists(name)
    # Signed out: the profile now asks for a sign-in.
    assert client.get("/en/accounts/profile/").status_code == 302


def test_staff_cannot_delete_themselves_here(client):
    trainer = factories.TrainerFactory()
    client.force_login(trainer)
    response = client.post(DELETE_URL, {"password": "whatever"})
    assert response.status_code == 302
    assert get_user_model().objects.filter(pk=trainer.pk).exists()


def test_moving_city_moves_progress_but_not_history(learner_client, learner, module_page):
    new_city = factories.CityFactory(name="Leuven", slug="leuven", country="BE")
    old_city = learner.learner_profile.city
    progress = ModuleProgress.objects.create(
        user=learner, module_key=module_page.translation_key, city=old_city
    )
    record = LearningRecord.objects.create(
        user=learner, city=old_city, verb="enrolled", object_type="module"
    )
    profile = learner.learner_profile
    response = learner_client.post(
        "/en/accounts/profile/",
        {
            "full_name": profile.full_name,
            "city": new_city.pk,
            "profession": profile.profession,
            "preferred_language": "en",
        },
    )
    assert response.status_code == 302
    progress.refresh_from_db()
    record.refresh_from_db()
    assert progress.city == new_city
    assert record.city == old_city


def test_erasure_deletes_each_certificate_pdf_once(
    client, city, module_page, django_capture_on_commit_callbacks, monkeypatch
):
    user = factories.LearnerFactory(profile__city=city)
    client.force_login(user)
    certificate = Certificate.objects.create(
        code="B" * 32,
        user=user,
        module_key=module_page.translation_key,
        city=city,
        learner_name="X",
        title="T",
        language="en",
        completed_on=timezone.localdate(),
        hours=1,
    )
    certificate.pdf.save("certificate.pdf", ContentFile(b"%PDF-1.7"), save=True)
    storage, name = certificate.pdf.storage, certificate.pdf.name
    deleted = []
    delete = storage.delete
    monkeypatch.setattr(storage, "delete", lambda path: deleted.append(path) or delete(path))

    with django_capture_on_commit_callbacks(execute=True):
        client.post(DELETE_URL, {"password": "correct horse battery staple"})

    assert deleted == [name]
    assert not storage.exists(name)
