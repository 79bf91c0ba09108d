"""Invitations: a city lead uploads names and emails; each person gets a link in their language.

The whole file is checked first and every bad line reported by number; then all invitations are
created in one transaction (or none), and the emails leave after commit via Celery.
"""

from __future__ import annotations

import csv
import io
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from uuid import UUID

from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms.http import Refused
from lms.learners import LearnerDetails, create_learner
from lms.learning.services import UnknownModule, enrol
from lms.models import City, Profession

from .models import Invitation

if TYPE_CHECKING:
    from django.contrib.auth.models import User as AuthUser

    from .forms import AcceptInvitationForm

logger = logging.getLogger(__name__)

User = get_user_model()
MAX_ROWS = 2_000
LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}
NAME_HEADERS = {"full_name", "name"}


class InvitationError(Refused):
    """An invitation that can no longer be accepted (used or expired)."""

    status = 410
    title = gettext_lazy("Invitation no longer valid")


@dataclass
class ImportResult:
    invitations: list[Invitation] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # "Line 4: ..." messages, in file order


def _line_error(line: int, message: str) -> str:
    return _("Line %(line)s: %(message)s") % {"line": line, "message": message}


def parse_rows(content: bytes) -> tuple[list[tuple[int, dict]], list[str]]:
    """Decode and split the CSV; (line number, row) pairs, or the file-level errors."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [_("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again.")]
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    headers = {(name or "").strip().lower() for name in reader.fieldnames or []}
    if "email" not in headers or not headers & NAME_HEADERS:
        return [], [
            _(
                "The first line must name the columns: full_name, email, and optionally "
                "language and profession."
            )
        ]
    rows = []
    for row in reader:
        clean = {
            (key or "").strip().lower(): (value or "").strip()
            for key, value in row.items()
            if not isinstance(value, list)
        }
        if any(clean.values()):
            rows.append((reader.line_num, clean))
    if not rows:
        return [], [_("The file has no invitations in it.")]
    if len(rows) > MAX_ROWS:
        return [], [_("Invite at most %(max)s people per file.") % {"max": MAX_ROWS}]
    return rows, []


def import_invitations(
    city: City, content: bytes, invited_by: AuthUser, *, module_key: UUID | None = None
) -> ImportResult:
    """Validate every line, then create all invitations in one transaction, or none.

    With `module_key`, each invitee is enrolled in that module when they accept.
    """
    result = ImportResult()
    rows, result.errors = parse_rows(content)
    if result.errors:
        return result
    emails = [row.get("email", "").lower() for _line, row in rows]
    taken = set(
        EmailAddress.objects.filter(email__in=emails).values_list("email", flat=True)
    ) | set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    taken = {email.lower() for email in taken}
    invited = {
        email.lower()
        for email in Invitation.objects.pending()
        .filter(email__in=emails)
        .values_list("email", flat=True)
    }
    default_language = (city.languages or [settings.LANGUAGE_CODE])[0]
    seen: dict[str, int] = {}
    pending: list[Invitation] = []
    for line, row in rows:
        name = " ".join((row.get("full_name") or row.get("name") or "").split())
        email = row.get("email", "").lower()
        language = (row.get("language") or default_language).lower()
        profession = row.get("profession", "")
        problems = []
        if not name:
            problems.append(_("the name is missing."))
        elif len(name) > 150:
            problems.append(_("the name is longer than 150 characters."))
        try:
            validate_email(email)
        except ValidationError:
            problems.append(_("“%(email)s” is not a valid email address.") % {"email": email})
        else:
            if email in seen:
                problems.append(
                    _("%(email)s is already on line %(line)s.")
                    % {"email": email, "line": seen[email]}
                )
            elif email in taken:
                problems.append(_("%(email)s already has an account.") % {"email": email})
            elif email in invited:
                problems.append(_("%(email)s has already been invited.") % {"email": email})
            seen.setdefault(email, line)
        if language not in LANGUAGE_CODES:
            problems.append(
                _("unknown language “%(code)s” (use one of %(codes)s).")
                % {"code": language, "codes": ", ".join(sorted(LANGUAGE_CODES))}
            )
        if profession and profession not in Profession.values:
            problems.append(
                _("unknown profession “%(value)s” (use one of %(values)s).")
                % {"value": profession, "values": ", ".join(Profession.values)}
            )
        for problem in problems:
            result.errors.append(_line_error(line, problem))
        pending.append(
            Invitation(
                city=city,
                email=email,
                full_name=name,
                language=language,
                profession=profession,
                module_key=module_key,
                invited_by=invited_by,
            )
        )
    if result.errors:
        return result
    try:
        with transaction.atomic():
            result.invitations = Invitation.objects.bulk_create(pending)
    except IntegrityError:
        # Someone invited one of these addresses between our check and the insert.
        result.errors.append(_("Some of these people were invited meanwhile. Upload again."))
        result.invitations = []
        return result
    ids = [invitation.pk for invitation in result.invitations]

    from .tasks import send_invitations as task

    transaction.on_commit(lambda: task.delay(ids))
    return result


def accept_url(invitation: Invitation) -> str:
    with translation.override(invitation.language):
        path = reverse("dashboards_public:accept_invitation", args=[invitation.token])
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def send_invitations(invitation_ids: list[int]) -> int:
    """Email each not-yet-sent invitation in its own language; safe to run twice."""
    sent = 0
    for invitation in Invitation.objects.filter(
        pk__in=invitation_ids, sent_at__isnull=True, accepted_at__isnull=True
    ).select_related("city"):
        with translation.override(invitation.language):
            context = {
                "invitation": invitation,
                "url": accept_url(invitation),
                "site_name": settings.WAGTAIL_SITE_NAME,
            }
            subject = get_adapter().format_email_subject(
                _("You are invited to LIAISE Academy by %(city)s") % {"city": invitation.city}
            )
            body = render_to_string("dashboards/email/invitation.txt", context)
        send_mail(subject, body, None, [invitation.email])
        Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())
        sent += 1
    return sent


def check_invitation(invitation: Invitation) -> None:
    if invitation.accepted_at is not None:
        raise InvitationError(_("This invitation has already been used. Sign in instead."))
    if invitation.is_expired:
        raise InvitationError(
            _("This invitation has expired. Ask your city's coordinator for a new one.")
        )


def accept_invitation(request: HttpRequest, token: str, form: AcceptInvitationForm) -> AuthUser:
    """Create the learner's account from an invitation: verified email, profile in the city.

    `form` is a valid AcceptInvitationForm; the account is made by `lms.learners.create_learner`,
    like a sign-up, with the invitation's address stashed as verified (the link reached it).
    """
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().select_related("city").get(token=token)
        check_invitation(invitation)
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise InvitationError(_("An account with this email already exists. Sign in instead."))
        get_adapter(request).stash_verified_email(request, invitation.email)
        details = LearnerDetails(
            full_name=form.cleaned_data["full_name"],
            city=invitation.city,
            profession=form.cleaned_data["profession"],
            preferred_language=invitation.language,
        )
        user = create_learner(request, form, details)
        invitation.accepted_at = timezone.now()
        invitation.user = user
        invitation.save(update_fields=["accepted_at", "user"])
        if invitation.module_key:
            try:
                enrol(user, invitation.module_key, enrolled_by=invitation.invited_by)
            except UnknownModule:
                # The module was withdrawn since the invitation: the account stands, and the
                # learner picks a module from the catalogue.
                logger.info(
                    "Invitation %s: module %s is gone", invitation.pk, invitation.module_key
                )
    return user
