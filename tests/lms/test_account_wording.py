"""Issue 16, learner: account messages never show the internal username or a gendered form, and
the login page's sign-up sentence says what it means in every language (allauth's Swedish one
told people on the login page to log in)."""

import pytest
from django.contrib.messages import get_messages
from django.utils import translation

from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.mark.parametrize("language", ["en", "cs", "sv", "fr"])
def test_the_signed_in_message_is_neutral_and_never_names_the_username(client, language):
    factories.LearnerFactory(email="zdenka@example.org", username="zdenka.rehorova")
    response = client.post(
        f"/{language}/accounts/login/",
        {"login": "zdenka@example.org", "password": PASSWORD},
        follow=True,
    )
    assert response.status_code == 200
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    with translation.override(language):
        expected = translation.gettext("Welcome back: you are signed in.")
    assert messages == [expected]
    assert "zdenka.rehorova" not in response.content.decode()
    assert "přihlášen jako" not in expected  # the Czech catalogue's gendered allauth form


@pytest.mark.parametrize("language", ["sv", "cs", "en"])
def test_the_login_page_invites_people_without_an_account_to_create_one(client, language):
    html = client.get(f"/{language}/accounts/login/").content.decode()
    with translation.override(language):
        sentence = translation.gettext(
            "No account yet? %(link)sCreate one%(end_link)s with your work email first."
        )
    assert sentence.split("%(link)s")[0].strip() in html
    assert f'href="/{language}/accounts/signup/' in html
