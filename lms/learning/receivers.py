"""What the learning journey listens to: lessons published or removed, quiz results."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.db.models.signals import post_delete
from wagtail.signals import page_published, page_unpublished

from assessments.models import Attempt
from assessments.signals import attempt_finalised
from courses.models import LessonPage
from courses.programme import module_key_of
from lms.models import City, LearnerProfile
from lms.signals import account_erasing, learner_city_changed

from . import services
from .models import ModuleProgress


def lesson_changed(sender, instance: LessonPage, **kwargs) -> None:
    """A lesson went live, offline or away: recount every learner's required lessons.

    Runs after the commit so that the recount sees the page's new state. Completions stand here;
    reopening is the trainer's explicit choice (wagtail_hooks.reopen_completed_modules).
    """
    module_key = module_key_of(instance)
    if module_key is not None:
        transaction.on_commit(lambda: services.refresh_module_totals(module_key))


def quiz_result(sender, attempt: Attempt, **kwargs) -> None:
    """A quiz attempt's final result: a learning record, then the module's progress.

    Inside the transaction that announces the result (signals are synchronous): the submit's or
    marking's own when results are announced inline, the announcement task's in production
    (assessments.services.hooks), so the progress commits with the announcement or not at all.
    """
    services.record_quiz_result(attempt)


def city_changed(sender, profile: LearnerProfile, city: City, **kwargs) -> None:
    """The learner's progress now counts for (and is seen by) their new city."""
    ModuleProgress.objects.filter(user_id=profile.user_id).update(city=city)


def account_erased(sender, user, **kwargs) -> None:
    """Keep the erased learner's module progress for the city's figures, detached from them.

    Their lessons, enrolments and learning records go with the account (they cascade); the
    progress rows stay with no user and a random id of their own, which no other row holds.
    """
    ModuleProgress.objects.filter(user_id=user.pk).update(user=None, erased_learner=uuid.uuid4())


def connect() -> None:
    account_erasing.connect(account_erased, dispatch_uid="learning-account-erased")
    learner_city_changed.connect(
        city_changed, sender=LearnerProfile, dispatch_uid="learning-city-changed"
    )
    attempt_finalised.connect(quiz_result, sender=Attempt, dispatch_uid="learning-quiz-result")
    page_published.connect(lesson_changed, sender=LessonPage, dispatch_uid="learning-published")
    page_unpublished.connect(lesson_changed, sender=LessonPage, dispatch_uid="learning-unpublished")
    post_delete.connect(lesson_changed, sender=LessonPage, dispatch_uid="learning-deleted")
