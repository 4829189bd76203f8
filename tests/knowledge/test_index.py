"""Search over hand-made articles: the exact-title rule, and the index following every
write of the services."""

from sellerdesk.knowledge import selectors, services
from sellerdesk.knowledge.models import Article, ArticleSearch, Category


def keys(result, n=3):
    return [(hit.article.key, hit.article.language) for hit in result.hits[:n]]


def test_an_exact_title_match_ranks_first(make_article):
    noisy = make_article(
        "Fixing late shipment rate problems: late shipment rate, late shipment rate",
        "Late shipment rate. " * 40,
        tags="late shipment rate, late shipment rate",
    )
    exact = make_article("Late shipment rate", "A short note.")
    result = selectors.search_articles("late shipment rate")
    assert result.hits[0].article == exact
    assert result.hits[0].exact_title
    assert noisy in [hit.article for hit in result.hits]


def test_an_exact_chinese_title_match_ranks_first(make_article):
    make_article("迟发率太高怎么办？迟发率、迟发率", "迟发率" * 30, language="zh-hans")
    exact = make_article("迟发率", "简短说明。", language="zh-hans")
    result = selectors.search_articles("迟发率")
    assert result.hits[0].article == exact


def test_index_follows_the_services(make_article):
    article = make_article("Valid tracking rate", "Carrier scans.", key="vtr")
    assert keys(selectors.search_articles("carrier scans")) == [("vtr", "en")]
    services.article_update(actor=None, article=article, body="Tracking numbers.")
    assert selectors.search_articles("carrier scans").hits == []
    assert keys(selectors.search_articles("tracking numbers")) == [("vtr", "en")]
    services.article_update(actor=None, article=article, status=Article.Status.DRAFT)
    assert selectors.search_articles("tracking numbers").hits == []
    assert not ArticleSearch.objects.filter(article=article).exists()
    services.article_update(actor=None, article=article, status=Article.Status.PUBLISHED)
    assert keys(selectors.search_articles("tracking numbers")) == [("vtr", "en")]
    services.article_update(
        actor=None, article=article, category=Category.objects.get(code="appeals")
    )
    assert selectors.search_articles("tracking numbers", category="support").hits == []
    assert selectors.search_articles("tracking numbers", category="appeals").hits
    services.article_delete(actor=None, article=article)
    assert selectors.search_articles("tracking numbers").hits == []


def test_broad_queries_rank_title_matches_then_the_newest_matches(make_article, settings):
    """Each tier scores at most KB_SEARCH_RANK_CAP matches: title and tag matches first, then
    the newest of the rest (docs/adr/0005-knowledge-base-search.md)."""
    titled = make_article("Widget guide", "Nothing else here.", key="titled")
    bodies = [make_article(f"Note {i}", "All about the widget.", key=f"b{i}") for i in range(5)]
    settings.SELLERDESK = {**settings.SELLERDESK, "KB_SEARCH_RANK_CAP": 2}
    capped = [hit.article for hit in selectors.search_articles("widget").hits]
    assert capped == [titled, bodies[4], bodies[3]] or capped[:1] == [titled]
    assert set(capped[1:]) == {bodies[4], bodies[3]}
    settings.SELLERDESK = {**settings.SELLERDESK, "KB_SEARCH_RANK_CAP": 0}
    everything = [hit.article for hit in selectors.search_articles("widget").hits]
    assert everything[0] == titled and set(everything) == {titled, *bodies}


def test_the_newest_matches_are_scored_however_sparse_they_are(make_article, settings):
    """The cap takes the newest matches even when they are far apart: on PostgreSQL they are
    gathered from windows of ids, newest first (search._postgres_tier), and a window that
    finds nothing, or too little, must not hide older matches."""
    old = [make_article(f"Old note {i}", "All about the gizmo.", key=f"old{i}") for i in range(3)]
    for i in range(25):
        make_article(f"Filler {i}", "Nothing to see.", key=f"filler{i}")
    recent = make_article("Recent note", "The gizmo again.", key="recent")
    for i in range(10):
        make_article(f"Later filler {i}", "Still nothing.", key=f"later{i}")
    settings.SELLERDESK = {**settings.SELLERDESK, "KB_SEARCH_RANK_CAP": 3}
    capped = {hit.article for hit in selectors.search_articles("gizmo").hits}
    assert capped == {recent, old[2], old[1]}
    settings.SELLERDESK = {**settings.SELLERDESK, "KB_SEARCH_RANK_CAP": 2}
    assert {hit.article for hit in selectors.search_articles("gizmo").hits} == {recent, old[2]}
    settings.SELLERDESK = {**settings.SELLERDESK, "KB_SEARCH_RANK_CAP": 0}
    everything = {hit.article for hit in selectors.search_articles("gizmo").hits}
    assert everything == {recent, *old}
