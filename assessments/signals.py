"""Events the assessments app sends to the apps above it (docs/architecture.md).

Quizzes sit below the learning journey: they never call it, they announce results, and learning
listens. Django signals are synchronous: the receivers run inside the transaction that sends them.
"""

from django.dispatch import Signal

# An attempt's final result was set (submitted with nothing left to mark, its last essay marked,
# or re-scored), with `attempt`. Sent through the outbox of services/hooks.py: inside the
# transaction that sets the result when results are announced inline (tests, development without
# a worker), otherwise after its commit, in a transaction of its own with the attempt row locked
# (the task `announce_result` or its sweep), so the receivers' work commits with the announcement
# and a failing receiver leaves the result to be announced again. Possibly more than once for one
# attempt (once per `result_version`); receivers must be idempotent and ignore previews
# (`attempt.is_preview`).
attempt_finalised = Signal()
