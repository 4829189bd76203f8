from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sellerdesk.knowledge import corpus
from sellerdesk.knowledge.frontmatter import FrontMatterError
from sellerdesk.lib.errors import DomainError


class Command(BaseCommand):
    help = "Load the Seller University corpus (Markdown with front matter), idempotently."

    def add_arguments(self, parser):
        parser.add_argument(
            "--path",
            type=Path,
            default=corpus.CORPUS_DIR,
            help="a folder with en/ and zh-hans/ subfolders of .md files",
        )

    def handle(self, *args, **options):
        try:
            report = corpus.load(options["path"])
        except (FrontMatterError, DomainError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Seller University corpus: {report}")
