"""Events the assessments app sends to the apps above it (docs/architecture.md).

Quizzes sit below the learning journey: they never call it, they announce results, and learning
listens. Django signals are synchronous, so the receivers run inside the sender's transaction.
"""

from django.dispatch import Signal

# An attempt's final result was set (submitted with nothing left to mark, its last essay marked,
# or re-scored): sent inside that transaction, possibly more than once for one attempt, with
# `attempt`. Receivers must be idempotent and ignore previews (`attempt.is_preview`).
attempt_finalised = Signal()
