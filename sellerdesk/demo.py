"""Demo data: two seller organisations, staff in every team, business calendars with public
holidays, about fifty cases in every state (cases/demo.py), account health (health/demo.py), all
made through the services (so each step is audited as it would be in production).

Loading is idempotent: people and sellers are created once; cases only when the demo sellers
have none. API tokens are the exception: they are stored hashed, so each load revokes the
previous demo tokens and prints fresh ones.
"""

from __future__ import annotations

from django.db import transaction

from sellerdesk.accounts import services as accounts
from sellerdesk.accounts.models import ApiToken, Seller, Team, User
from sellerdesk.appeals import demo as appeals_demo
from sellerdesk.cases import demo as cases_demo
from sellerdesk.health import demo as health_demo
from sellerdesk.knowledge import demo as knowledge_demo
from sellerdesk.reports import demo as reports_demo
from sellerdesk.workspace import demo as workspace_demo

DEMO_PASSWORD = "sellerdesk-demo"  # noqa: S105 (printed to the operator of a local demo)
DEMO_TOKEN_NAME = "demo"  # noqa: S105 (a label)

SELLERS = {
    "A3SZSTAR01": {
        "name": "深圳星辰跨境电商有限公司",
        "home_country": "CN",
        "sites": ["US", "UK", "DE", "JP"],
        "tier": "premium",
    },
    "A7HZBRIGHT": {
        "name": "Hangzhou Bright Home Co., Ltd.",
        "home_country": "CN",
        "sites": ["US", "CA"],
        "tier": "standard",
    },
}

# role → (email, kind, full name, language, time zone, seller code, seller role, team, team role)
PEOPLE = {
    "seller_owner": (
        "owner@szstar.example",
        "seller",
        "王丽 Wang Li",
        "zh-hans",
        "Asia/Shanghai",
        "A3SZSTAR01",
        "owner",
        None,
        None,
    ),
    "seller_operations": (
        "ops@szstar.example",
        "seller",
        "陈晨 Chen Chen",
        "zh-hans",
        "Asia/Shanghai",
        "A3SZSTAR01",
        "operations",
        None,
        None,
    ),
    "seller_customer_service": (
        "cs@szstar.example",
        "seller",
        "刘洋 Liu Yang",
        "zh-hans",
        "Asia/Shanghai",
        "A3SZSTAR01",
        "customer_service",
        None,
        None,
    ),
    "seller2_owner": (
        "owner@hzbright.example",
        "seller",
        "Zhao Min",
        "en",
        "Asia/Shanghai",
        "A7HZBRIGHT",
        "owner",
        None,
        None,
    ),
    "agent_seller_support": (
        "ava.support@sellerdesk.example",
        "agent",
        "Ava Miller",
        "en",
        "America/Los_Angeles",
        None,
        None,
        "seller-support",
        "agent",
    ),
    "agent_account_health": (
        "hana.health@sellerdesk.example",
        "agent",
        "Hana Sato",
        "en",
        "Asia/Tokyo",
        None,
        None,
        "account-health",
        "agent",
    ),
    "agent_fba": (
        "felix.fba@sellerdesk.example",
        "agent",
        "Felix Braun",
        "en",
        "Europe/Berlin",
        None,
        None,
        "fba",
        "agent",
    ),
    "agent_advertising": (
        "li.ads@sellerdesk.example",
        "agent",
        "李娜 Li Na",
        "zh-hans",
        "Asia/Shanghai",
        None,
        None,
        "advertising",
        "agent",
    ),
    "team_lead": (
        "lena.lead@sellerdesk.example",
        "agent",
        "Lena Ortiz",
        "en",
        "America/New_York",
        None,
        None,
        "seller-support",
        "lead",
    ),
    "account_manager": (
        "mark.am@sellerdesk.example",
        "agent",
        "Mark Chen",
        "en",
        "America/Los_Angeles",
        None,
        None,
        "account-management",
        "agent",
    ),
    "operator": (
        "ops.admin@sellerdesk.example",
        "operator",
        "Olivia Operator",
        "en",
        "UTC",
        None,
        None,
        None,
        None,
    ),
}


# Subjects and descriptions per case type: (language, subject, description).
def _ensure_people() -> dict[str, User]:
    users: dict[str, User] = {}
    for code, spec in SELLERS.items():
        if not Seller.objects.filter(code=code).exists():
            accounts.seller_create(actor=None, code=code, **spec)
    for role, (email, kind, name, lang, tz, seller, seller_role, team, team_role) in PEOPLE.items():
        user = User.objects.filter(email=email).first()
        if user is None:
            user = accounts.user_create(
                actor=None,
                email=email,
                password=DEMO_PASSWORD,
                kind=kind,
                full_name=name,
                language=lang,
                time_zone=tz,
                languages_spoken=["en", "zh-hans"] if kind == "agent" else [lang],
            )
            if seller:
                accounts.seller_member_add(
                    actor=None, seller=Seller.objects.get(code=seller), user=user, role=seller_role
                )
            if team:
                accounts.team_member_add(
                    actor=None, team=Team.objects.get(code=team), user=user, role=team_role
                )
        users[role] = user
    return users


CALENDARS = [
    (
        "Account Health · Shenzhen office (CN holidays)",
        "account-health",
        None,
        "Asia/Shanghai",
        {str(day): [["09:00", "12:00"], ["13:00", "18:00"]] for day in range(5)},
        "CN",
        "",
    ),
    (
        "Seller Support · US marketplace (US holidays)",
        "seller-support",
        "US",
        "America/Los_Angeles",
        {
            **{str(day): [["07:00", "19:00"]] for day in range(5)},
            "5": [["09:00", "13:00"]],
        },
        "US",
        "CA",
    ),
]


def _ensure_calendars() -> None:
    """The demo's business calendars, through the SLA configuration service (audited; replays
    the open cases each governs). Created once per scope: an operator's later edits stay."""
    from sellerdesk.cases import sla_config
    from sellerdesk.sites.models import Site
    from sellerdesk.sla.models import BusinessCalendar

    for name, team_code, site_code, tz, hours, country, subdivision in CALENDARS:
        team = Team.objects.get(code=team_code)
        site = Site.objects.get(code=site_code) if site_code else None
        if BusinessCalendar.objects.filter(team=team, site=site).exists():
            continue
        sla_config.business_calendar_save(
            actor=None,
            calendar=BusinessCalendar(
                name=name,
                team=team,
                site=site,
                time_zone=tz,
                hours=hours,
                holiday_country=country,
                holiday_subdivision=subdivision,
            ),
        )


def _fresh_tokens(users: dict[str, User]) -> dict[str, str]:
    tokens = {}
    with transaction.atomic():
        for token in ApiToken.objects.filter(
            user__in=users.values(), name=DEMO_TOKEN_NAME, revoked_at__isnull=True
        ):
            accounts.token_revoke(actor=None, token=token)
        for role, user in users.items():
            _, tokens[role] = accounts.token_create(actor=None, user=user, name=DEMO_TOKEN_NAME)
    return tokens


def demo_load() -> dict[str, dict]:
    """Load the demo (idempotently) and return the sign-ins by role."""
    users = _ensure_people()
    # Account health first: a new case's priority reads the seller's latest evaluation.
    health_demo.load()
    # Calendars before cases: the demo's cases are opened on their teams' working hours.
    _ensure_calendars()
    cases_demo.load(users, SELLERS)
    knowledge_demo.load(users)
    workspace_demo.load(users)
    appeals_demo.load(users)
    # Last: months of past cases for the reports, once the recent ones are in.
    reports_demo.load(users, SELLERS)
    tokens = _fresh_tokens(users)
    out = {}
    for role, user in users.items():
        entry = {"email": user.email, "password": DEMO_PASSWORD, "token": tokens[role]}
        membership = user.seller_memberships.select_related("seller").first()
        if membership:
            entry["seller_code"] = membership.seller.code
        out[role] = entry
    return out


def demo_summary(base_url: str, users: dict[str, dict]) -> str:
    lines = [
        f"sellerdesk demo: {base_url}/",
        f"API docs: {base_url}/api/v1/docs   admin: {base_url}/admin/",
        f"Every demo user's password is {DEMO_PASSWORD!r}. API tokens (new on every start):",
        "",
    ]
    width = max(len(role) for role in users)
    for role, entry in users.items():
        seller = f" [{entry['seller_code']}]" if "seller_code" in entry else ""
        lines.append(f"  {role:<{width}}  {entry['email']}{seller}")
        lines.append(f"  {'':<{width}}  token: {entry['token']}")
    return "\n".join(lines)
