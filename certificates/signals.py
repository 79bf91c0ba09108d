"""Housekeeping: a deleted certificate (e.g. with an erased account) takes its PDF with it."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import Certificate


@receiver(post_delete, sender=Certificate, dispatch_uid="certificates_delete_pdf")
def delete_pdf_file(sender, instance: Certificate, **kwargs) -> None:
    if not instance.pdf:
        return
    storage, name = instance.pdf.storage, instance.pdf.name
    # Only once the deletion is committed: a rolled-back erasure must keep its file.
    transaction.on_commit(lambda: storage.delete(name))
