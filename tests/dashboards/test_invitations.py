"""Invitations: CSV upload validated line by line, all or nothing, emails in the invitee's
language, and the acceptance page that creates a verified learner account in the city."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from lms.dashboards.models import Invitation
from lms.models import LearnerProfile
from tests import factories

pytestmark = pytest.mark.django_db


def upload(client, city, text: str, django_capture_on_commit_callbacks=None):
    url = f"/admin/dashboards/city/{city.pk}/invitations/"
    data = {"file": SimpleUploadedFile("people.csv", text.encode("utf-8"), "text/csv")}
    return client.post(url, data)


def test_valid_file_invites_everyone_in_their_language(
    client, city_a, lead_a, django_capture_on_commit_callbacks
):
    client.force_login(lead_a)
    text = "full_name,email,language,profession\nAnna Smit,Anna@Example.org,nl,teacher\n"
    text += "Jean Dupont,jean@example.org,fr,\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, city_a, text)
    assert response.status_code == 302
    anna, jean = Invitation.objects.order_by("email")
    assert (anna.email, anna.language, anna.city, anna.invited_by) == (
        "anna@example.org", "nl", city_a, lead_a
    )  # fmt: skip
    assert anna.sent_at and jean.sent_at
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert "Antwerp" in by_recipient["jean@example.org"].subject
    assert f"/fr/invitations/{jean.token}/" in by_recipient["jean@example.org"].body
    assert f"/nl/invitations/{anna.token}/" in by_recipient["anna@example.org"].body
    page = client.get(f"/admin/dashboards/city/{city_a.pk}/invitations/").content.decode()
    assert "0 of 2 invitations accepted" in page


def test_bad_rows_are_reported_by_line_and_nothing_is_imported(client, city_a, lead_a):
    factories.UserFactory(email="taken@example.org")
    client.force_login(lead_a)
    text = (
        "full_name,email,language\n"
        "Good Person,good@example.org,en\n"  # line 2
        ",noname@example.org,en\n"  # 3
        "Bad Email,not-an-email,en\n"  # 4
        "Dup One,dup@example.org,en\n"  # 5
        "Dup Two,DUP@example.org,en\n"  # 6
        "Has Account,taken@example.org,en\n"  # 7
        "Bad Language,lang@example.org,xx\n"  # 8
    )
    response = upload(client, city_a, text)
    html = response.content.decode()
    assert response.status_code == 400
    for line in ("Line 3:", "Line 4:", "Line 6:", "Line 7:", "Line 8:"):
        assert line in html
    assert "Line 2:" not in html and "Line 5:" not in html
    assert not Invitation.objects.exists() and not mail.outbox


@pytest.mark.parametrize(
    "content",
    [b"\xff\xfe\x00garbage", b"email\nsomeone@example.org\n", b"full_name,email\n"],
)
def test_unusable_files_get_a_clear_message(client, city_a, lead_a, content):
    client.force_login(lead_a)
    url = f"/admin/dashboards/city/{city_a.pk}/invitations/"
    response = client.post(url, {"file": SimpleUploadedFile("x.csv", content)})
    assert response.status_code == 400
    assert not Invitation.objects.exists()


def test_uploading_the_same_file_twice_invites_once(client, city_a, lead_a):
    client.force_login(lead_a)
    text = "name,email\nAnna Smit,anna@example.org\n"
    assert upload(client, city_a, text).status_code == 302
    response = upload(client, city_a, text)
    assert response.status_code == 400
    assert "already been invited" in response.content.decode()
    assert Invitation.objects.count() == 1


def test_accepting_creates_a_verified_learner_in_the_city_and_signs_in(client, city_a, lead_a):
    invitation = Invitation.objects.create(
        city=city_a, email="anna@example.org", full_name="Anna Smit", language="nl",
        invited_by=lead_a,
    )  # fmt: skip
    url = f"/nl/invitations/{invitation.token}/"
    page = client.get(url)
    assert page.status_code == 200 and "Anna Smit" in page.content.decode()
    response = client.post(
        url,
        {
            "full_name": "Anna  Smit-Jansen",
            "profession": "youth_worker",
            "password1": "a long passphrase 42",
            "password2": "a long passphrase 42",
        },
    )
    assert response.status_code == 302
    profile = LearnerProfile.objects.get(user__email="anna@example.org")
    assert (profile.city, profile.full_name, profile.profession, profile.preferred_language) == (
        city_a, "Anna Smit-Jansen", "youth_worker", "nl"
    )  # fmt: skip
    assert EmailAddress.objects.get(user=profile.user).verified
    assert profile.user.groups.filter(name="Learners").exists()
    assert int(client.session["_auth_user_id"]) == profile.user.pk
    invitation.refresh_from_db()
    assert invitation.accepted_at and invitation.user == profile.user
    # A second use of the link is refused clearly.
    again = client.get(url)
    with translation.override("nl"):
        used = gettext("This invitation has already been used. Sign in instead.")
    assert again.status_code == 410 and escape(used) in again.content.decode()


def test_mismatched_passwords_and_expired_or_unknown_links(client, city_a, lead_a):
    invitation = Invitation.objects.create(
        city=city_a, email="anna@example.org", full_name="Anna Smit", language="en"
    )
    url = f"/en/invitations/{invitation.token}/"
    data = {"full_name": "Anna", "profession": "teacher", "password1": "a long passphrase 42"}
    response = client.post(url, {**data, "password2": "something else 42"})
    assert response.status_code == 400
    assert not LearnerProfile.objects.exists()
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - timedelta(days=31)
    )
    assert client.get(url).status_code == 410
    assert client.get("/en/invitations/not-a-token/").status_code == 404
