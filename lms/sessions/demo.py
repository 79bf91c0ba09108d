"""Demo sessions: a two-day session in Liège on module 1, and an online one on module 2."""

from __future__ import annotations

from datetime import time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from .models import Session, SessionPart


def load_demo_sessions(modules, city) -> None:
    """Idempotent: sessions are found by title; the demo learner books the Liège one."""
    from . import services

    trainer = get_user_model().objects.filter(username="trainer").first()
    first_day = timezone.localdate() + timedelta(days=21)
    liege, created = Session.objects.get_or_create(
        title="LIAISE two-day training: awareness and first response",
        defaults={
            "description": "Two days with colleagues from the network: cases, referral routes "
            "and the multi-agency approach, following module 1.",
            "venue_name": "Maison de la prévention",
            "venue_address": "Rue Exemple 1\n4000 Liège\nBelgium",
            "accessibility_notes": "Step-free entrance and lift; hearing loop in the main room.",
            "time_zone": "Europe/Brussels",
            "language": "fr",
            "interpretation": ["en", "nl"],
            "city": city,
            "capacity": 20,
            "status": Session.Status.PUBLISHED,
        },
    )
    if created:
        liege.modules.set([modules[0]])
        if trainer is not None:
            liege.trainers.set([trainer])
        liege.save()
        for day in range(2):
            SessionPart.objects.create(
                session=liege,
                date=first_day + timedelta(days=day),
                start_time=time(9, 0),
                end_time=time(16, 30),
                sort_order=day,
            )
        liege.refresh_dates()
    online, created = Session.objects.get_or_create(
        title="Online follow-up: multi-agency cooperation",
        defaults={
            "description": "A live online morning to follow up module 2.",
            "online_url": "https://meet.example.org/liaise-follow-up",
            "time_zone": "Europe/Athens",
            "language": "en",
            "capacity": 2,
            "prerequisite_module": modules[0],
            "status": Session.Status.PUBLISHED,
        },
    )
    if created:
        online.modules.set([modules[1]])
        online.save()
        day = first_day + timedelta(days=14)
        SessionPart.objects.create(
            session=online, date=day, start_time=time(10, 0), end_time=time(12, 30)
        )
        online.refresh_dates()
    learner = get_user_model().objects.filter(username="learner").first()
    if learner is not None:
        services.book(liege, learner)
