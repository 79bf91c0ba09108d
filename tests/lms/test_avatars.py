"""Staff avatars are initials drawn locally, never fetched from Gravatar (a third party)."""

import pytest

from lms.avatars import initials, initials_avatar_url
from tests import factories
from tests.dashboards.factories import with_totp

pytestmark = pytest.mark.django_db


def test_initials_from_the_name_else_the_email():
    lead = factories.CityLeadFactory(first_name="Zdenka", last_name="Řehořová")
    assert initials(lead) == "ZŘ"
    coordinator = factories.CoordinatorFactory(first_name="Ana María", last_name="de la Cruz")
    assert initials(coordinator) == "AC"
    nameless = factories.TrainerFactory(first_name="", last_name="", email="j.doe@city.example")
    assert initials(nameless) == "JD"


def test_the_avatar_is_an_inline_svg():
    url = initials_avatar_url(factories.TrainerFactory(first_name="Eva", last_name="Berg"), 40)
    assert url.startswith("data:image/svg+xml")
    assert "EB" in url


def test_admin_pages_show_initials_and_ask_no_third_party(client):
    trainer = with_totp(factories.TrainerFactory(first_name="Eva", last_name="Berg"))
    client.force_login(trainer)
    html = client.get("/admin/").content.decode()
    assert "data:image/svg+xml" in html
    assert "gravatar" not in html.lower()


def test_an_entry_without_an_author_keeps_wagtails_default_avatar():
    from lms.wagtail_hooks import initials_avatar

    assert initials_avatar(None, 50) is None
