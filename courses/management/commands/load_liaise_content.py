from django.core.management.base import BaseCommand, CommandError

from courses.loader import ContentError, load_content
from courses.translations import CONTENT_LANGUAGES, export_po_files, import_po_files


class Command(BaseCommand):
    help = (
        "Create or update the six LIAISE modules from courses/content/ and import their "
        "translations (PO files) through wagtail-localize. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-translations", action="store_true", help="Load the English source only."
        )
        parser.add_argument(
            "--export-po",
            nargs="+",
            metavar="LANG",
            help="After loading the source, write (or refresh) the PO files of these languages for "
            "translators, keeping every translation already there; imports nothing.",
        )

    def handle(self, *args, **options):
        try:
            report = load_content()
        except ContentError as error:
            raise CommandError(str(error)) from error
        for outcome in ("created", "updated"):
            for label in getattr(report, outcome):
                self.stdout.write(f"{outcome}: {label}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Source: {len(report.created)} created, {len(report.updated)} updated, "
                f"{len(report.unchanged)} unchanged."
            )
        )
        if options["export_po"]:
            written = export_po_files(options["export_po"])
            self.stdout.write(self.style.SUCCESS(f"Wrote {len(written)} PO files."))
            return
        if options["no_translations"]:
            return
        translations = import_po_files(CONTENT_LANGUAGES)
        for warning in translations.warnings:
            self.stderr.write(f"warning: {warning}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Translations ({', '.join(CONTENT_LANGUAGES)}): {len(translations.saved)} saved, "
                f"{len(translations.unchanged)} unchanged, {len(translations.missing)} not yet "
                "complete."
            )
        )
