"""Benchmark: Seller University search over 100,000 generated articles (issue 6, "Must show").

    .venv/bin/python bench/kb_search.py --db sqlite   --articles 100000
    .venv/bin/python bench/kb_search.py --db postgres --articles 100000

A fresh database (SQLite in a temporary data dir, or the PostgreSQL database
``sellerdesk_bench_kb``, created and dropped here) is migrated and filled with ``--articles``
published articles, half Chinese and half English, spread over the nine categories. Each article
belongs to one of the corpus's topics (account health, late shipments, plans of action, FBA
inventory, …): its title mixes that topic's words, its body is sentences built from the topic's
words and from words every article uses ("账户", "订单", "account", "seller"…), so common
query words match tens of thousands of articles and topic words a few thousand, as in a real
knowledge base.

The search rows are written exactly as ``services.article_index`` writes them (jieba search
mode on Chinese, Porter2 + aliases on English), through ``bulk_create`` instead of one service
call per article: the benchmark measures searching, not authoring. Bodies are assembled from a
pool of sentences segmented once each; since segmentation never crosses punctuation, the index
text is the same as segmenting the whole body.

Each query is run ``--runs`` times through ``selectors.search_articles`` (parse, rank, the
exact-title lookup, loading the page of articles and building highlighted snippets: what the
API and the search page do) and, separately, through the ranking query alone. Reported: median,
p95, p99 and max in milliseconds, per language and overall.

Options: ``--json PATH`` writes the figures, ``--keep`` keeps the database, ``--reuse`` (with
``--data-dir`` on SQLite) searches a database kept earlier, ``--explain QUERY`` (repeatable)
prints the plan of every statement one search runs, with its timing (PostgreSQL: ``EXPLAIN
(ANALYZE, BUFFERS)``; SQLite: ``EXPLAIN QUERY PLAN``), instead of measuring.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import bench_setup
from bench_setup import log

PG_BENCH_DB = "sellerdesk_bench_kb"
SEED = 20241126


def words(text: str) -> list[str]:
    return text.split()


# topic → (Chinese words, English words). Query words below come from these.
TOPICS = {
    topic: (words(zh), words(en))
    for topic, zh, en in [
        ("account-health", "账户健康 评分 自动审核 绩效指标 账户状况 风险 每周 查看 提醒 改善",
         "account health score automated review performance metrics status risk weekly"),
        ("late-shipment", "迟发率 发货 最晚发货日期 备货时间 确认发货 承运人 假期 延迟",
         "late shipment rate ship-by date handling time confirm carrier holiday shipped"),
        ("cancel-rate", "配送前取消率 取消 库存 同步 超卖 缺货 买家申请",
         "cancel rate cancellation inventory sync oversell stock buyer request"),
        ("tracking", "有效追踪率 追踪编号 扫描 物流 面单 承运人",
         "valid tracking rate tracking number scan carrier label parcel"),
        ("defects", "订单缺陷率 差评 索赔 拒付 退款 买家消息",
         "order defect rate negative feedback claim chargeback refund buyer messages"),
        ("poa", "行动计划 申诉 问题根源 纠正措施 预防措施 证据 发票 授权书",
         "plan of action appeal root cause corrective actions preventive measures evidence"),
        ("deactivation", "账户停用 封号 恢复 申诉 通知 暂扣",
         "account deactivated deactivation reinstatement appeal notice suspended"),
        ("fba-inventory", "FBA 库存 丢失 损坏 赔偿 入库 移除订单 对账",
         "FBA inventory missing lost damaged reimbursement received removal reconcile"),
        ("fba-shipment", "FBA 货件 运输中 签收证明 箱标 运营中心 接收",
         "FBA shipment transit proof of delivery box label fulfilment centre check-in"),
        ("payments", "结算 付款 银行账户 回款 暂扣 到账 流水",
         "disbursement payment bank account settlement hold payout statement"),
        ("listings", "商品详情页 被抑制 主图 属性 ASIN 标题 价格",
         "listing suppressed main image attribute ASIN title price"),
        ("advertising", "广告 广告活动 曝光 预算 竞价 关键词 购物车",
         "advertising campaign impressions budget bid keywords sponsored"),
        ("brand", "品牌备案 商标 侵权 假冒 知识产权 投诉 举报",
         "brand registry trademark infringement counterfeit intellectual property complaint"),
        ("registration", "注册 身份验证 营业执照 法人 身份证 视频验证",
         "registration identity verification business licence legal representative ID"),
        ("cases", "开case 案例 工单 首次回复 升级 重复案例 材料清单 截图",
         "open a case support first reply escalate duplicate checklist screenshot"),
        ("premium", "高级支持 客户经理 月销售额 资格 优先处理",
         "premium support account manager monthly sales eligibility priority"),
    ]
}  # fmt: skip
COMMON_ZH = words("卖家 账户 订单 平台 问题 商品 时间 需要 提交 处理 团队 支持 检查 系统 信息")
COMMON_EN = words("seller account order marketplace problem product time need submit team check")
FILLER_ZH = words("请 在 之前 及时 完成 相关 可以 并 然后 通过 页面 查看 我们 建议 尽快")
FILLER_EN = words("please before complete related then through page review we recommend soon")

QUERIES_ZH = [
    "账户健康", "如何开case", "绩效指标", "POA 申诉", "迟发率", "订单缺陷率", "FBA 库存",
    "品牌备案", "结算 暂扣", "身份验证", "广告 曝光", "高级支持", "账户停用 申诉", "追踪编号",
    "取消率 超卖", "商品详情页 被抑制", "货件 签收证明", "行动计划 问题根源", "卖家 订单",
    "侵权 投诉",
]  # fmt: skip
QUERIES_EN = [
    "shipping late", "late shipment rate", "account health", "plan of action",
    "fba inventory missing",
    "disbursement on hold", "suppressed listing", "brand registry", "identity verification",
    "campaign not serving", "cancel rate", "valid tracking", "appeal deactivated account",
    "order defect rate", "negative feedback claims", "premium support eligibility",
    "root cause corrective actions", "seller account", "proof of delivery", "escalate a case",
]  # fmt: skip


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    p.add_argument("--articles", type=int, default=100_000)
    p.add_argument("--runs", type=int, default=5, help="times each query is run")
    p.add_argument("--random-queries", type=int, default=60)
    p.add_argument("--batch", type=int, default=2000)
    p.add_argument("--json", type=Path)
    p.add_argument("--data-dir", type=Path)
    p.add_argument("--keep", action="store_true")
    p.add_argument("--reuse", action="store_true")
    p.add_argument("--explain", action="append", metavar="QUERY", help="show plans, no figures")
    return p.parse_args(argv)


def configure(args) -> Path:
    return bench_setup.configure(args, bench_db=PG_BENCH_DB, prefix="sellerdesk-kb-bench-")


def teardown(args, data_dir: Path) -> None:
    bench_setup.teardown(args, data_dir, bench_db=PG_BENCH_DB)


# --- generation -----------------------------------------------------------------------------


class Sentences:
    """A pool of sentences per topic and language, each segmented once."""

    def __init__(self, rng: random.Random, per_topic: int = 120) -> None:
        from sellerdesk.knowledge import text

        self.pool: dict[tuple[str, str], list[tuple[str, str]]] = {}
        for topic, (zh, en) in TOPICS.items():
            for lang, words, common, filler in (
                ("zh-hans", zh, COMMON_ZH, FILLER_ZH),
                ("en", en, COMMON_EN, FILLER_EN),
            ):
                joiner = "" if lang == "zh-hans" else " "
                end = "。" if lang == "zh-hans" else ". "
                rows = []
                for _ in range(per_topic):
                    parts = rng.sample(words, min(len(words), rng.randint(1, 3)))
                    parts += rng.sample(common, rng.randint(1, 3))
                    parts += rng.sample(filler, rng.randint(2, 5))
                    rng.shuffle(parts)
                    sentence = joiner.join(parts) + end
                    rows.append((sentence, text.index_text(sentence)))
                self.pool[(topic, lang)] = rows

    def body(self, rng: random.Random, topic: str, lang: str) -> tuple[str, str]:
        own = self.pool[(topic, lang)]
        picks = [rng.choice(own) for _ in range(rng.randint(10, 24))]
        # A few sentences from other topics, as real articles cross-reference.
        for _ in range(rng.randint(0, 3)):
            picks.append(rng.choice(self.pool[(rng.choice(list(TOPICS)), lang)]))
        body = "".join(s for s, _ in picks).strip()
        return body, " ".join(i for _, i in picks)


def generate(args, rng: random.Random) -> tuple[int, float, list[str]]:
    """Load the articles; returns the count, the seconds it took and some exact titles."""
    from django.db import connection, transaction
    from django.utils import timezone

    from sellerdesk.knowledge import search, text
    from sellerdesk.knowledge.models import Article, ArticleSearch, Category

    categories = list(Category.objects.order_by("position"))
    sentences = Sentences(rng)
    now = timezone.now()
    titles: list[str] = []
    started = time.perf_counter()
    topics = list(TOPICS)
    for start in range(0, args.articles, args.batch):
        articles, rows = [], []
        for n in range(start, min(start + args.batch, args.articles)):
            lang = "zh-hans" if n % 2 == 0 else "en"
            topic = topics[rng.randrange(len(topics))]
            zh, en = TOPICS[topic]
            words = zh if lang == "zh-hans" else en
            head = rng.sample(words, min(len(words), rng.randint(2, 4)))
            title = ("" if lang == "zh-hans" else " ").join(head) + f" {n}"
            body, body_index = sentences.body(rng, topic, lang)
            tags = ", ".join(rng.sample(words, 2))
            category = categories[hash(topic) % len(categories)]
            articles.append(
                Article(
                    key=f"gen-{n}",
                    language=lang,
                    category=category,
                    title=title,
                    summary="",
                    body=body,
                    body_text=body,
                    tags=tags,
                    status="published",
                    created_at=now,
                    updated_at=now,
                    published_at=now,
                )
            )
            rows.append((title, body_index, tags, lang, category))
            if n % 997 == 0:
                titles.append(title)
        with transaction.atomic():
            created = Article.objects.bulk_create(articles)
            ArticleSearch.objects.bulk_create(
                ArticleSearch(
                    article=article,
                    language=lang,
                    category=category,
                    title_key=text.fold_title(title),
                    search_title=text.index_text(title),
                    search_body=body_index,
                    search_tags=text.index_text(tags.replace(",", " ")),
                    facets=f"{search.facet('lang', lang)} {search.facet('cat', category.pk)}",
                )
                for article, (title, body_index, tags, lang, category) in zip(
                    created, rows, strict=True
                )
            )
        if (start // args.batch) % 10 == 0:
            log(f"  {start + len(articles):,} articles")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in ("knowledge_articlesearch", "knowledge_titlesearch", "knowledge_article"):
                cursor.execute(f"VACUUM ANALYZE {table}")
        else:
            for table in ("knowledge_fts", "knowledge_fts_titles"):
                cursor.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
            cursor.execute("ANALYZE")
    return args.articles, time.perf_counter() - started, titles


# --- measuring ------------------------------------------------------------------------------


def random_queries(rng: random.Random, n: int) -> list[tuple[str, str]]:
    out = []
    for i in range(n):
        zh, en = TOPICS[rng.choice(list(TOPICS))]
        if i % 2 == 0:
            words = rng.sample(zh + COMMON_ZH, rng.randint(1, 2))
            out.append(("zh", "".join(words) if rng.random() < 0.5 else " ".join(words)))
        else:
            out.append(("en", " ".join(rng.sample(en + COMMON_EN, rng.randint(1, 3)))))
    return out


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def summary(values: list[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "median_ms": round(statistics.median(values), 2),
        "p95_ms": round(percentile(values, 0.95), 2),
        "p99_ms": round(percentile(values, 0.99), 2),
        "max_ms": round(max(values), 2),
    }


def measure(args, queries: list[tuple[str, str]]) -> dict:
    """Wall-clock milliseconds per call, each query's fastest run (on a busy machine the other
    runs include time spent waiting for a CPU), and this process's CPU time: on SQLite
    that includes the database engine (it runs in-process), so it shows the cost of a search
    apart from waiting for a CPU on a busy machine; on PostgreSQL the server's work is not in
    it."""
    from sellerdesk.knowledge import search, selectors, text

    text.jieba_tokenizer()
    for _, q in queries[:10]:  # warm the caches and the connection
        selectors.search_articles(q)
    groups = ("zh", "en", "exact")
    best: dict[tuple[str, str], float] = {}
    full = {g: [] for g in groups}
    full_cpu = {g: [] for g in groups}
    rank = {g: [] for g in groups}
    hits: dict[str, int] = {}
    for _ in range(args.runs):
        for group, q in queries:
            t0, c0 = time.perf_counter(), time.process_time()
            result = selectors.search_articles(q)
            elapsed = (time.perf_counter() - t0) * 1000
            full[group].append(elapsed)
            full_cpu[group].append((time.process_time() - c0) * 1000)
            best[(group, q)] = min(best.get((group, q), elapsed), elapsed)
            hits[q] = len(result.hits)
            parsed = text.parse_query(q)
            t0 = time.perf_counter()
            search.ranked_ids(parsed, limit=11)
            rank[group].append((time.perf_counter() - t0) * 1000)

    def by_group(values: dict[str, list[float]]) -> dict:
        out = {g: summary(v) for g, v in values.items() if v}
        out["all"] = summary([x for v in values.values() for x in v])
        return out

    best_by_group = {g: [v for (bg, _), v in best.items() if bg == g] for g in groups}
    return {
        "search": by_group(full),
        # Each query's fastest run: what a search costs when it does not wait for a CPU.
        "search_best_of_runs": by_group(best_by_group),
        "search_cpu": by_group(full_cpu),
        "rank_only": by_group(rank),
        "queries_without_hits": sorted(q for q, n in hits.items() if n == 0),
    }


def explain(queries: list[str]) -> None:
    """Each statement a search runs, with its plan: where a slow query spends its time."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sellerdesk.knowledge import selectors, text

    text.jieba_tokenizer()
    for q in queries:
        selectors.search_articles(q)  # warm
        with CaptureQueriesContext(connection) as captured:
            t0 = time.perf_counter()
            selectors.search_articles(q)
            elapsed = (time.perf_counter() - t0) * 1000
        print(f"=== {q!r}: {elapsed:.1f} ms, {len(captured.captured_queries)} statements")
        with connection.cursor() as cursor:
            for statement in captured.captured_queries:
                sql = statement["sql"]
                print(f"--- {sql}")
                if connection.vendor == "postgresql":
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                else:  # no EXPLAIN ANALYZE: the statement is timed on its own
                    t0 = time.perf_counter()
                    cursor.execute(sql)
                    cursor.fetchall()
                    print(f"    {(time.perf_counter() - t0) * 1000:.2f} ms")
                    cursor.execute("EXPLAIN QUERY PLAN " + sql)
                for row in cursor.fetchall():
                    print("    " + " ".join(str(col) for col in row))


def matches(q: str) -> int:
    """How many articles a query matches (every word), to show the selectivity."""
    from django.db import connection

    from sellerdesk.knowledge import search, text

    parsed = text.parse_query(q)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT count(*) FROM knowledge_articlesearch "
                "WHERE vector @@ to_tsquery('simple', %s)",
                [search.tsquery(parsed)],
            )
        else:
            cursor.execute(
                "SELECT count(*) FROM knowledge_fts WHERE knowledge_fts MATCH %s",
                [search.fts5_match(parsed)],
            )
        return cursor.fetchone()[0]


def sizes(data_dir: Path) -> dict[str, str]:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT pg_size_pretty(pg_total_relation_size('knowledge_articlesearch')), "
                "pg_size_pretty(pg_relation_size('knowledge_articlesearch_vector')), "
                "pg_size_pretty(pg_total_relation_size('knowledge_titlesearch'))"
            )
            table, gin, titles = cursor.fetchone()
            return {"search_table_total": table, "gin_index": gin, "title_table_total": titles}
    db = data_dir / "sellerdesk.sqlite3"
    return {"sqlite_file": f"{db.stat().st_size / 2**20:.0f} MiB"}


def main(argv=None) -> int:
    args = parse_args(argv)
    data_dir = configure(args)
    rng = random.Random(SEED)
    try:
        from django.core.management import call_command

        from sellerdesk.knowledge.models import Article

        loaded = {}
        log(f"migrating ({args.db})")
        call_command("migrate", interactive=False, verbosity=0)
        if args.reuse and args.db == "postgres":
            from django.db import connection

            # A migration's bulk insert leaves GIN entries in the pending list, which every
            # query scans until VACUUM (autovacuum, in production) merges them.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE knowledge_articlesearch")
                cursor.execute("VACUUM ANALYZE knowledge_titlesearch")
        if not args.reuse:
            log(f"generating and loading {args.articles:,} articles")
            count, seconds, titles = generate(args, rng)
            loaded = {"articles": count, "load_seconds": round(seconds, 1)}
            log(f"loaded {count:,} in {seconds:.0f} s")
        else:
            titles = list(
                Article.objects.filter(key__endswith="997").values_list("title", flat=True)[:20]
            )
        if args.explain:
            explain(args.explain)
            return 0
        queries = [("zh", q) for q in QUERIES_ZH] + [("en", q) for q in QUERIES_EN]
        queries += random_queries(rng, args.random_queries)
        queries += [("exact", t) for t in titles[:20]]
        log(f"searching: {len(queries)} queries x {args.runs} runs")
        figures = measure(args, queries)
        selectivity = {q: matches(q) for q in ("账户健康", "迟发率", "account", "shipping late")}
        result = {
            "db": args.db,
            "when": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, "
            f"Python {platform.python_version()}",
            "load_average": [round(x, 1) for x in os.getloadavg()],
            "articles": Article.objects.count(),
            **loaded,
            "sizes": sizes(data_dir),
            "matches": selectivity,
            **figures,
        }
        print(json.dumps(result, ensure_ascii=False, indent=2))
        if args.json:
            args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    finally:
        teardown(args, data_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
