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


def ensure_moderation() -> None:
    """Create or update the workflow, its assignments and the roles' permissions; idempotent."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import WorkflowContentType

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


def ensure_moderation_after_migrate(**kwargs) -> None:
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=kwargs.get("using", "default"))
    ensure_moderation()
