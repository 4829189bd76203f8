"""Seller University demo data: the starter corpus, training events past and coming (with
registrations, a full event with a waiting list, and attendance on the past ones), and a few
suggested-article opens for the deflection report. All through the services; idempotent."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from sellerdesk.accounts.models import User
from sellerdesk.cases.models import CaseType

from . import corpus, reader_services
from .models import Article, SuggestionOpen, TrainingEvent
from .training import attendance
from .training import services as training_services

SALONS = [
    # city, venue, English title, Chinese title
    ("深圳", "南山区科技园 卖家服务中心 3 楼", "Account health salon", "账户健康线下沙龙"),
    ("杭州", "滨江区 跨境电商园 A 座报告厅", "FBA inventory workshop", "FBA 库存管理工作坊"),
    ("宁波", "鄞州区 跨境电商园 1 号厅", "Writing a plan of action", "行动计划（POA）写作沙龙"),
    ("广州", "天河区 跨境电商服务中心", "Brand protection salon", "品牌保护线下沙龙"),
]
ONLINE = [
    ("Live: account health metrics explained", "直播：账户绩效指标详解"),
    ("Live: advertising for new sellers", "直播：新卖家广告入门"),
]


def _at(day: datetime, hour: int, zone: str = "Asia/Shanghai") -> datetime:
    local = datetime(day.year, day.month, day.day, hour, 0, tzinfo=ZoneInfo(zone))
    return local.astimezone(timezone.get_current_timezone())


def _event(kind: str, start: datetime, hours: float, capacity: int, **extra) -> TrainingEvent:
    return training_services.event_create(
        actor=None,
        kind=kind,
        starts_at=start,
        ends_at=start + timedelta(hours=hours),
        capacity=capacity,
        now=start - timedelta(days=20),
        **extra,
    )


def _salon(index: int, start: datetime, capacity: int) -> TrainingEvent:
    city, venue, title_en, title_zh = SALONS[index % len(SALONS)]
    return _event(
        "salon",
        start,
        3,
        capacity,
        city=city,
        venue=venue,
        title_en=f"{title_en} ({city})",
        title_zh=f"{title_zh}（{city}）",
        description_en="Half a day with the support team: talks, cases from sellers, and "
        "one-to-one questions. Bring your account questions.",
        description_zh="与支持团队面对面的半天：专题讲解、卖家案例分享和一对一答疑。欢迎带着账户问题来。",
    )


def _training(sellers: list[User], host: User | None, now: datetime) -> None:
    today = timezone.localdate(now)
    # Two past quarters of salons and sessions, with attendance marked.
    for week in range(1, 24, 2):
        day = today - timedelta(weeks=week)
        event = _salon(week // 2, _at(day, 14), capacity=40)
        for i, user in enumerate(sellers):
            if (week + i) % 3 == 2:
                continue
            registration = training_services.registration_create(
                actor=user, event=event, now=event.starts_at - timedelta(days=7)
            )
            attendance.attendance_mark(
                actor=host,
                registration=registration,
                attended=(week + i) % 4 != 0,
                now=event.ends_at,
            )
    # Coming up: salons, live sessions, phone slots; one small salon that is full.
    for n in range(4):
        _salon(n, _at(today + timedelta(days=5 + 9 * n), 14), capacity=60)
    for n, (title_en, title_zh) in enumerate(ONLINE):
        _event(
            "online",
            _at(today + timedelta(days=3 + 7 * n), 20),
            1,
            500,
            title_en=title_en,
            title_zh=title_zh,
            join_url="https://live.example.com/seller-university",
            description_en="A live presentation with questions and answers.",
            description_zh="在线讲解加实时问答。",
        )
    for n in range(6):
        _event(
            "phone",
            _at(today + timedelta(days=1 + n // 3), 10 + 2 * (n % 3)),
            0.5,
            1,
            title_en="Phone consultation: your account with a specialist",
            title_zh="电话咨询：与专员一对一沟通账户问题",
            host=host,
        )
    full = _event(
        "salon",
        _at(today + timedelta(days=2), 14),
        3,
        2,
        city="深圳",
        venue="福田区 卖家服务中心 小会议室",
        title_en="Small-group clinic: account health (Shenzhen)",
        title_zh="小班诊断：账户健康（深圳）",
    )
    for user in sellers:
        training_services.registration_create(actor=user, event=full, now=now)


def _deflection(sellers: list[User], now: datetime) -> None:
    articles = list(Article.objects.filter(status="published").order_by("id")[:12])
    types = list(CaseType.objects.filter(active=True).order_by("position"))
    if not articles or not types or not sellers:
        return
    for i, article in enumerate(articles):
        reader_services.suggestion_open_record(
            user=sellers[i % len(sellers)],
            article=article,
            case_type=types[i % len(types)],
            now=now - timedelta(days=i + 1, hours=i),
        )


def load(users: dict[str, User] | None = None) -> None:
    corpus.load()
    users = users or {}
    sellers = [u for u in users.values() if u.is_seller]
    host = users.get("agent_seller_support")
    now = timezone.now()
    if sellers and not TrainingEvent.objects.exists():
        _training(sellers, host, now)
    if sellers and not SuggestionOpen.objects.exists():
        _deflection(sellers, now)
