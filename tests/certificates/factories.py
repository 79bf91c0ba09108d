"""Certificates test data: completed module progress and certificates issued through the service."""

from __future__ import annotations

from django.utils import timezone
from wagtail.models import Locale

from certificates import services
from certificates.models import Certificate
from courses.models import ModulePage
from lms.learning.models import ModuleProgress


def complete(user, module: ModulePage, **fields) -> ModuleProgress:
    """The learner's progress row for `module`, marked completed as the learning journey does."""
    profile = getattr(user, "learner_profile", None)
    defaults = {
        "status": ModuleProgress.Status.COMPLETED,
        "completed_at": timezone.now(),
        "city": profile.city if profile else None,
        "quiz_passed": True,
        **fields,
    }
    progress, _created = ModuleProgress.objects.update_or_create(
        user=user, module_key=module.translation_key, defaults=defaults
    )
    return progress


def issue(user, module: ModulePage) -> Certificate:
    """Complete the module and issue its certificate through the real service."""
    services.on_module_completed(complete(user, module))
    return Certificate.objects.get(user=user, module_key=module.translation_key, revoked_at=None)


def translate(module: ModulePage, language: str, title: str) -> ModulePage:
    """The module translated (as wagtail-localize would) and published."""
    translated = module.copy_for_translation(
        Locale.objects.get(language_code=language), copy_parents=True
    )
    translated.title = title
    translated.save_revision().publish()
    return ModulePage.objects.get(pk=translated.pk)
