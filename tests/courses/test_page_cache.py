"""The page cache: anonymous copies of content pages and cached routes (courses.page_cache).

Anonymous visitors get a stored page without database queries; signed-in learners never do, but
share a stored lesson into which their own progress panel is rendered; the copy is forgotten on
publish, unpublish, delete and translation sync; languages are kept apart; and each visitor gets
their own CSRF token in the stored page.
"""

import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from wagtail.models import Locale, PageViewRestriction
from wagtail_localize.models import Translation, TranslationSource

from courses import page_cache
from courses.models import LessonPage
from lms.learning import services
from lms.learning.models import LessonProgress
from tests import factories
from tests.learning.factories import make_course, translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(catalogue):
    return make_course(catalogue, slug="awareness", number=1)


def _hit(response) -> bool:
    assert response.status_code == 200, response.status_code
    return response.get("X-Page-Cache") == "hit"


def _token(response) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())[1]


def _without_token(response) -> str:
    return re.sub(r'csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_anonymous_pages_come_from_the_cache_without_queries(
    client, catalogue, course, django_assert_max_num_queries
):
    for url in ("/en/", course.module.url, course.lessons[0].url):
        first = client.get(url)
        assert not _hit(first)
        with django_assert_max_num_queries(0):
            again = Client().get(url)  # another visitor, no cookies
        assert _hit(again)
        assert _without_token(again) == _without_token(first)
        assert again["Content-Type"].startswith("text/html")
        assert again["X-Frame-Options"]  # headers from the inner middleware are kept


def test_every_visitor_gets_their_own_csrf_token(catalogue, course):
    first, second = Client(), Client()
    first.get(course.lessons[0].url)
    response = second.get(course.lessons[0].url)
    assert _hit(response)
    assert page_cache.CSRF_PLACEHOLDER not in response.content.decode()
    assert settings.CSRF_COOKIE_NAME in response.cookies  # this visitor's own token cookie
    # The token in the page belongs to this visitor: the language switcher's POST is accepted.
    checked = Client(enforce_csrf_checks=True)
    page = checked.get(course.lessons[0].url)
    assert _hit(page)
    answer = checked.post(
        "/i18n/switch/", {"csrfmiddlewaretoken": _token(page), "language": "fr", "next": "/en/"}
    )
    assert answer.status_code != 403


def test_signed_in_learners_never_get_a_stored_page(learner_client, course):
    Client().get(course.lessons[0].url)
    assert _hit(Client().get(course.lessons[0].url))
    response = learner_client.get(course.lessons[0].url)
    assert not _hit(response)
    assert "Mark as done" in response.content.decode()
    assert "private" in {part.strip() for part in response["Cache-Control"].split(",")}


def test_a_page_of_a_signed_in_learner_is_never_stored_for_anonymous_visitors(
    learner_client, course
):
    learner_client.get(course.lessons[0].url)
    response = Client().get(course.lessons[0].url)
    assert not _hit(response)
    assert "Mark as done" not in response.content.decode()


def test_publishing_unpublishing_and_deleting_forget_the_stored_pages(client, course):
    lesson = course.lessons[0]
    client.get(lesson.url)
    assert _hit(client.get(lesson.url))

    lesson.title = "Renamed lesson"
    lesson.save_revision().publish()
    response = client.get(course.module.url)
    assert not _hit(response) and "Renamed lesson" in response.content.decode()
    assert _hit(client.get(course.module.url))

    lesson.unpublish()
    assert client.get(lesson.url).status_code == 404
    assert "Renamed lesson" not in client.get(course.module.url).content.decode()

    other = course.lessons[1]
    client.get(other.url)
    assert _hit(client.get(other.url))
    other.delete()
    assert client.get(other.url).status_code == 404


def test_a_view_restriction_forgets_and_is_never_stored(client, course):
    client.get(course.lessons[0].url)
    PageViewRestriction.objects.create(
        page=course.module, restriction_type=PageViewRestriction.LOGIN
    )
    assert client.get(course.lessons[0].url).status_code == 302


def test_languages_are_kept_apart(client, course):
    french = translate(course.lessons[0])
    english = client.get(course.lessons[0].url)
    client.get(french.url)
    english_again = client.get(course.lessons[0].url)
    french_again = client.get(french.url)
    assert _hit(english_again) and _hit(french_again)
    assert "FR Lesson 1" not in english_again.content.decode()
    assert "FR Lesson 1" in french_again.content.decode()
    # The stored copy is the page first built, but for each visitor's CSRF token (the masked
    # token is random, and could itself hold "FR": compared without it).
    assert _without_token(english_again) == _without_token(english)


def test_creating_a_translation_forgets_the_stored_pages(client, course):
    client.get(course.module.url)
    assert _hit(client.get(course.module.url))
    course.lessons[0].copy_for_translation(
        Locale.objects.get(language_code="fr"), copy_parents=True
    )
    assert not _hit(client.get(course.module.url))


def test_a_translation_sync_forgets_the_stored_translated_page(client, course):
    lesson = course.lessons[0]
    source, _created = TranslationSource.get_or_create_from_instance(lesson)
    translation = Translation.objects.create(
        source=source, target_locale=Locale.objects.get(language_code="fr")
    )
    translation.save_target(publish=True)
    french = lesson.get_translation(Locale.objects.get(language_code="fr"))
    lesson.estimated_minutes = 47
    lesson.save_revision().publish()
    source.update_from_db()
    client.get(french.url)
    assert _hit(client.get(french.url))

    translation.save_target(publish=True)  # the "Sync translated pages" action

    synced = client.get(french.url)
    assert not _hit(synced)
    assert "47 minutes" in synced.content.decode()


def test_without_the_cache_pages_are_built_as_before(client, course, monkeypatch):
    # What a lost Redis gives.
    monkeypatch.setattr(page_cache, "generation", lambda known=None: None)
    client.get(course.lessons[0].url)
    response = client.get(course.lessons[0].url)
    assert not _hit(response) and "Lesson 1 of awareness" in response.content.decode()


def test_query_strings_and_message_cookies_bypass_the_stored_page(client, course):
    client.get(course.lessons[0].url)
    assert not _hit(client.get(course.lessons[0].url + "?user=1"))
    client.cookies["messages"] = "x"
    assert not _hit(client.get(course.lessons[0].url))


def test_sessions_live_in_the_cache_and_fall_back_to_the_database(learner):
    # A lost Redis is a cache miss: the cached_db engine then reads the session row.
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"
    from django.core.cache import cache

    client = Client()
    client.force_login(learner)
    cache.clear()  # as if Redis had restarted empty
    assert client.get("/en/my-learning/").status_code == 200


def test_routes_are_kept_apart_by_host(course):
    factories.catalogue()
    client = Client(HTTP_HOST="localhost")
    client.get(course.lessons[0].url)
    other = Client(HTTP_HOST="127.0.0.1")
    assert not _hit(other.get(course.lessons[0].url))


# Signed-in learners: one shared page per lesson, language and city, each learner's own panel --


@pytest.fixture
def city():
    """The learners below share one city: a lesson's stored page is per language and city."""
    return factories.CityFactory()


@pytest.fixture
def new_reader(city):
    def reader(factory=factories.LearnerFactory, **client_options) -> tuple:
        learner = factory is factories.LearnerFactory
        user = factory(profile__city=city) if learner else factory()
        signed_in = Client(**client_options)
        signed_in.force_login(user)
        return user, signed_in

    return reader


def _shell(response) -> bool:
    assert response.status_code == 200, response.status_code
    return response.get("X-Page-Cache") == "shell"


def test_learners_share_a_lesson_and_each_gets_their_own_progress(new_reader, course, monkeypatch):
    lesson = course.lessons[0]
    done_by, done_client = new_reader()
    services.complete_lesson(done_by, lesson, language="en", seconds_spent=1)
    first = done_client.get(lesson.url)
    assert not _shell(first)
    assert "You have marked this lesson as done." in first.content.decode()

    other, other_client = new_reader(enforce_csrf_checks=True)
    shared = other_client.get(lesson.url)
    assert _shell(shared)
    text = shared.content.decode()
    assert "Mark as done" in text and "You have marked this lesson as done." not in text
    assert "0 of 4 steps done" in text and "1 of 4 steps done" not in text
    assert "<!--personal" not in text and page_cache.CSRF_PLACEHOLDER not in text
    assert "private" in shared["Cache-Control"]
    # Exactly the page the templates build for this learner, but for the CSRF tokens.
    monkeypatch.setattr(page_cache, "generation", lambda known=None: None)
    built = other_client.get(lesson.url)
    assert not _shell(built)
    assert _without_token(shared) == _without_token(built)
    monkeypatch.undo()

    # The learner's own token: "Mark as done" is accepted from the shared page.
    answer = other_client.post(
        f"/en/learning/lessons/{lesson.pk}/done/",
        {"csrfmiddlewaretoken": _token(shared), "seconds": "30"},
    )
    assert answer.status_code == 302 and answer["Location"] == course.lessons[1].url
    assert LessonProgress.objects.get(user=other, lesson_key=lesson.translation_key).completed_at
    again = done_client.get(lesson.url)
    assert _shell(again) and "You have marked this lesson as done." in again.content.decode()


def test_a_shared_page_records_the_learners_visit(new_reader, course):
    lesson = course.lessons[1]
    new_reader()[1].get(lesson.url)
    learner, reader = new_reader()
    assert _shell(reader.get(lesson.url))
    visit = LessonProgress.objects.get(user=learner, lesson_key=lesson.translation_key)
    assert visit.completed_at is None and visit.last_viewed_at is not None


def test_a_message_for_the_learner_gets_the_whole_page_never_stored(new_reader, course):
    lesson = course.lessons[0]
    new_reader()[1].get(lesson.url)  # the shared page exists
    _learner, reader = new_reader()
    done = reader.post(f"/en/learning/lessons/{lesson.pk}/done/", {"seconds": "5"}, follow=True)
    assert not _shell(done)
    assert "is done." in done.content.decode()  # the message, on the next lesson's page
    assert "is done." not in new_reader()[1].get(course.lessons[1].url).content.decode()
    assert _shell(reader.get(course.lessons[1].url))  # message read: shared page again


def test_staff_pages_are_built_whole_and_never_shared(new_reader, course):
    lesson = course.lessons[0]
    _trainer, trainer_client = new_reader(factories.TrainerFactory)
    staff_page = trainer_client.get(lesson.url)
    assert not _shell(staff_page) and not _shell(trainer_client.get(lesson.url))
    assert "progress is tracked for learners only" in staff_page.content.decode()
    learner_page = new_reader()[1].get(lesson.url)
    assert not _shell(learner_page) and "Mark as done" in learner_page.content.decode()


def test_publishing_forgets_the_shared_page(new_reader, course):
    lesson = course.lessons[0]
    reader = new_reader()[1]
    reader.get(lesson.url)
    assert _shell(reader.get(lesson.url))
    lesson.title = "Renamed for learners"
    lesson.save_revision().publish()
    renamed = reader.get(lesson.url)
    assert not _shell(renamed) and "Renamed for learners" in renamed.content.decode()


def test_without_the_cache_learners_get_the_whole_page(new_reader, course, monkeypatch):
    monkeypatch.setattr(page_cache, "generation", lambda known=None: None)
    reader = new_reader()[1]
    for _ in range(2):
        response = reader.get(course.lessons[0].url)
        assert not _shell(response) and "Mark as done" in response.content.decode()


def test_learners_at_the_same_point_share_the_panel_with_their_own_token(new_reader, course):
    lesson = course.lessons[2]
    first, first_client = new_reader()
    first_client.get(lesson.url)
    first_client.get(lesson.url)  # the page and the panel of a learner at this point are stored
    second, second_client = new_reader(enforce_csrf_checks=True)
    page = second_client.get(lesson.url)
    assert _shell(page)
    form = page.content.decode().split('class="mark-done"')[0].rsplit("<form", 1)[1]
    assert f"/learning/lessons/{lesson.pk}/done/" in form
    answer = second_client.post(
        f"/en/learning/lessons/{lesson.pk}/done/",
        {"csrfmiddlewaretoken": _token(page), "seconds": "12"},
    )
    assert answer.status_code == 302
    assert LessonProgress.objects.get(user=second, lesson_key=lesson.translation_key).completed_at
    assert not LessonProgress.objects.get(
        user=first, lesson_key=lesson.translation_key
    ).completed_at


def test_a_change_made_by_another_process_is_seen_despite_the_copies_kept_in_this_one(
    new_reader, course
):
    """Shells and shared panels are also kept in each process, under the generation's token: a
    bump made elsewhere (only the cache's token changes, no signal here) ends them at once."""
    lesson = course.lessons[0]
    reader = new_reader()[1]
    reader.get(lesson.url)
    assert _shell(reader.get(lesson.url))
    LessonPage.objects.filter(pk=lesson.pk).update(title="Renamed in another process")
    assert _shell(reader.get(lesson.url))  # nothing said so here: the stored page stands
    cache.set(page_cache.GENERATION_KEY, "bumped-elsewhere", None)
    renamed = reader.get(lesson.url)
    assert not _shell(renamed) and "Renamed in another process" in renamed.content.decode()
