from django.core.management.base import BaseCommand

from sellerdesk.reports.rollup import rollup_rebuild


class Command(BaseCommand):
    help = "Recount the reports' fact rows and daily rollups from every case."

    def handle(self, *args, **options):
        result = rollup_rebuild()
        self.stdout.write(
            f"{result['cases']} cases, {result['day_rows']} day rows, "
            f"{result['bucket_rows']} bucket rows"
        )
