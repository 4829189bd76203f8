"""Search over the starter corpus, on whichever database runs the suite (SQLite FTS5 by
default, PostgreSQL with DATABASE_URL)."""

import pytest

from sellerdesk.knowledge import selectors
from sellerdesk.lib.errors import NotFound

pytestmark = pytest.mark.django_db


def keys(result, n=3):
    return [(hit.article.key, hit.article.language) for hit in result.hits[:n]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("账户健康", "account-health-score"),
        ("如何开case", "how-to-open-a-case"),
        ("绩效指标", "account-health-metrics"),
        ("POA 申诉", "plan-of-action"),
        ("订单缺陷率", "order-defect-rate"),
        ("迟发率", "late-shipment-rate"),
        ("品牌备案", "brand-registry"),
        ("FBA 库存", "fba-inventory-problems"),
        ("高级支持", "premium-support-eligibility"),
    ],
)
def test_chinese_queries_find_the_right_article(loaded_corpus, query, expected):
    result = selectors.search_articles(query)
    assert (expected, "zh-hans") in keys(result), keys(result, 10)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("shipping late", "late-shipment-rate"),
        ("late shipments", "late-shipment-rate"),
        ("cancelled orders cancel rate", "pre-fulfilment-cancel-rate"),
        ("tracked shipments", "valid-tracking-rate"),
        ("deactivated account appeal", "appeal-after-deactivation"),
        ("writing plans of action", "plan-of-action"),
        ("missing disbursements", "payments-case"),
        ("escalating", "escalation-72-hours"),
        ("suppressed listings", "suppressed-listings"),
    ],
)
def test_english_queries_with_inflections_find_the_right_article(loaded_corpus, query, expected):
    result = selectors.search_articles(query, language="en")
    assert (expected, "en") in keys(result), keys(result, 10)


def test_shipping_late_ranks_late_shipment_rate_first(loaded_corpus):
    result = selectors.search_articles("shipping late", language="en")
    assert result.hits[0].article.key == "late-shipment-rate"
    assert "<mark>" in result.hits[0].snippet_html


def test_snippets_highlight_chinese_matches(loaded_corpus):
    hit = selectors.search_articles("绩效指标")
    assert "<mark>绩效指标</mark>" in str(hit.hits[0].snippet_html) + str(hit.hits[0].title_html)


def test_filters_by_language_and_category(loaded_corpus):
    both = selectors.search_articles("POA", limit=50)
    assert {h.article.language for h in both.hits} == {"en", "zh-hans"}
    english = selectors.search_articles("POA", language="en", limit=50)
    assert english.hits and {h.article.language for h in english.hits} == {"en"}
    appeals = selectors.search_articles("POA", category="appeals", limit=50)
    assert appeals.hits and {h.article.category.code for h in appeals.hits} == {"appeals"}


def test_unknown_category_is_not_found(loaded_corpus):
    with pytest.raises(NotFound):
        selectors.search_articles("POA", category="nope")


def test_relaxed_when_no_article_has_every_word(loaded_corpus):
    result = selectors.search_articles("迟发率 火星")
    assert result.relaxed
    assert result.hits[0].article.key == "late-shipment-rate"


def test_nothing_for_nonsense_or_empty(loaded_corpus):
    assert selectors.search_articles("zzqxv").hits == []
    assert selectors.search_articles("   ").hits == []


def test_query_syntax_characters_are_only_text(loaded_corpus):
    for query in ['"', "'", "AND OR NOT", "a* b*", "(账户", "NEAR(x y)", "facets : xlangen", "\\"]:
        selectors.search_articles(query)  # no database error


def test_pages_do_not_repeat(loaded_corpus):
    first = selectors.search_articles("account", limit=3)
    second = selectors.search_articles("account", limit=3, offset=3)
    assert first.has_more
    assert not {h.article.pk for h in first.hits} & {h.article.pk for h in second.hits}


def test_suggestions_mix_subject_matches_and_the_case_types_articles(loaded_corpus):
    from sellerdesk.cases.models import CaseType

    payments = CaseType.objects.get(code="payments")
    items = selectors.suggestions_for_case(
        subject="结算款一直没到账", case_type=payments, language="zh-hans"
    )
    keys_ = [getattr(i, "article", i).key for i in items]
    assert "payments-case" in keys_
    typed = selectors.suggestions_for_case(subject="", case_type=payments, language="en")
    assert typed[0].key == "payments-case"
    assert {a.language for a in typed} == {"en"}
