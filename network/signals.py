"""A new practice exchange (one per language) is moderated from the moment it exists."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import PracticeIndexPage


@receiver(post_save, sender=PracticeIndexPage)
def moderate_new_index(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from .moderation import moderate_practice_index

        moderate_practice_index(instance)
