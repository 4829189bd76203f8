"""The pure text layer: segmentation, stemming, query parsing, snippets."""

from sellerdesk.knowledge import snippets, text


def test_english_inflections_share_a_lexeme():
    assert text.stem("shipping") == text.stem("shipment") == text.stem("shipped") == "ship"
    assert text.stem("cancelled") == text.stem("cancellation") == text.stem("cancel")
    assert text.stem("payments") == text.stem("payment") == "pay"
    assert text.stem("B0ABCDEFGH".lower()) == "b0abcdefgh"  # identifiers are kept whole


def test_chinese_is_segmented_with_the_parts_of_compounds_indexed():
    lexemes = text.index_lexemes("账户健康评分低于400会触发自动审核")
    assert {"账户", "健康", "账户健康", "400"} <= set(lexemes)


def test_order_ids_and_full_width_text_are_normalised():
    assert text.index_lexemes("Order 123-1234567-1234567") == ["order", "123", "1234567", "1234567"]
    assert text.index_lexemes("ＡＳＩＮ") == ["asin"]


def test_query_words_must_all_match_and_stop_words_are_dropped():
    query = text.parse_query("How to fix my late shipment rate")
    assert [g.alternatives[0][0] for g in query.groups] == ["fix", "late", "ship", "rate"]


def test_chinese_compound_matches_whole_or_by_its_parts():
    query = text.parse_query("账户健康")
    assert query.groups[0].alternatives == (("账户健康",), ("账户", "健康"))


def test_single_chinese_characters_only_count_when_nothing_else_is_left():
    query = text.parse_query("如何开case")
    assert len(query.groups) == 1
    assert query.groups[0].alternatives[0] == ("case",)
    assert ("案例",) in query.groups[0].alternatives  # a synonym sellers use


def test_prefix_search_matches_an_unfinished_word():
    query = text.parse_query("shipm", prefix=True)
    assert ("ship*",) in query.groups[0].alternatives


def test_empty_and_punctuation_only_queries_are_empty():
    assert text.parse_query("").empty
    assert text.parse_query("？？ !!").empty
    assert text.parse_query("the of and").empty


def test_highlight_escapes_everything_but_its_marks():
    query = text.parse_query("late")
    html = snippets.highlight('<script>alert("x")</script> shipped late & <b>', query)
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html
    assert "<mark>late</mark>" in html
    assert "&amp;" in html


def test_highlight_picks_the_window_with_the_matches():
    query = text.parse_query("迟发率")
    body = (
        "无关内容。" * 100 + "迟发率是指晚于最晚发货日期确认发货的订单比例。" + "其他内容。" * 100
    )
    snippet = snippets.highlight(body, query, width=60)
    assert "<mark>迟发率</mark>" in snippet
    assert snippet.startswith("…") and snippet.endswith("…")
    assert len(snippet.replace("<mark>", "").replace("</mark>", "")) <= 62


def test_fold_title_ignores_case_width_spacing_and_trailing_punctuation():
    assert text.fold_title("  Late  Shipment Rate. ") == text.fold_title("late shipment rate")
    assert text.fold_title("账户健康：") == "账户健康"


def test_jieba_is_loaded_once_and_shared():
    assert text.jieba_tokenizer() is text.jieba_tokenizer()
