"""The starter corpus: enough real articles in both languages, linked translations, loaded
idempotently by the demo, the management command and the CLI."""

import pytest
from django.core.management import call_command

from sellerdesk.audit.models import AuditEvent
from sellerdesk.knowledge import corpus, frontmatter
from sellerdesk.knowledge.models import Article

pytestmark = pytest.mark.django_db


def test_corpus_has_twenty_articles_per_language_with_translations(loaded_corpus):
    assert Article.objects.filter(language="zh-hans", status="published").count() >= 20
    assert Article.objects.filter(language="en", status="published").count() >= 20
    keys_en = set(Article.objects.filter(language="en").values_list("key", flat=True))
    keys_zh = set(Article.objects.filter(language="zh-hans").values_list("key", flat=True))
    assert keys_en == keys_zh
    categories = set(Article.objects.values_list("category__code", flat=True))
    assert {"registration", "listings", "fulfilment", "advertising", "account-health"} <= categories
    assert {"appeals", "brand-protection", "support", "programs"} <= categories


def test_corpus_states_the_products_numbers(loaded_corpus):
    metrics = Article.objects.get(key="account-health-metrics", language="en").body
    for fact in ("below 1 %", "below 4 %", "below 2.5 %", "above 95 %", "above 90 %"):
        assert fact in metrics
    assert "$10,000" in Article.objects.get(key="premium-support-eligibility", language="en").body
    assert "400" in Article.objects.get(key="account-health-score", language="zh-hans").body
    assert (
        "123-1234567-1234567" in Article.objects.get(key="case-checklist", language="zh-hans").body
    )


def test_reloading_is_a_no_op(db, loaded_corpus):
    before = AuditEvent.objects.count()
    report = corpus.load()
    assert (report.created, report.updated) == ([], [])
    assert AuditEvent.objects.count() == before


def test_a_changed_file_updates_its_article(tmp_path):
    folder = tmp_path / "en"
    folder.mkdir()
    (tmp_path / "zh-hans").mkdir()
    path = folder / "x.md"
    path.write_text("---\nkey: x\ntitle: First\ncategory: support\n---\nBody one.\n")
    assert corpus.load(tmp_path).created == ["en/x.md"]
    path.write_text("---\nkey: x\ntitle: Second\ncategory: support\n---\nBody two.\n")
    assert corpus.load(tmp_path).updated == ["en/x.md"]
    article = Article.objects.get(key="x")
    assert (article.title, article.body_text) == ("Second", "Body two.")


def test_a_bad_file_stops_the_load_and_names_itself(tmp_path):
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "good.md").write_text("---\nkey: g\ntitle: G\ncategory: support\n---\nx\n")
    (tmp_path / "en" / "zbad.md").write_text("---\nkey: b\ntitle: B\ncategory: nope\n---\nx\n")
    with pytest.raises(frontmatter.FrontMatterError, match="en/zbad.md: unknown category"):
        corpus.load(tmp_path)
    assert not Article.objects.filter(key="g").exists()  # all or nothing


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("no front matter", "must start"),
        ("---\nkey: a\n", "not closed"),
        ("---\nkey a\n---\n", "expected 'name: value'"),
        ("---\nkey: a\n---\nbody", "missing title, category"),
    ],
)
def test_front_matter_errors(text, message):
    with pytest.raises(frontmatter.FrontMatterError, match=message):
        frontmatter.parse(text, name="f.md")


def test_front_matter_lists_and_colons_in_values():
    doc = frontmatter.parse(
        "---\nkey: k\ntitle: A: b\ncategory: c\ntags: [one, two]\n---\n# Body\n"
    )
    assert doc.get("title") == "A: b"
    assert doc.get_list("tags") == ["one", "two"]
    assert doc.body == "# Body\n"


def test_management_command_and_cli(tmp_path, capsys):
    from sellerdesk.cli import main

    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "a.md").write_text(
        "---\nkey: zz-cli\ntitle: Quokka guide\ncategory: support\n---\nquokkas\n"
    )
    call_command("kb_load", "--path", str(tmp_path))
    assert "1 created" in capsys.readouterr().out
    call_command("kb_reindex")
    assert "reindexed" in capsys.readouterr().out
    assert main(["kb", "search", "quokka"]) == 0
    assert "Quokka guide" in capsys.readouterr().out
    assert main(["kb", "load", "--path", str(tmp_path / "missing")]) == 2
