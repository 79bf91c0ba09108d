"""Factories and helpers for dashboard tests: a six-module programme and staff with TOTP."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from allauth.mfa.models import Authenticator
from django.utils import timezone

from certificates.models import Certificate
from lms.learning.models import ModuleProgress
from tests import factories


def with_totp(user):
    """Staff must have an authenticator before the admin lets them in (lms.middleware)."""
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return user


def programme(count: int = 6):
    catalogue = factories.catalogue()
    return [
        factories.ModulePageFactory(parent=catalogue, title=f"Module title {n}", number=n)
        for n in range(1, count + 1)
    ]


def progress(user, module, status="in_progress", score=None, completed_days_ago=None, **extra):
    now = timezone.now()
    completed_at = (
        now - timedelta(days=completed_days_ago) if completed_days_ago is not None else None
    )
    return ModuleProgress.objects.create(
        user=user,
        module_key=module.translation_key,
        city=user.learner_profile.city,
        status=status,
        best_score=Decimal(score) if score is not None else None,
        quiz_passed=score is not None and score >= 70,
        started_at=now - timedelta(days=40),
        completed_at=completed_at,
        last_activity_at=extra.pop("last_activity_at", completed_at or now - timedelta(days=2)),
        **extra,
    )


def certificate(user, module=None, kind="module", revoked=False):
    profile = user.learner_profile
    return Certificate.objects.create(
        code=f"C{Certificate.objects.count() + 1:031d}",
        kind=kind,
        user=user,
        module_key=module.translation_key if module else None,
        city=profile.city,
        learner_name=profile.full_name,
        city_name=profile.city.name,
        title="t",
        language="en",
        completed_on=timezone.localdate(),
        hours=Decimal("2.0"),
        revoked_at=timezone.now() if revoked else None,
    )
