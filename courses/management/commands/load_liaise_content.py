from django.core.management.base import BaseCommand, CommandError

from courses.loader import ContentError, load_content


class Command(BaseCommand):
    help = "Create or update the six LIAISE modules from courses/content/ (idempotent)."

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
                f"{len(report.created)} created, {len(report.updated)} updated, "
                f"{len(report.unchanged)} unchanged."
            )
        )
