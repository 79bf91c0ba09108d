"""Generate a synthetic site (cities, learners, progress, attempts, certificates) for benchmarks."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from devtools.generator import SIZES, GeneratorError, generate_site


class Command(BaseCommand):
    help = (
        "Create cities and learners with realistic progress, for measuring dashboards: "
        "xs 2x20, s 5x200, m 10x2,000, l 20x10,000, xl 40x25,000 (cities x learners)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--size", choices=list(SIZES), default="s")
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same site.")

    def handle(self, *args, size: str, seed: int, **options) -> None:
        cities, learners = SIZES[size]
        self.stdout.write(f"Generating size {size}: {cities} cities x {learners:,} learners")
        try:
            report = generate_site(size, seed=seed, log=self.stdout.write)
        except GeneratorError as error:
            raise CommandError(str(error)) from error
        total = sum(report.counts.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Done: {total:,} rows in {report.total_seconds:.1f} s "
                f"({', '.join(f'{name} {count:,}' for name, count in report.counts.items())})"
            )
        )
