"""`search_index_rebuild`: write the search index of every case anew.

    python manage.py search_index_rebuild

The index follows every write by itself (cases/services/search_index.py); this
is for after a bulk load (`bench_seed`, an import straight into the database) or
an upgrade that changes what is indexed. `migrate` runs it once when the index
is empty and there are cases (CasesConfig). Prints how many cases it wrote.
"""

import time

from django.core.management.base import BaseCommand

from cases.services.search_index import search_index_rebuild


class Command(BaseCommand):
    help = "Write the search index of every case anew (after a bulk load)."

    def handle(self, *args, **options):
        start = time.perf_counter()
        written = search_index_rebuild()
        self.stdout.write(
            f"Indexed {written} cases in {time.perf_counter() - start:.1f} s."
        )
