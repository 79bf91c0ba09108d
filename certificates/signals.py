"""What the certificates app listens to: completions from the learning journey, deleted rows."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from lms.learning.models import ModuleProgress
from lms.learning.signals import module_completed

from . import services
from .models import Certificate


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
