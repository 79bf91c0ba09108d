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


def test_the_recovery_codes_page_has_a_way_on(rf):
    """After saving the codes, staff go on to the administration, learners to their learning."""
    from django.template.loader import render_to_string

    trainer = with_totp(factories.TrainerFactory(username="codes-trainer"))
    learner = factories.LearnerFactory(username="codes-learner")
    context = {"unused_codes": ["a1b2", "c3d4"], "total_count": 2, "can_view_codes": True}
    for user, target, label in (
        (trainer, 'href="/admin/"', "Continue to the administration"),
        (learner, 'href="/en/my-learning/"', "Continue to My learning"),
    ):
        request = rf.get("/en/accounts/2fa/recovery-codes/")
        request.user = user
        html = render_to_string("mfa/recovery_codes/index.html", context, request=request)
        assert target in html and label in html
        assert "a1b2" in html  # allauth's own page is still there
