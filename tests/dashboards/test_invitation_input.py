"""Invitation CSVs as people really write them, and as an attacker would: every bad line gets
its own message (never a 500), standard CSV quoting is read right, professions are accepted by
their label in any UI language, and nothing reveals another city's accounts or invitations."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.html import escape
from wagtail.users.models import UserProfile

from lms.dashboards.models import Invitation
from tests import factories

pytestmark = pytest.mark.django_db


def upload(client, city, text: str | bytes):
    content = text.encode("utf-8") if isinstance(text, str) else text
    url = f"/admin/dashboards/city/{city.pk}/invitations/"
    return client.post(url, {"file": SimpleUploadedFile("people.csv", content, "text/csv")})


def test_doubled_quotes_are_read_as_standard_csv(client, city_a, lead_a):
    client.force_login(lead_a)
    text = (
        'full_name,email\n"Anna ""Nan"" Smith",anna@example.org\n"Dupont, Jean",jean@example.org\n'
    )
    response = upload(client, city_a, text)
    assert response.status_code == 302, response.content.decode()[:2000]
    names = dict(Invitation.objects.values_list("email", "full_name"))
    assert names == {"anna@example.org": 'Anna "Nan" Smith', "jean@example.org": "Dupont, Jean"}


def test_semicolon_files_still_work(client, city_a, lead_a):
    client.force_login(lead_a)
    response = upload(client, city_a, 'full_name;email\n"Smith; Anna";anna@example.org\n')
    assert response.status_code == 302
    assert Invitation.objects.get().full_name == "Smith; Anna"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("Anna\x00Smith,anna@example.org", "The name contains characters that cannot be used"),
        ("\u200b\u200b\u200b,anna@example.org", "The name has no letters"),
        ("\u200b \ufeff \u2060,anna@example.org", "The name has no letters"),
        ("Anna Smith,anna\x00@example.org", "is not a valid email address"),
        ("Anna Smith,anna@example.org,xx\x00", "unknown language"),
        ("Anna Smith,anna@example.org,en,spy\x00", "unknown profession"),
    ],
)
def test_nul_bytes_and_blank_names_are_a_message_on_their_line(
    client, city_a, lead_a, line, message
):
    client.force_login(lead_a)
    text = f"full_name,email,language,profession\nGood Person,good@example.org,en,\n{line}\n"
    response = upload(client, city_a, text)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Line 3:" in html and message in html and "Line 2:" not in html
    assert not Invitation.objects.exists()


def test_a_huge_field_is_a_message_on_its_line_and_other_lines_are_still_checked(
    client, city_a, lead_a
):
    client.force_login(lead_a)
    text = (
        "full_name,email\n"
        "Good Person,good@example.org\n"  # line 2
        f"{'A' * 200_000},huge@example.org\n"  # 3: beyond the csv module's field limit
        f"Long Email,{'b' * 5000}@example.org\n"  # 4: long, but within it
        "No Email,\n"  # 5
    )
    response = upload(client, city_a, text)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Line 3:" in html and "Line 4:" in html and "Line 5:" in html
    assert "Line 2:" not in html
    assert "A" * 1000 not in html and "b" * 1000 not in html  # the page does not echo them back
    assert not Invitation.objects.exists()
    # The good line alone goes through.
    response = upload(client, city_a, "full_name,email\nGood Person,good@example.org\n")
    assert response.status_code == 302 and Invitation.objects.count() == 1


def test_an_email_too_long_to_store_is_refused(client, city_a, lead_a):
    email = "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".org"  # about 310: Django accepts it
    assert 254 < len(email) <= 320
    client.force_login(lead_a)
    response = upload(client, city_a, f"full_name,email\nAnna Smith,{email}\n")
    assert response.status_code == 400
    assert "Line 2:" in response.content.decode()
    assert "254 characters" in response.content.decode()
    assert not Invitation.objects.exists()


def test_addresses_known_elsewhere_are_only_said_to_be_uninvitable(
    client, city_a, city_b, lead_a, lead_b
):
    """A lead learns only "cannot be invited" about accounts and other cities' invitations."""
    factories.LearnerFactory(email="learner@example.org", profile__city=city_b)
    client.force_login(lead_b)
    assert upload(client, city_b, "name,email\nBea,bea@example.org\n").status_code == 302
    client.force_login(lead_a)
    response = upload(
        client,
        city_a,
        "name,email\nLearner,learner@example.org\nBea,bea@example.org\n",
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert html.count("cannot be invited") == 2
    errors = html.split('class="dash-errors"', 1)[1].split("</ul>", 1)[0]
    for revealing in ("already has an account", "already been invited", "Bologna", "account"):
        assert revealing not in errors
    assert Invitation.objects.filter(city=city_a).count() == 0


def test_own_city_pending_invitation_is_still_named(client, city_a, lead_a):
    client.force_login(lead_a)
    assert upload(client, city_a, "name,email\nAnna,anna@example.org\n").status_code == 302
    response = upload(client, city_a, "name,email\nAnna,anna@example.org\n")
    assert response.status_code == 400 and "already been invited" in response.content.decode()


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("youth_worker", "youth_worker"),
        ("Youth worker", "youth_worker"),
        ("  YOUTH   WORKER ", "youth_worker"),
        ("social_worker", "social_worker"),
    ],
)
def test_professions_by_code_or_english_label(client, city_a, lead_a, value, code):
    client.force_login(lead_a)
    response = upload(client, city_a, f"name,email,profession\nAnna,anna@example.org,{value}\n")
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Invitation.objects.get().profession == code


@pytest.mark.parametrize("language", ["fr", "de", "es", "it", "nl", "pt", "el", "cs", "sv"])
def test_professions_by_label_in_every_ui_language(client, city_a, lead_a, language):
    from lms.models import Profession

    with translation.override(language):
        label = str(Profession.YOUTH_WORKER.label)
    assert label != "Youth worker"  # the catalogue translates it
    client.force_login(lead_a)
    text = f"name,email,profession\nAnna,anna@example.org,{label.upper()}\n"
    response = upload(client, city_a, text)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Invitation.objects.get().profession == "youth_worker"


def test_profession_labels_tolerate_missing_accents(client, city_a, lead_a):
    from lms.models import Profession

    with translation.override("el"):
        label = str(Profession.TEACHER.label)
    import unicodedata

    plain = "".join(c for c in unicodedata.normalize("NFKD", label) if not unicodedata.combining(c))
    assert plain != label
    client.force_login(lead_a)
    response = upload(client, city_a, f"name,email,profession\nAnna,anna@example.org,{plain}\n")
    assert response.status_code == 302
    assert Invitation.objects.get().profession == "teacher"


def test_help_text_lists_the_professions_in_the_readers_language(client, city_a, lead_a):
    from lms.models import Profession

    client.force_login(lead_a)
    profile = UserProfile.get_for_user(lead_a)
    profile.preferred_language = "fr"
    profile.save()
    html = client.get(f"/admin/dashboards/city/{city_a.pk}/invitations/").content.decode()
    with translation.override("fr"):
        labels = [str(label) for label in Profession.labels]
    for label, code in zip(labels, Profession.values, strict=True):
        assert escape(label) in html and code in html


def test_unknown_profession_lists_what_is_accepted(client, city_a, lead_a):
    client.force_login(lead_a)
    response = upload(client, city_a, "name,email,profession\nAnna,anna@example.org,spy\n")
    html = response.content.decode()
    assert response.status_code == 400 and "Line 2:" in html
    assert "Youth worker" in html and "youth_worker" in html
