"""Events the learning journey sends to the apps above it (docs/architecture.md).

Learning sits below certificates and dashboards: it never calls them, it announces completions.
Django signals are synchronous, so receivers run inside the completion's transaction and a
failing receiver rolls the completion back with it.
"""

from django.dispatch import Signal

# A learner's module became complete (the first time, or again after a trainer reopened it):
# sent inside the transaction that completes it, with `progress` (the locked ModuleProgress row).
# Receivers must be idempotent. The certificates app issues the module certificate here, and
# decides the programme certificate under its own lock, as two modules may complete at once.
module_completed = Signal()

# The learner's "completed programme" learning record was written (once per learner): sent in the
# same transaction, with `user`, `language` and `timestamp`.
programme_completed = Signal()
