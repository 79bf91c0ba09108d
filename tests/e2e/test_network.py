"""A lead edits the city's route card and submits it; a coordinator approves it and a lead's
practice; a learner of that city sees the card in a lesson and finds the practice by search.

axe-core reports no WCAG 2.1 AA violation on any learner page visited.
"""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from network.models import PracticePage
from network.moderation import ensure_moderation
from tests import factories
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_dashboards import current_code
from tests.network.helpers import practice_index, route_card

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "correct horse battery staple"


def sign_in(page, base_url, user, secret=None) -> None:
    page.context.clear_cookies()
    page.goto(base_url + "/en/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.keyboard.press("Enter")
    if secret:
        page.wait_for_url("**/2fa/authenticate/")
        page.fill("input[name=code]", current_code(secret))
        page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/login/" not in url and "/2fa/" not in url)


def choose_action(page, label: str) -> None:
    """Wagtail's footer action menu: the primary button, or one in its dropdown."""
    button = page.get_by_role("button", name=label, exact=True)
    if not button.first.is_visible():
        page.get_by_role("button", name="More actions").first.click()
    with page.expect_navigation():
        page.get_by_role("button", name=label, exact=True).first.click()


def test_route_card_and_practice_from_lead_to_learner(live_server, page, axe, settings):
    # Wagtail's autosave would create the new practice while the lead is still typing, racing
    # the submission (two creations of one slug on a slow machine): submit once, as a person.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    catalogue = factories.catalogue()
    ensure_moderation()
    module = factories.ModulePageFactory(parent=catalogue, title="Referral", number=3)
    lesson = factories.LessonPageFactory(
        parent=module,
        title="Who to call",
        body=[("paragraph", "<p>Local routes.</p>"), ("in_your_city", {"section": "referral"})],
    )
    city = factories.CityFactory(name="Liège", slug="liege-e2e", country="BE")
    card = route_card(city, referral_structure="Old cell")
    lead = factories.CityLeadFactory(email="lead@example.org", username="lead", cities=[city])
    coordinator = factories.CoordinatorFactory(email="coord@example.org", username="coord")
    learner = factories.LearnerFactory(email="learner@example.org", profile__city=city)
    secrets = {user.pk: generate_totp_secret() for user in (lead, coordinator)}
    for user in (lead, coordinator):
        TOTP.activate(user, secrets[user.pk])
    index = practice_index()
    # The lead edits the card and submits it for moderation.
    sign_in(page, live_server.url, lead, secrets[lead.pk])
    page.goto(f"{live_server.url}/admin/snippets/network/routecard/edit/{card.pk}/")
    page.fill("#id_referral_structure", "Integrated security cell of Liège")
    choose_action(page, "Submit to Network coordinators' approval")
    card.refresh_from_db()
    assert card.referral_structure == "Old cell"  # not public until approved

    # The lead submits a practice of their city.
    page.goto(f"{live_server.url}/admin/pages/add/network/practicepage/{index.pk}/")
    page.fill("#id_title", "Parents' circle")
    page.fill("#id_summary", "A circle where parents support each other")
    page.select_option("#id_city", str(city.pk))
    page.select_option("#id_target_group", "families")
    page.select_option("#id_themes-0-module_number", "3")
    for field, text in (("approach", "Parents meet monthly."), ("activities", "Twelve met.")):
        editor = f"#panel-child-content-child-{field}-wrapper .public-DraftEditor-content"
        page.locator(editor).click()
        page.locator(editor).press_sequentially(text, delay=20)
    page.locator("#id_summary").click()  # Draftail saves its value when it loses focus
    page.wait_for_timeout(500)
    choose_action(page, "Submit to Network coordinators' approval")
    submitted = PracticePage.objects.get(title="Parents' circle")
    assert not submitted.live

    # The coordinator approves the card and the practice.
    sign_in(page, live_server.url, coordinator, secrets[coordinator.pk])
    page.goto(f"{live_server.url}/admin/snippets/network/routecard/edit/{card.pk}/")
    choose_action(page, "Approve and Publish")
    page.goto(f"{live_server.url}/admin/pages/{submitted.pk}/edit/")
    choose_action(page, "Approve and Publish")

    # The learner sees the card in the lesson and finds the practice by search.
    sign_in(page, live_server.url, learner)
    page.goto(live_server.url + lesson.url)
    assert "Integrated security cell of Liège" in page.locator(".in-your-city").inner_text()
    assert_accessible(axe, page)
    page.goto(live_server.url + "/en/my-city/")
    assert "Integrated security cell of Liège" in page.locator("main").inner_text()
    assert_accessible(axe, page)
    page.goto(live_server.url + index.url)
    page.fill("#practice-q", "parents")
    with page.expect_navigation():
        page.get_by_role("button", name="Show practices").click()
    assert page.locator(".practice-item h3").all_inner_texts() == ["Parents' circle"]
    assert_accessible(axe, page)
    page.click("text=Parents' circle")
    assert page.locator("h1").inner_text() == "Parents' circle"
    assert_accessible(axe, page)
    page.goto(live_server.url + module.url)
    assert "Parents' circle" in page.locator(".practices-on-topic").inner_text()
    assert_accessible(axe, page)
