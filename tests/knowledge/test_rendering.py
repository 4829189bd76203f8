"""A hostile article cannot run script in a reader's browser: Markdown is rendered with raw
HTML off and then allow-listed."""

from html.parser import HTMLParser

import pytest

from sellerdesk.knowledge import markdown

HOSTILE = """# Totally normal article

<script>alert('x')</script>
<img src=x onerror=alert(1)>
<a href="javascript:alert(1)">click</a>
<iframe src="https://evil.example"></iframe>
<svg onload=alert(1)></svg>

[markdown link](javascript:alert(document.cookie))
[data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)
![image](https://img.example/x.png "t\\" onerror=\\"alert(1)")
[vb](vbscript:msgbox(1))
<div style="background:url(javascript:alert(1))">styled</div>

A [good link](https://example.com/help) and **bold** text.

| a | b |
|---|---|
| <b onmouseover=alert(1)>x</b> | y |
"""


class _Elements(HTMLParser):
    """Every element and attribute as a browser would build them."""

    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {k.lower(): (v or "") for k, v in attrs}))


def _assert_inert(html: str) -> None:
    parser = _Elements()
    parser.feed(html)
    assert parser.elements, "nothing rendered"
    for tag, attrs in parser.elements:
        assert tag not in {"script", "iframe", "svg", "object", "embed", "style", "form"}, tag
        for name, value in attrs.items():
            assert not name.startswith("on"), f"{tag} has {name}"
            assert name != "style", f"{tag} has a style attribute"
            if name in {"href", "src"}:
                scheme = value.strip().lower().split(":", 1)[0] if ":" in value else ""
                assert scheme in {"", "http", "https", "mailto"}, f"{tag} {name}={value}"


def test_hostile_markdown_renders_inert():
    html = markdown.render(HOSTILE)
    _assert_inert(html)
    assert (
        '<a href="https://example.com/help" rel="noopener noreferrer nofollow">good link</a>'
        in html
    )
    assert "<strong>bold</strong>" in html
    assert "<table>" in html
    # Raw HTML is shown as text, not dropped silently.
    assert "&lt;script&gt;" in html


def test_sanitizer_alone_strips_what_markdown_would_have_escaped():
    html = markdown.sanitize(
        '<p onclick="x()">a</p><script>b()</script><a href="javascript:c()">d</a>'
        '<img src="x" onerror="e()"><a href="https://ok.example" target="_blank">f</a>'
    )
    _assert_inert(html)
    assert "<script" not in html and "b()" not in html


def test_plain_text_keeps_the_words_and_drops_the_markup():
    text = markdown.plain_text(HOSTILE)
    assert "good link" in text and "bold" in text
    assert "**" not in text and "](https" not in text


@pytest.mark.django_db
def test_hostile_article_page_is_safe(make_article, client_for, seller_owner):
    article = make_article(
        "<script>alert('title')</script> Hostile",
        HOSTILE,
        summary='"><img src=x onerror=alert(2)>',
        video_url="https://video.example/watch?v=1",
    )
    response = client_for(seller_owner).get(f"/university/articles/{article.pk}")
    assert response.status_code == 200
    page = response.content.decode()
    body = page.split('<div class="kb-body">', 1)[1].split("</article>", 1)[0]
    _assert_inert(body)
    assert "<script>alert('title')" not in page
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt; Hostile" in page
    assert "<img src=x onerror" not in page


@pytest.mark.django_db
def test_hostile_article_is_safe_in_search_snippets(make_article, client_for, seller_owner):
    make_article("Hostile snippet", "shipping <script>alert(1)</script> late <img onerror=x>")
    response = client_for(seller_owner).get("/university/search", {"q": "shipping late"})
    page = response.content.decode()
    results = page.split('id="kb-results"', 1)[1]
    assert "<script>alert(1)" not in results
    assert "<img onerror" not in results
    assert "<mark>" in results


def test_video_links_must_be_http():
    assert markdown.is_safe_url("https://video.example/x")
    assert not markdown.is_safe_url("javascript:alert(1)")
    assert not markdown.is_safe_url('https://x.example/"onmouseover=alert(1)')


@pytest.mark.django_db
def test_a_javascript_video_link_is_refused(make_article):
    from sellerdesk.lib.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as exc:
        make_article("Video", "x", video_url="javascript:alert(1)")
    assert exc.value.errors[0].field == "video_url"


def test_plain_text_and_snippets_put_no_spaces_into_chinese():
    from sellerdesk.knowledge import snippets
    from sellerdesk.knowledge.text import parse_query

    body = "请检查**账户健康**指标，[点击这里](https://x.example)查看。\n\n第二段：`迟发率`说明。"
    text = markdown.plain_text(body)
    assert text == "请检查账户健康指标，点击这里查看。\n第二段：迟发率说明。"
    snippet = snippets.highlight(text, parse_query("迟发率"), width=180)
    assert snippet == "请检查账户健康指标，点击这里查看。第二段：<mark>迟发率</mark>说明。"
    # Plain text stored before the fix, with spaces where the markup was.
    old = "请检查 账户健康 指标， 点击这里 查看。"
    assert " " not in snippets.highlight(old, parse_query("指标"))
    # Spaces next to Latin words, and between English words, stay.
    assert snippets.highlight("使用 FBA 发货 and **more** words", parse_query("发货")) == (
        "使用 FBA <mark>发货</mark> and **more** words"
    )
    assert markdown.plain_text("Use **FBA** now, see [docs](https://x.example).") == (
        "Use FBA now, see docs."
    )


def test_search_snippet_of_a_chinese_article_has_no_inserted_spaces(make_article):
    from sellerdesk.knowledge import selectors

    make_article(
        "库存绩效",
        "请关注**库存绩效指标**，并在[卖家平台](https://x.example)查看详情。",
        language="zh-hans",
    )
    hit = selectors.search_articles("绩效指标").hits[0]
    assert "请关注库存<mark>绩效指标</mark>，并在卖家平台查看详情。" in str(hit.snippet_html)
