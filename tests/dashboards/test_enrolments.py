"""City leads enrol learners of their city: bulk action on the learner report, and at invitation.

Both go through lms.learning.services.enrol (idempotent, records the lead as enrolled_by).
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lms.dashboards.models import Invitation
from lms.learning.models import Enrolment, ModuleProgress
from lms.models import LearnerProfile
from tests import factories

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "learner", "trainer", "lead_a", "lead_b", "coordinator", "superuser"]
# Enrolling city A's learner: only city A's leads; others 403 (no permission) or 404 (not theirs).
EXPECTED = ["login", 403, 403, 302, 404, 404, 404]


def enrol_url(city) -> str:
    return f"/admin/dashboards/city/{city.pk}/learners/enrol/"


def post(client, city, learners, module, **extra):
    data = {"learners": [p.pk for p in learners], "module": str(module.translation_key), **extra}
    response = client.post(enrol_url(city), data)
    if response.status_code == 302 and response["Location"] == "/en" + enrol_url(city):
        response = client.get(response["Location"])  # LocaleMiddleware's retry of a 404
    return response


@pytest.fixture
def learners_a(city_a, learner_a):
    other = factories.LearnerFactory(username="learner-a2", profile__city=city_a)
    return [learner_a.learner_profile, other.learner_profile]


def test_report_lists_checkboxes_tied_to_the_enrol_form(
    client, modules, city_a, lead_a, learners_a
):
    client.force_login(lead_a)
    html = client.get(f"/admin/dashboards/city/{city_a.pk}/learners/").content.decode()
    assert f'action="{enrol_url(city_a)}"' in html and 'id="enrol-form"' in html
    for profile in learners_a:
        assert f'name="learners" value="{profile.pk}" form="enrol-form"' in html
        assert f'aria-label="Select {profile.full_name}"' in html
    assert "<legend>Enrol the selected learners</legend>" in html


def test_lead_enrols_selected_learners_once(client, modules, city_a, lead_a, learners_a):
    client.force_login(lead_a)
    response = post(client, city_a, learners_a, modules[1], next="?profession=teacher")
    assert response.status_code == 302
    report = f"/admin/dashboards/city/{city_a.pk}/learners/"
    assert response["Location"] == f"{report}?profession=teacher"
    enrolments = Enrolment.objects.filter(module_key=modules[1].translation_key)
    assert enrolments.count() == 2 and {e.enrolled_by for e in enrolments} == {lead_a}
    assert ModuleProgress.objects.filter(module_key=modules[1].translation_key).count() == 2
    assert "2 learners enrolled in Module title 2." in client.get(report).content.decode()
    # The same POST again (a double click) enrols nobody twice.
    response = post(client, city_a, learners_a, modules[1])
    assert response.status_code == 302 and enrolments.count() == 2
    html = client.get(report).content.decode()
    assert "2 learners were already enrolled." in html and "enrolled in Module" not in html


def test_another_citys_learner_is_not_found_and_nobody_is_enrolled(
    client, modules, city_a, lead_a, learners_a, learner_b
):
    client.force_login(lead_a)
    response = post(client, city_a, [*learners_a, learner_b.learner_profile], modules[0])
    assert response.status_code == 404
    assert not Enrolment.objects.exists()
    # Nor through their own city's URL.
    response = post(client, learner_b.learner_profile.city, [learner_b.learner_profile], modules[0])
    assert response.status_code == 404 and not Enrolment.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"module": ""},
        {"module": "not-a-uuid"},
        {"module": "00000000-0000-0000-0000-000000000000"},
        {"learners": []},
        {"learners": ["x"]},
    ],
)
def test_bad_input_is_a_400_and_enrols_nobody(client, modules, city_a, lead_a, learners_a, data):
    client.force_login(lead_a)
    form = {"learners": [p.pk for p in learners_a], "module": str(modules[0].translation_key)}
    response = client.post(enrol_url(city_a), {**form, **data})
    assert response.status_code == 400
    assert "Nobody was enrolled." in response.content.decode()
    assert not Enrolment.objects.exists()


@pytest.mark.parametrize(("role", "expected"), list(zip(ROLES, EXPECTED, strict=True)))
def test_enrol_access_matrix(
    client, modules, city_a, learners_a, learner_a, trainer, lead_a, lead_b, coordinator,
    superuser, role, expected,
):  # fmt: skip
    users = {
        "learner": learner_a, "trainer": trainer, "lead_a": lead_a, "lead_b": lead_b,
        "coordinator": coordinator, "superuser": superuser,
    }  # fmt: skip
    if role != "anonymous":
        client.force_login(users[role])
    response = post(client, city_a, learners_a, modules[0])
    if expected == "login":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == expected
    assert Enrolment.objects.count() == (2 if expected == 302 else 0)


def test_invitees_are_enrolled_in_the_chosen_module_when_they_accept(
    client, modules, city_a, lead_a
):
    client.force_login(lead_a)
    url = f"/admin/dashboards/city/{city_a.pk}/invitations/"
    page = client.get(url).content.decode()
    assert "Enrol in a module (optional)" in page and "3. Module title 3" in page
    csv = SimpleUploadedFile("people.csv", b"full_name,email\nAnna Smit,anna@example.org\n")
    response = client.post(url, {"file": csv, "module": str(modules[2].translation_key)})
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.module_key == modules[2].translation_key
    assert "3. Module title 3" in client.get(url).content.decode()
    client.logout()
    response = client.post(
        f"/en/invitations/{invitation.token}/",
        {
            "full_name": "Anna Smit",
            "profession": "teacher",
            "password1": "a long passphrase 42",
            "password2": "a long passphrase 42",
        },
    )
    assert response.status_code == 302
    user = LearnerProfile.objects.get(full_name="Anna Smit").user
    enrolment = Enrolment.objects.get(user=user)
    assert (enrolment.module_key, enrolment.enrolled_by) == (modules[2].translation_key, lead_a)


def test_invitation_survives_a_withdrawn_module(client, modules, city_a, lead_a):
    invitation = Invitation.objects.create(
        city=city_a, email="jean@example.org", full_name="Jean", language="en",
        invited_by=lead_a, module_key=modules[5].translation_key,
    )  # fmt: skip
    modules[5].unpublish()
    response = client.post(
        f"/en/invitations/{invitation.token}/",
        {
            "full_name": "Jean",
            "profession": "teacher",
            "password1": "a long passphrase 42",
            "password2": "a long passphrase 42",
        },
    )
    assert response.status_code == 302
    assert LearnerProfile.objects.filter(full_name="Jean").exists()
    assert not Enrolment.objects.exists()


def test_upload_with_an_unknown_module_is_refused(client, modules, city_a, lead_a):
    client.force_login(lead_a)
    csv = SimpleUploadedFile("people.csv", b"full_name,email\nAnna Smit,anna@example.org\n")
    url = f"/admin/dashboards/city/{city_a.pk}/invitations/"
    response = client.post(url, {"file": csv, "module": "00000000-0000-0000-0000-000000000000"})
    assert response.status_code == 400 and not Invitation.objects.exists()
