"""One owner for the programme: certificate, learning record and dashboards agree on it.

A module counts when its source-language page is live and public. A private module (behind a
view restriction) and a module live only in a translation do not, so a learner who completed the
one module that counts has completed the programme, for every app.
"""

import pytest
from wagtail.models import PageViewRestriction

from certificates.models import Certificate
from courses.programme import programme_module_keys
from lms.dashboards.modules import programme_modules
from lms.dashboards.queries import figures_by_city
from lms.learning import services
from lms.learning.models import LearningRecord
from tests.learning.factories import make_course, take_quiz, translate

pytestmark = pytest.mark.django_db


def _complete(learner, course) -> None:
    for lesson in course.lessons:
        services.complete_lesson(learner, lesson, language="en", seconds_spent=60)
    take_quiz(learner, course.quiz, passing=True)


def test_certificate_record_and_dashboard_agree_on_the_programme(catalogue, learner, city):
    counted = make_course(catalogue, slug="counted", number=1, lessons=1)
    private = make_course(catalogue, slug="private", number=2, lessons=1)
    PageViewRestriction.objects.create(
        page=private.module, restriction_type=PageViewRestriction.LOGIN
    )
    translated = make_course(catalogue, slug="translated", number=3, lessons=1)
    translate(translated.module, "fr")
    translated.module.unpublish()  # live only in French now

    assert programme_module_keys() == [counted.module.translation_key]

    _complete(learner, counted)

    assert Certificate.objects.filter(user=learner, kind=Certificate.Kind.PROGRAMME).exists()
    assert LearningRecord.objects.filter(
        user=learner, object_type=LearningRecord.ObjectType.PROGRAMME
    ).exists()
    modules = programme_modules("en")
    assert [module.key for module in modules] == [counted.module.translation_key]
    assert figures_by_city([city.pk], modules)[city.pk].trained == 1
