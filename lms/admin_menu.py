"""Admin menu items shown only to users holding a permission (shared by every app's hooks)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from wagtail.admin.menu import MenuItem


class PermissionMenuItem(MenuItem):
    def __init__(self, *args: Any, permission: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request: HttpRequest) -> bool:
        return request.user.has_perm(self.permission)
