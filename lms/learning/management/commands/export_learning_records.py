"""Write learning records as xAPI statements, one JSON object per line, to stdout."""

from __future__ import annotations

from datetime import datetime, time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date

from lms.learning.models import LearningRecord
from lms.learning.queries import records_as_jsonl
from lms.models import City


class Command(BaseCommand):
    help = "Export learning records as xAPI statements in JSON lines (for reports and LRSs)."

    def add_arguments(self, parser):
        parser.add_argument("--since", help="Only records from this date on (YYYY-MM-DD).")
        parser.add_argument("--city", help="Only the records of this city (its slug).")

    def handle(self, *args, since=None, city=None, **options):
        records = LearningRecord.objects.all()
        if since:
            day = parse_date(since)
            if day is None:
                raise CommandError(f"--since: {since!r} is not a date like 2025-01-31.")
            start = timezone.make_aware(datetime.combine(day, time.min))
            records = records.filter(timestamp__gte=start)
        if city:
            found = City.objects.filter(slug=city).first()
            if found is None:
                raise CommandError(f"--city: no city with the slug {city!r}.")
            records = records.filter(city=found)
        for line in records_as_jsonl(records):
            self.stdout.write(line, ending="")
