"""A city lead signs in with two-factor authentication, opens the dashboard, exports CSV."""

from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)

from tests import factories
from tests.dashboards.factories import progress
from tests.e2e.conftest import WCAG_21_AA

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def current_code(secret: str) -> str:
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def sign_in_with_totp(page, live_server, user) -> None:
    """Give `user` an authenticator app and sign in with its current code, as staff do."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    page.goto(live_server.url + "/en/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", "correct horse battery staple")
    page.keyboard.press("Enter")
    page.wait_for_url("**/2fa/authenticate/")
    page.fill("input[name=code]", current_code(secret))
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/2fa/" not in url)


def test_city_lead_signs_in_with_2fa_opens_dashboard_and_exports_csv(live_server, page, axe):
    catalogue = factories.catalogue()
    modules = [
        factories.ModulePageFactory(parent=catalogue, title=f"Module {n}", number=n)
        for n in range(1, 7)
    ]
    city = factories.CityFactory(name="Liège", slug="liege-e2e")
    learner = factories.LearnerFactory(profile__city=city, profile__full_name="Ana Lopes")
    progress(learner, modules[0], "completed", score=88, completed_days_ago=3)
    lead = factories.CityLeadFactory(email="lead@example.org", username="lead", cities=[city])
    sign_in_with_totp(page, live_server, lead)

    # The lead's admin home: their cities' figures as a home panel; axe-clean, desktop and
    # mobile widths.
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{live_server.url}/admin/")
        assert city.name in page.content()
        results = axe.run(page, options=WCAG_21_AA)
        assert results.violations_count == 0, (width, results.generate_report())
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(f"{live_server.url}/admin/dashboards/city/{city.pk}/")
    assert page.locator("h1").first.inner_text().startswith("Dashboard")
    assert page.locator("svg[role=img]").count() == 3
    # The whole page, Wagtail's admin chrome included.
    results = axe.run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, results.generate_report()

    with page.expect_download() as download_info:
        page.click("text=Download learners (CSV)")
    path = download_info.value.path()
    content = Path(path).read_text(encoding="utf-8")
    assert content.startswith("\ufeffName,Profession,Registered")  # BOM: Excel reads UTF-8
    assert "Ana Lopes" in content

    # The learner report the lead works in is accessible too.
    page.goto(f"{live_server.url}/admin/dashboards/city/{city.pk}/learners/")
    assert "Ana Lopes" in page.content()
    results = axe.run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, results.generate_report()


def test_coordinator_and_trainer_homes_pass_axe_desktop_and_mobile(live_server, page, axe):
    factories.catalogue()
    factories.CityFactory(name="Brno", slug="brno-e2e", country="CZ", languages=["cs"])
    for user in (
        factories.CoordinatorFactory(email="coord@example.org", username="coord"),
        factories.TrainerFactory(email="trainer@example.org", username="trainer"),
    ):
        page.context.clear_cookies()
        page.set_viewport_size({"width": 1280, "height": 900})
        sign_in_with_totp(page, live_server, user)
        for width, height in ((1280, 900), (390, 844)):
            page.set_viewport_size({"width": width, "height": height})
            page.goto(f"{live_server.url}/admin/")
            results = axe.run(page, options=WCAG_21_AA)
            assert results.violations_count == 0, (user.username, width, results.generate_report())
