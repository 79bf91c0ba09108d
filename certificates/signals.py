"""What the certificates app listens to: completions from the learning journey, deleted rows."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone

from lms.learning.models import ModuleProgress
from lms.learning.signals import module_completed
from lms.services import anonymise_log_entries
from lms.signals import account_erasing

from . import services
from .models import Certificate, ErasedCertificate, group_code


@receiver(module_completed, sender=ModuleProgress, dispatch_uid="certificates_module_completed")
def issue_on_completion(sender, progress: ModuleProgress, **kwargs) -> None:
    """Issue the module certificate (and the programme one when it is due) in the completion's
    transaction, so the certificate commits with the completion or not at all."""
    services.on_module_completed(progress)


@receiver(post_delete, sender=Certificate, dispatch_uid="certificates_delete_pdf")
def delete_pdf_file(sender, instance: Certificate, **kwargs) -> None:
    """A deleted certificate (e.g. with an erased account) takes its PDF with it."""
    if not instance.pdf:
        return
    storage, name = instance.pdf.storage, instance.pdf.name
    # Only once the deletion is committed: a rolled-back erasure must keep its file.
    transaction.on_commit(lambda: storage.delete(name))


@receiver(account_erasing, dispatch_uid="certificates_account_erasing")
def leave_tombstones(sender, user, **kwargs) -> None:
    """The erased learner's certificates go with the account; each leaves a tombstone (code and
    day, no name) and its history (revocation reasons, labels naming them) is anonymised."""
    certificates = list(
        Certificate.objects.filter(user_id=user.pk).values(
            "pk", "code", "kind", "city", "revoked_at"
        )
    )
    today = timezone.localdate()
    ErasedCertificate.objects.bulk_create(
        [
            ErasedCertificate(
                code=row["code"],
                erased_on=today,
                kind=row["kind"],
                city_id=row["city"] if row["revoked_at"] is None else None,
            )
            for row in certificates
        ],
        ignore_conflicts=True,
    )
    for row in certificates:
        anonymise_log_entries(Certificate, [row["pk"]], label=group_code(row["code"]))
