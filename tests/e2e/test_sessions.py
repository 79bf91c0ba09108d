"""A learner books a session from the module page, gets the .ics, checks in with the code,
and sees the module complete once the quiz is passed; axe-core finds no WCAG 2.1 AA violation."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from lms.learning import services as learning
from lms.learning.models import ModuleProgress
from lms.sessions.models import ModuleSessionRequirement
from tests import factories
from tests.e2e.conftest import assert_accessible
from tests.learning.factories import make_course, take_quiz
from tests.sessions.factories import make_session

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_learner_books_checks_in_and_completes(live_server, page, axe):
    catalogue = factories.catalogue()
    city = factories.CityFactory(name="Liège", slug="liege", country="BE", languages=["fr"])
    course = make_course(catalogue, lessons=1, slug="awareness-raising")
    ModuleSessionRequirement.objects.create(module=course.module)
    session = make_session(
        modules=[course.module],
        title="Two days in Liège",
        start=timezone.now() - timedelta(minutes=20),
        parts=2,
        booking_deadline=timezone.now() + timedelta(days=1),
    )
    learner = factories.LearnerFactory(profile__city=city, email="ana@example.org")
    url = live_server.url

    page.goto(url + "/en/accounts/login/")
    page.fill("input[name=login]", "ana@example.org")
    page.fill("input[name=password]", "correct horse battery staple")
    with page.expect_navigation():
        page.locator("form button[type=submit]").last.click()

    page.goto(url + course.module.url)
    assert_accessible(axe, page)
    with page.expect_navigation():
        page.get_by_role("link", name="Two days in Liège").click()
    assert_accessible(axe, page)
    with page.expect_navigation():
        page.get_by_role("button", name="Book a place").click()
    assert page.get_by_text("Your place is booked.").is_visible()
    assert_accessible(axe, page)

    [message] = [m for m in mail.outbox if m.to == ["ana@example.org"]]
    [(_name, ics, _type)] = message.attachments
    assert len(Calendar.from_ical(ics).walk("VEVENT")) == 2

    page.goto(url + "/en/sessions/check-in/")
    assert_accessible(axe, page)
    page.get_by_label("Check-in code").fill(session.parts.order_by("starts_at")[0].checkin_code)
    with page.expect_navigation():
        page.get_by_role("button", name="Check in").click()
    assert "/en/sessions/mine/" in page.url
    assert page.get_by_text("You are checked in").is_visible()
    assert_accessible(axe, page)

    learning.complete_lesson(learner, course.lessons[0], language="en")
    take_quiz(learner, course.quiz, passing=True)
    progress = ModuleProgress.objects.get(user=learner)
    assert progress.status == "completed"
    page.goto(url + "/en/my-learning/")
    assert_accessible(axe, page)
    assert "Completed" in page.content()
