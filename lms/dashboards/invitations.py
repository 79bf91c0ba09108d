"""Invitations: a city lead uploads names and emails; each person gets a link in their language.

The whole file is checked first and every bad line reported by number; then all invitations are
created in one transaction (or none), and the emails leave after commit via Celery.
"""

from __future__ import annotations

import csv
import io
import logging
import unicodedata
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
from lms.learners import (
    EMAIL_TOO_LONG,
    MAX_EMAIL_LENGTH,
    LearnerDetails,
    clean_full_name,
    create_learner,
)
from lms.learning.services import UnknownModule, enrol
from lms.models import City

from .models import Invitation
from .professions import accepted_professions, profession_code

if TYPE_CHECKING:
    from django.contrib.auth.models import User as AuthUser

    from .forms import AcceptInvitationForm

logger = logging.getLogger(__name__)

User = get_user_model()
MAX_ROWS = 2_000
LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}
NAME_HEADERS = {"full_name", "name"}
DELIMITERS = ",;\t"


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


def _shown(value: str, limit: int = 60) -> str:
    """A value from the file as an error message quotes it: short, and without control
    characters (a NUL byte or a 200 kB cell is not echoed back whole)."""
    value = "".join("\ufffd" if unicodedata.category(char) == "Cc" else char for char in value)
    return value if len(value) <= limit else value[:limit] + "…"


def _delimiter(header: str) -> str:
    """The separator the header line uses most (`;` where Excel's list separator is one).

    Only the separator is guessed: quoting is always standard CSV (a quote inside a quoted
    value is doubled, `"Anna ""Nan"" Smith"`), which a sniffer reading the header alone
    cannot see.
    """
    return max(DELIMITERS, key=header.count)


class _CountedLines:
    """The file's lines, counting how many the CSV reader has taken, so that a line the reader
    cannot parse (a value beyond its field limit) is still reported by its number."""

    def __init__(self, text: str) -> None:
        self.lines = iter(io.StringIO(text))
        self.count = 0

    def __iter__(self) -> _CountedLines:
        return self

    def __next__(self) -> str:
        line = next(self.lines)
        self.count += 1
        return line


def parse_rows(content: bytes) -> tuple[list[tuple[int, dict | None]], list[str]]:
    """Decode and split the CSV; (line number, row) pairs, or the file-level errors.

    A line the CSV reader cannot parse comes as (line number, None), to be reported with the
    other lines' problems.
    """
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [_("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again.")]
    lines = _CountedLines(text)
    reader = csv.DictReader(lines, delimiter=_delimiter(text.split("\n", 1)[0]))
    try:
        headers = {(name or "").strip().lower() for name in reader.fieldnames or []}
    except csv.Error:
        headers = set()
    if "email" not in headers or not headers & NAME_HEADERS:
        return [], [
            _(
                "The first line must name the columns: full_name, email, and optionally "
                "language and profession."
            )
        ]
    rows: list[tuple[int, dict | None]] = []
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error:
            rows.append((lines.count, None))
            continue
        clean = {
            (key or "").strip().lower(): (value or "").strip()
            for key, value in row.items()
            if not isinstance(value, list)
        }
        if any(clean.values()):
            rows.append((lines.count, clean))
    if not rows:
        return [], [_("The file has no invitations in it.")]
    if len(rows) > MAX_ROWS:
        return [], [_("Invite at most %(max)s people per file.") % {"max": MAX_ROWS}]
    return rows, []


def _email_problem(email: str) -> str | None:
    """Why `email` cannot be invited as written, or None; checked before any query uses it."""
    try:
        validate_email(email)
    except ValidationError:
        return _("“%(email)s” is not a valid email address.") % {"email": _shown(email)}
    if len(email) > MAX_EMAIL_LENGTH:
        return str(EMAIL_TOO_LONG)
    return None


def _name_problem(name: str) -> tuple[str, str | None]:
    """The name as it will be stored, and why it cannot be, if so."""
    if not name.strip():
        return "", _("the name is missing.")
    try:
        name = clean_full_name(name)
    except ValidationError as error:
        return "", " ".join(error.messages)
    if len(name) > 150:
        return name, _("the name is longer than 150 characters.")
    return name, None


def import_invitations(
    city: City, content: bytes, invited_by: AuthUser, *, module_key: UUID | None = None
) -> ImportResult:
    """Validate every line, then create all invitations in one transaction, or none.

    With `module_key`, each invitee is enrolled in that module when they accept. An address
    with an account, or with a pending invitation from another city, is only said to be one
    that "cannot be invited": the lead learns nothing about other cities' people.
    """
    result = ImportResult()
    rows, result.errors = parse_rows(content)
    if result.errors:
        return result
    emails = [
        (row.get("email") or "").lower()
        for _line, row in rows
        if row is not None and _email_problem((row.get("email") or "").lower()) is None
    ]
    taken = set(
        EmailAddress.objects.filter(email__in=emails).values_list("email", flat=True)
    ) | set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    taken = {email.lower() for email in taken}
    invited = {
        email.lower(): city_id
        for email, city_id in Invitation.objects.pending()
        .filter(email__in=emails)
        .values_list("email", "city_id")
    }
    default_language = (city.languages or [settings.LANGUAGE_CODE])[0]
    seen: dict[str, int] = {}
    pending: list[Invitation] = []
    for line, row in rows:
        if row is None:
            result.errors.append(
                _line_error(
                    line,
                    _(
                        "this line cannot be read: a value is far too long, or a quote is "
                        "not closed."
                    ),
                )
            )
            continue
        email = row.get("email", "").lower()
        language = (row.get("language") or default_language).lower()
        profession_value = row.get("profession", "")
        profession = profession_code(profession_value) if profession_value else ""
        name, name_problem = _name_problem(row.get("full_name") or row.get("name") or "")
        problems = [name_problem] if name_problem else []
        email_problem = _email_problem(email)
        if email_problem:
            problems.append(email_problem)
        else:
            if email in seen:
                problems.append(
                    _("%(email)s is already on line %(line)s.")
                    % {"email": email, "line": seen[email]}
                )
            elif email in invited and invited[email] == city.pk:
                problems.append(_("%(email)s has already been invited.") % {"email": email})
            elif email in taken or email in invited:
                problems.append(_("%(email)s cannot be invited.") % {"email": email})
            seen.setdefault(email, line)
        if language not in LANGUAGE_CODES:
            problems.append(
                _("unknown language “%(code)s” (use one of %(codes)s).")
                % {"code": _shown(language), "codes": ", ".join(sorted(LANGUAGE_CODES))}
            )
        if profession is None:
            problems.append(
                _("unknown profession “%(value)s” (use one of %(values)s).")
                % {"value": _shown(profession_value), "values": accepted_professions()}
            )
        for problem in problems:
            result.errors.append(_line_error(line, problem))
        if not problems:
            pending.append(
                Invitation(
                    city=city,
                    email=email,
                    full_name=name,
                    language=language,
                    profession=profession or "",
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
