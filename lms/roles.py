"""The four roles as Django groups with their permissions, created from code (never by hand)."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_lazy as _

LEARNERS = "Learners"
TRAINERS = "Trainers"
CITY_LEADS = "City leads"
COORDINATORS = "Network coordinators"

ROLE_LABELS = {
    LEARNERS: _("Learners"),
    TRAINERS: _("Trainers"),
    CITY_LEADS: _("City leads"),
    COORDINATORS: _("Network coordinators"),
}

# "app_label.codename" of the model permissions each role holds.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    LEARNERS: [],
    TRAINERS: [
        "wagtailadmin.access_admin",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
        "wagtail_localize.submit_translation",
        "assessments.mark_answers",
        "assessments.view_item_statistics",
        "certificates.revoke_certificate",
        "courses.change_decisionaid",
        "courses.view_decisionaid",
        # Training sessions (lms.sessions): those they train; registers; modules needing one.
        "training_sessions.add_session",
        "training_sessions.change_session",
        "training_sessions.delete_session",
        "training_sessions.view_session",
        "training_sessions.add_modulesessionrequirement",
        "training_sessions.change_modulesessionrequirement",
        "training_sessions.delete_modulesessionrequirement",
        "training_sessions.view_modulesessionrequirement",
    ],
    CITY_LEADS: [
        "wagtailadmin.access_admin",
        "lms.view_city_dashboard",
        # Training sessions of their own city, and their learners' bookings (lms.sessions).
        "training_sessions.add_session",
        "training_sessions.change_session",
        "training_sessions.view_session",
    ],
    COORDINATORS: [
        "wagtailadmin.access_admin",
        "lms.view_city_dashboard",
        "lms.view_network_dashboard",
        "lms.add_city",
        "lms.change_city",
        "lms.view_city",
        "lms.add_cityleadassignment",
        "lms.change_cityleadassignment",
        "lms.delete_cityleadassignment",
        "lms.view_cityleadassignment",
        "dashboards.add_programmetarget",
        "dashboards.change_programmetarget",
        "dashboards.delete_programmetarget",
        "dashboards.view_programmetarget",
    ],
}
# Page permissions trainers hold on the whole tree (they author every module in every language).
TRAINER_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]
# Collection permissions for images and documents used in lessons.
TRAINER_COLLECTION_PERMISSIONS = [
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
]
STAFF_ROLES = (TRAINERS, CITY_LEADS, COORDINATORS)


def _permission(dotted: str) -> Permission | None:
    app_label, codename = dotted.split(".", 1)
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()


def ensure_roles() -> dict[str, Group]:
    """Create or update the role groups; safe to run any number of times."""
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    groups: dict[str, Group] = {}
    for name, dotted_perms in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        perms = [p for p in map(_permission, dotted_perms) if p is not None]
        group.permissions.add(*perms)
        groups[name] = group

    trainers = groups[TRAINERS]
    root_page = Page.get_first_root_node()
    if root_page is not None:
        for codename in TRAINER_PAGE_PERMISSIONS:
            perm = _permission(f"wagtailcore.{codename}")
            if perm:
                GroupPagePermission.objects.get_or_create(
                    group=trainers, page=root_page, permission=perm
                )
    root_collection = Collection.get_first_root_node()
    if root_collection is not None:
        for dotted in TRAINER_COLLECTION_PERMISSIONS:
            perm = _permission(dotted)
            if perm:
                GroupCollectionPermission.objects.get_or_create(
                    group=trainers, collection=root_collection, permission=perm
                )
    return groups


def ensure_roles_after_migrate(**kwargs) -> None:
    # post_migrate reaches "lms" before the apps listed after it have their permissions:
    # create them all first so every role gets its full set on the very first migrate.
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=kwargs.get("using", "default"))
    ensure_roles()


def is_staff_role(user) -> bool:
    """Trainers, city leads and coordinators: the people who must use two-factor authentication."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.is_staff:
        return True
    return user.groups.filter(name__in=STAFF_ROLES).exists()


def has_second_factor(user) -> bool:
    """Whether the user signed in with a second factor available: a TOTP authenticator.

    allauth asks every user who has one for a code at sign-in, so holding one means the session
    passed it. Every staff-only capability, in the admin or not, asks this first.
    """
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_lms_has_second_factor", None)
    if cached is None:
        cached = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        user._lms_has_second_factor = cached
    return cached
