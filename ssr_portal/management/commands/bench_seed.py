"""`bench_seed`: a generated county on PostgreSQL for `make bench` (ssr_portal/bench_seed.py).

    python manage.py bench_seed --cases 10000 --password ssr-bench
    python manage.py bench_seed --cases 1000000 --password ssr-bench

Refuses SQLite and a database that already has cases, unless --force.
"""

from django.core.management.base import BaseCommand

from ssr_portal import bench_seed


class Command(BaseCommand):
    help = "Generate a county's diarium in bulk on PostgreSQL for the benchmark (make bench)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--cases",
            type=int,
            default=bench_seed.DEFAULT_CASES,
            help=f"How many cases to generate (default {bench_seed.DEFAULT_CASES}).",
        )
        parser.add_argument(
            "--password",
            required=True,
            help=f"The password of the login {bench_seed.BENCH_USERNAME!r} the benchmark drives the pages with.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Add to a database that already has cases.",
        )

    def handle(self, *args, cases, password, force, **options):
        report = bench_seed.seed(
            cases=cases,
            password=password,
            force=force,
            progress=lambda line: self.stdout.write(line),
        )
        for line in bench_seed.summary(report):
            self.stdout.write(line)
