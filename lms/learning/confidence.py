"""The optional, anonymous before/after confidence self-assessment of each module.

Module 2 recommends evaluating the training itself, so each module invites its learners to rate
five statements from 1 (not at all) to 5 (fully) when they start it and again once they complete
it. City leads and the network see only aggregates (lms/dashboards/confidence.py).

Anonymity is kept by storage, not by promise: the scores go into a `ConfidenceAnswer` with no link
to the learner (city, module, phase, month, scores) and, separately, a `ConfidenceMarker` records
only THAT the learner answered or skipped, so that the invitation is not shown again and a double
submit counts once. Neither row carries a timestamp that could pair them.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import (
    ConfidenceAnswer,
    ConfidenceMarker,
    ConfidencePhase,
    LessonProgress,
    ModuleProgress,
)
from .queries import ModuleJourney
from .services import LearningError, NotALearner, learner_city_id

Phase = ConfidencePhase
Visitor = User | AnonymousUser


def _learner(user: Visitor) -> User:
    """The user as a learner (signed in, with a learner profile), else NotALearner."""
    if not isinstance(user, User) or getattr(user, "learner_profile", None) is None:
        raise NotALearner(_("Only learners can answer the confidence self-assessment."))
    return user


# The same five statements for every module; `score_<n>` holds the answer to the n-th.
STATEMENTS = (
    _("I understand the main ideas of this module."),
    _("I could explain them to a colleague."),
    _("I know what I would do in a situation this module covers."),
    _("I know whom to consult in my city, and when."),
    _("I feel confident applying a human-rights-based approach in this area."),
)
SCORE_FIELDS = tuple(f"score_{n}" for n in range(1, len(STATEMENTS) + 1))
SCALE = (
    ("1", _("1 (not at all)")),
    ("2", "2"),
    ("3", "3"),
    ("4", "4"),
    ("5", _("5 (fully)")),
)


class ConfidenceForm(forms.Form):
    """Five required 1-5 answers; the template renders each as a fieldset with a legend."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, statement in zip(SCORE_FIELDS, STATEMENTS, strict=True):
            self.fields[name] = forms.TypedChoiceField(
                label=statement,
                choices=SCALE,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Choose an answer from 1 to 5 for this statement."),
                    "invalid_choice": _(
                        "Answers go from 1 (not at all) to 5 (fully); choose one of them."
                    ),
                },
            )


class AlreadyAnswered(LearningError):
    """A second submit of the same phase: the first answer stands (not an error for the learner)."""

    status = 409


class NotNow(LearningError):
    status = 403


# Who is invited, and when ---------------------------------------------------------------


def parse_phase(value: str) -> str | None:
    return value if value in Phase.values else None


def _done_phases(user: User, module_keys: Iterable[uuid.UUID]) -> set[tuple[uuid.UUID, str]]:
    """The (module, phase) pairs the learner answered or skipped: one query."""
    rows = ConfidenceMarker.objects.filter(user=user, module_key__in=list(module_keys))
    return set(rows.values_list("module_key", "phase"))


def module_invitation(user: Visitor, journey: ModuleJourney) -> str | None:
    """The phase to invite a learner to on a module page, from its already-built journey.

    "before" once enrolled and until any lesson (or the quiz) is done; "after" once the module is
    completed; never again once answered or skipped. At most one query.
    """
    if not journey.enrolled or not isinstance(user, User):
        return None
    if journey.completed:
        phase = Phase.AFTER
    elif not any(item.done for item in journey.items):
        phase = Phase.BEFORE
    else:
        return None
    key = journey.module.translation_key
    if (key, phase.value) in _done_phases(user, [key]):
        return None
    return phase.value


def after_invitations(user: User, journeys: Iterable[ModuleJourney]) -> set[uuid.UUID]:
    """Completed modules on My learning whose "after" self-assessment is still open: one query."""
    completed = [j.module.translation_key for j in journeys if j.completed]
    if not completed:
        return set()
    done = _done_phases(user, completed)
    return {key for key in completed if (key, Phase.AFTER.value) not in done}


def check_open(user: Visitor, module_key: uuid.UUID, phase: str) -> None:
    """Raise unless the learner may answer this phase now (enrolled; before: nothing done yet;
    after: module completed; not answered already)."""
    user = _learner(user)
    progress = ModuleProgress.objects.filter(user=user, module_key=module_key).first()
    if progress is None:
        raise NotNow(_("Enrol in this module first: the self-assessment is part of it."))
    if ConfidenceMarker.objects.filter(
        user=user, module_key=module_key, phase=phase, answered=True
    ).exists():
        raise AlreadyAnswered(_("You have already answered these questions. Thank you!"))
    if phase == Phase.AFTER and progress.status != ModuleProgress.Status.COMPLETED:
        raise NotNow(_("The questions after the module open once you have completed it."))
    if phase == Phase.BEFORE and (
        progress.status == ModuleProgress.Status.COMPLETED
        or progress.quiz_passed
        or LessonProgress.objects.filter(
            user=user, module_key=module_key, completed_at__isnull=False
        ).exists()
    ):
        raise NotNow(
            _(
                "The questions before the module are for its start, and you have already "
                "completed part of it. You will be invited again once you complete the module."
            )
        )


# Writes -------------------------------------------------------------------------------


def submit(user: Visitor, module_key: uuid.UUID, phase: str, scores: dict[str, int]) -> None:
    """Store one anonymous answer and mark the phase answered, once per learner, module and phase.

    The marker row is created or locked first, so two submits at once store a single answer
    (the second raises AlreadyAnswered).
    """
    check_open(user, module_key, phase)
    user = _learner(user)
    with transaction.atomic():
        marker, created = ConfidenceMarker.objects.select_for_update().get_or_create(
            user=user, module_key=module_key, phase=phase, defaults={"answered": True}
        )
        if not created:
            if marker.answered:
                raise AlreadyAnswered(_("You have already answered these questions. Thank you!"))
            marker.answered = True  # skipped earlier, answered now
            marker.save(update_fields=["answered"])
        ConfidenceAnswer.objects.create(
            city_id=learner_city_id(user),
            module_key=module_key,
            phase=phase,
            month=timezone.localdate().replace(day=1),
            **{name: int(scores[name]) for name in SCORE_FIELDS},
        )


def skip(user: Visitor, module_key: uuid.UUID, phase: str) -> None:
    """Hide the invitation for this phase for good (idempotent; an answer already given stays)."""
    user = _learner(user)
    ConfidenceMarker.objects.get_or_create(
        user=user, module_key=module_key, phase=phase, defaults={"answered": False}
    )


# Personal data ------------------------------------------------------------------------


def personal_data(user: User) -> list[dict[str, Any]]:
    """Only the markers: the answers themselves are anonymous and cannot be found per learner."""
    rows = (
        ConfidenceMarker.objects.filter(user=user)
        .order_by("module_key", "phase")
        .values("module_key", "phase", "answered")
    )
    return [{**row, "module_key": str(row["module_key"])} for row in rows]
