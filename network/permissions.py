"""Who may edit and publish practices: leads their cities', coordinators approve and publish."""

from __future__ import annotations

from wagtail.models import PagePermissionTester

from .models import user_city_ids

REVIEW = "network.review_network_content"


class PracticePermissionTester(PagePermissionTester):
    """Page permissions narrowed for the practice exchange.

    Trainers hold publish rights on the whole tree (lms.roles); here only coordinators publish,
    so every other author's practice goes through the coordinators' approval workflow. Leads
    edit only the practices of the cities they lead.
    """

    def _city_allowed(self) -> bool:
        city_id = getattr(self.page, "city_id", None)
        ids = user_city_ids(self.user)
        if not ids:
            # Coordinators (None), or trainers who lead no city (an empty set): every practice.
            return True
        return city_id in ids

    def _reviewer(self) -> bool:
        return self.user.is_superuser or self.user.has_perm(REVIEW)

    def can_edit(self):
        return super().can_edit() and self._city_allowed()

    def can_delete(self, ignore_bulk=False):
        return super().can_delete(ignore_bulk=ignore_bulk) and self._city_allowed()

    def can_copy(self):
        return super().can_copy() and self._city_allowed()

    def can_move(self):
        return super().can_move() and self._reviewer()

    def can_publish(self):
        return super().can_publish() and self._reviewer()

    def can_unpublish(self):
        return super().can_unpublish() and self._reviewer()

    def can_publish_subpage(self):
        return super().can_publish_subpage() and self._reviewer()

    def can_lock(self):
        return super().can_lock() and self._city_allowed()
