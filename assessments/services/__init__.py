"""Quiz workflows: start, answer, submit and mark attempts; results for other apps.

Views, tasks and commands call these functions. They hold the rules (attempt limits, cool-down,
time limits, what may change when) so that the rules hold whoever calls them, and each workflow
runs in one transaction with the attempt row locked, so two requests at once cannot both count.
A final result is announced to the apps above through an outbox (`hooks`: inline in its
transaction, or by a task after the commit, with a periodic sweep).

Split by job: `content` (question streams and snapshots), `attempts` (start, answer, submit),
`marking` (trainers mark essays), `notifications` (result emails) and `hooks` (what other apps
call); item statistics are in `assessments/queries.py`. The names are re-exported here.
"""

from __future__ import annotations

from .attempts import (
    GRACE,
    PageOutcome,
    QuizStatus,
    expire_if_overdue,
    finalise_overdue_attempts,
    get_attempt,
    quiz_status,
    resume_page,
    save_page,
    start_attempt,
    submit_attempt,
)
from .content import (
    build_question_stream,
    choice_block_id,
    draw_questions,
    question_block_id,
    snapshot_questions,
)
from .hooks import (
    announce_pending_results,
    announce_result,
    announces_inline,
    has_passed,
    on_attempt_finalised,
)
from .marking import mark_answer
from .notifications import send_pending_result_notifications, send_result_notification

__all__ = [
    "GRACE",
    "PageOutcome",
    "QuizStatus",
    "announce_pending_results",
    "announce_result",
    "announces_inline",
    "build_question_stream",
    "choice_block_id",
    "draw_questions",
    "expire_if_overdue",
    "finalise_overdue_attempts",
    "get_attempt",
    "has_passed",
    "mark_answer",
    "on_attempt_finalised",
    "question_block_id",
    "quiz_status",
    "resume_page",
    "save_page",
    "send_pending_result_notifications",
    "send_result_notification",
    "snapshot_questions",
    "start_attempt",
    "submit_attempt",
]
