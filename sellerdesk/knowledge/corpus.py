"""The starter corpus: Markdown files with front matter under ``knowledge/corpus/<language>/``,
loaded through the services. Loading is idempotent: an unchanged file is skipped (by its
hash), a changed one updates its article, a new one creates it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from . import frontmatter, services
from .models import LANGUAGES, Article, Category

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0

    def __str__(self) -> str:
        return (
            f"{len(self.created)} created, {len(self.updated)} updated, {self.unchanged} unchanged"
        )


def corpus_files(root: Path = CORPUS_DIR) -> list[tuple[str, Path]]:
    files = []
    for language, _ in LANGUAGES:
        folder = root / language
        if folder.is_dir():
            files.extend((language, path) for path in sorted(folder.glob("*.md")))
    return files


def _values(doc: frontmatter.CorpusDoc, categories: dict[str, Category], name: str) -> dict:
    code = str(doc.get("category"))
    if code not in categories:
        raise frontmatter.FrontMatterError(f"{name}: unknown category {code!r}")
    return {
        "category": categories[code],
        "title": str(doc.get("title")),
        "summary": str(doc.get("summary")),
        "body": doc.body,
        "tags": ", ".join(doc.get_list("tags")),
        "video_url": str(doc.get("video")),
        "position": int(doc.get("position") or 100),
        "case_types": doc.get_list("case_types"),
    }


def load(root: Path = CORPUS_DIR) -> LoadReport:
    """Load every corpus file, all or nothing: a bad file stops the load and names itself."""
    if not root.is_dir():
        raise frontmatter.FrontMatterError(f"{root}: no such corpus folder")
    report = LoadReport()
    categories = {c.code: c for c in Category.objects.all()}
    with transaction.atomic():
        for language, path in corpus_files(root):
            raw = path.read_text(encoding="utf-8")
            name = f"{language}/{path.name}"
            doc = frontmatter.parse(raw, name=name)
            digest = hashlib.sha256(raw.encode()).hexdigest()
            key = str(doc.get("key"))
            values = _values(doc, categories, name)
            article = Article.objects.filter(key=key, language=language).first()
            if article is None:
                services.article_create(
                    actor=None,
                    key=key,
                    language=language,
                    source=name,
                    source_hash=digest,
                    **values,
                )
                report.created.append(name)
            elif article.source_hash != digest:
                services.article_update(
                    actor=None, article=article, source=name, source_hash=digest, **values
                )
                report.updated.append(name)
            else:
                report.unchanged += 1
    return report
