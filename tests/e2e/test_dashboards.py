"""A city lead signs in with two-factor authentication, opens the dashboard, exports CSV."""

import time
from pathlib import Path

import pytest
from allauth.mfa import app_settings as mfa_settings
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


# A code read in the last seconds of its period can reach the server after it (the tolerance is
# 0 periods): the coordinator's sign-in in test_network.py failed so once in CI.
FRESH_SECONDS = 5


def wait_before_reading(now: float) -> float:
    """Seconds to wait before reading a code at `now`: until the next period when fewer than
    FRESH_SECONDS are left in this one, else none."""
    left = mfa_settings.TOTP_PERIOD - now % mfa_settings.TOTP_PERIOD
    return left + 0.1 if left < FRESH_SECONDS else 0.0


def current_code(secret: str) -> str:
    """The authenticator app's code, read with at least FRESH_SECONDS of its period left."""
    time.sleep(wait_before_reading(time.time()))
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


LONG_TITLE = (
    "Working with families and communities of concern: support, safeguarding and trust "
    "between agencies"
)


def test_city_dashboard_at_1280px_shows_whole_chart_labels_and_the_module_table(
    live_server, page, axe
):
    """At a laptop's 1280 px a lead reads every module title whole, at a readable size, and
    reaches the module table's last column (in a scroll region if it must scroll)."""
    catalogue = factories.catalogue()
    modules = [
        factories.ModulePageFactory(parent=catalogue, title=f"Module {n}", number=n)
        for n in range(1, 6)
    ]
    modules.append(factories.ModulePageFactory(parent=catalogue, title=LONG_TITLE, number=6))
    city = factories.CityFactory(name="Liège", slug="liege-1280")
    learner = factories.LearnerFactory(profile__city=city, profile__full_name="Ana Lopes")
    progress(learner, modules[5], "in_progress")
    lead = factories.CityLeadFactory(
        email="lead1280@example.org", username="lead1280", cities=[city]
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in_with_totp(page, live_server, lead)
    page.goto(f"{live_server.url}/admin/dashboards/city/{city.pk}/")

    labels = page.evaluate(
        """() => [...document.querySelectorAll("svg.dash-chart")].flatMap(svg => {
            const box = svg.getBoundingClientRect();
            const scale = box.width / svg.viewBox.baseVal.width;
            return [...svg.querySelectorAll("text.label")].map(text => {
                const r = text.getBoundingClientRect();
                return {
                    text: text.textContent,
                    row: text.dataset.row,
                    left: r.left, right: r.right, svgLeft: box.left, svgRight: box.right,
                    px: parseFloat(getComputedStyle(text).fontSize) * scale,
                };
            });
        })"""
    )
    assert labels
    for label in labels:
        assert not label["text"].rstrip().endswith(("…", "...")), label
        assert (
            label["svgLeft"] - 0.5 <= label["left"] and label["right"] <= label["svgRight"] + 0.5
        ), label
        assert label["svgRight"] <= 1280, label
        assert label["px"] >= 14, label  # drawn at 14 px or more, not scaled down to a footnote
    # The long title is there in full, over as many lines as it needs.
    whole = " ".join(label["text"] for label in labels if label["row"] == labels[-1]["row"])
    assert " ".join(f"6. {LONG_TITLE}".split()) in " ".join(
        " ".join(label["text"] for label in labels).split()
    ), whole

    table = page.evaluate(
        """() => {
            const table = document.querySelector("#modules-table-caption").closest("table");
            const region = table.closest(".dash-scroll");
            const r = table.getBoundingClientRect();
            const g = region ? region.getBoundingClientRect() : null;
            const overflow = region ? getComputedStyle(region).overflowX : "visible";
            return {
                right: r.right,
                regionRight: g && g.right,
                regionScrolls: ["auto", "scroll"].includes(overflow),
                viewport: document.documentElement.clientWidth,
            };
        }"""
    )
    assert table["right"] <= table["viewport"] or (
        table["regionScrolls"] and table["regionRight"] <= table["viewport"]
    ), table
    results = axe.run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, results.generate_report()

    # On a phone the charts would be drawn at about 9px: the tables carry the figures alone.
    page.set_viewport_size({"width": 390, "height": 844})
    shown = page.evaluate(
        """() => ({
            charts: [...document.querySelectorAll("svg.dash-chart")]
                .map(s => s.getClientRects().length),
            table: document.querySelector("#modules-table-caption").getClientRects().length,
        })"""
    )
    assert shown == {"charts": [0] * len(shown["charts"]), "table": 1}, shown
    results = axe.run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, results.generate_report()
