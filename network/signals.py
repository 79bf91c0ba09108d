"""A new practice exchange is moderated from the moment it exists; card statuses stay fresh."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import PracticeIndexPage, RouteCard


@receiver(post_save, sender=PracticeIndexPage)
def moderate_new_index(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from .moderation import moderate_practice_index

        moderate_practice_index(instance)


@receiver(post_save, sender=RouteCard)
@receiver(post_delete, sender=RouteCard)
def forget_card_statuses(sender, **kwargs):
    from .services import STATUS_CACHE_KEY

    cache.delete(STATUS_CACHE_KEY)
