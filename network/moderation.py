"""The coordinators' approval workflow and the network permissions of each role, from code."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lms.roles import CITY_LEADS, COORDINATORS, ensure_roles

WORKFLOW_NAME = "Network coordinators' approval"
TASK_NAME = "Approval by a network coordinator"
WORKFLOW_LABEL = _("Network coordinators' approval")

# "app_label.codename" permissions each role holds on the network's content.
NETWORK_ROLE_PERMISSIONS: dict[str, list[str]] = {
    CITY_LEADS: [
        "network.add_routecard",
        "network.change_routecard",
        "network.view_routecard",
        # Not wagtail_localize.submit_translation: its views check no object permission, so it
        # would let a lead translate any page or card. Leads translate their own city's card
        # through network.wagtail_hooks.translate_card_view.
    ],
    COORDINATORS: [
        "network.add_routecard",
        "network.change_routecard",
        "network.delete_routecard",
        "network.view_routecard",
        "network.publish_routecard",
        "network.review_network_content",
        "wagtail_localize.submit_translation",
    ],
}
# The collection for route cards' and practices' documents (local strategies, leaflets): leads
# upload and choose there (Wagtail lets an uploader edit their own documents, not others');
# coordinators also change any of them.
DOCUMENTS_COLLECTION = "Network documents"
DOCUMENT_PERMISSIONS = {
    CITY_LEADS: ["wagtaildocs.add_document", "wagtaildocs.choose_document"],
    COORDINATORS: [
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
    ],
}
# Page permissions on each practice exchange (leads author, coordinators also publish).
PRACTICE_PAGE_PERMISSIONS = {
    CITY_LEADS: ["add_page", "change_page"],
    COORDINATORS: ["add_page", "change_page", "publish_page"],
}


def _permission(dotted: str):
    from django.contrib.auth.models import Permission

    app_label, codename = dotted.split(".", 1)
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()


def coordinators_workflow():
    """The one-step workflow: a network coordinator approves, then it is published."""
    from django.contrib.auth.models import Group
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowTask

    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    task.groups.add(Group.objects.get(name=COORDINATORS))
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow


def moderate_practice_index(index, workflow=None) -> None:
    """Practices under `index` go through the workflow; leads may author there."""
    from django.contrib.auth.models import Group
    from wagtail.models import GroupPagePermission, WorkflowPage

    workflow = workflow or coordinators_workflow()
    WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
    for role, codenames in PRACTICE_PAGE_PERMISSIONS.items():
        group = Group.objects.get(name=role)
        for codename in codenames:
            perm = _permission(f"wagtailcore.{codename}")
            if perm:
                GroupPagePermission.objects.get_or_create(group=group, page=index, permission=perm)


def documents_collection():
    """The network's document collection, with the roles' permissions on it."""
    from django.contrib.auth.models import Group
    from wagtail.models import Collection, GroupCollectionPermission

    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=DOCUMENTS_COLLECTION).first()
    if collection is None:
        collection = root.add_child(name=DOCUMENTS_COLLECTION)
    for role, dotted_perms in DOCUMENT_PERMISSIONS.items():
        group = Group.objects.get(name=role)
        for permission in filter(None, map(_permission, dotted_perms)):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=permission
            )
    return collection


def ensure_moderation() -> None:
    """Create or update the workflow, its assignments and the roles' permissions; idempotent."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Collection, WorkflowContentType

    from .models import PracticeIndexPage, RouteCard

    groups = ensure_roles()
    for role, dotted_perms in NETWORK_ROLE_PERMISSIONS.items():
        perms = [p for p in map(_permission, dotted_perms) if p is not None]
        groups[role].permissions.add(*perms)
    workflow = coordinators_workflow()
    WorkflowContentType.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(RouteCard), defaults={"workflow": workflow}
    )
    for index in PracticeIndexPage.objects.all():
        moderate_practice_index(index, workflow)
    if Collection.get_first_root_node() is not None:
        documents_collection()


def ensure_moderation_after_migrate(**kwargs) -> None:
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=kwargs.get("using", "default"))
    ensure_moderation()
