"""Every admin that can change data leaves an audit event for each object it changes, with the
operator as actor; the others are read-only. The registry is walked, so an admin registered
without auditing fails here without anyone listing it."""

from __future__ import annotations

import itertools
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.test import Client, RequestFactory
from django.utils import timezone

from sellerdesk.accounts import services as accounts
from sellerdesk.accounts.models import Team
from sellerdesk.audit.admin_base import SECRET
from sellerdesk.audit.models import AuditEvent

from .conftest import make_user

REGISTRY = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label_lower)
_serial = itertools.count(1)


# --- fresh objects, where the migrations seed none or a test must not touch the seeded one ----


def _user(model, operator):
    return make_user(f"someone{next(_serial)}@desk.example", "agent")


def _seller(model, operator):
    n = next(_serial)
    return accounts.seller_create(
        actor=None, code=f"Z{n}SELLER", name=f"Seller {n}", home_country="CN", sites=["US"]
    )


def _team(model, operator):
    n = next(_serial)
    return model.objects.create(code=f"team-{n}", name_en=f"Team {n}", name_zh=f"团队{n}")


def _token(model, operator):
    token, _ = accounts.token_create(actor=None, user=operator, name="laptop")
    return token


def _site(model, operator):
    n = next(_serial)
    return model.objects.create(
        code=f"X{n}", name=f"Site {n}", currency="USD", time_zone="UTC", support_languages=["en"]
    )


def _case_type(model, operator):
    n = next(_serial)
    return model.objects.create(
        code=f"type-{n}",
        name_en=f"Type {n}",
        name_zh=f"类型{n}",
        team=Team.objects.get(code="seller-support"),
    )


def _policy(model, operator):
    from sellerdesk.cases.models import CaseType

    case_type = _case_type(CaseType, operator)
    return model.objects.create(
        case_type=case_type,
        tier="standard",
        first_response_minutes=60,
        next_response_minutes=60,
        resolution_minutes=600,
    )


def _calendar(model, operator):
    return model.objects.create(
        name=f"Calendar {next(_serial)}",
        time_zone="Asia/Shanghai",
        hours={str(d): [["09:00", "18:00"]] for d in range(5)},
        team=_team(Team, operator),
    )


def _group(model, operator):
    return model.objects.create(name=f"Group {next(_serial)}")


def _category(model, operator):
    n = next(_serial)
    return model.objects.create(code=f"cat-{n}", name_en=f"Category {n}", name_zh=f"类别{n}")


def _article(model, operator):
    from sellerdesk.knowledge import services as knowledge
    from sellerdesk.knowledge.models import Category

    n = next(_serial)
    return knowledge.article_create(
        actor=operator,
        key=f"article-{n}",
        language="en",
        category=_category(Category, operator),
        title=f"Article {n}",
        body="How to ship on time.",
    )


def _event(model, operator):
    starts = timezone.now() + timedelta(days=7)
    return model.objects.create(
        kind="online",
        title_en=f"Event {next(_serial)}",
        title_zh="培训",
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        capacity=10,
        join_url="https://meet.example/x",
        created_at=timezone.now(),
    )


def _macro(model, operator):
    from sellerdesk.accounts.models import Team
    from sellerdesk.workspace import services as workspace

    return workspace.macro_save(
        actor=operator,
        name=f"Macro {next(_serial)}",
        body_en="Hello {seller_name}",
        team=Team.objects.get(code="seller-support"),
    )


def _saved_view(model, operator):
    from sellerdesk.workspace import saved_views

    return saved_views.saved_view_save(
        actor=operator, name=f"View {next(_serial)}", query="assignee=none"
    )


MAKERS = {
    "auth.group": _group,
    "accounts.user": _user,
    "accounts.seller": _seller,
    "accounts.team": _team,
    "accounts.apitoken": _token,
    "marketplaces.site": _site,
    "cases.casetype": _case_type,
    "sla.slapolicy": _policy,
    "sla.businesscalendar": _calendar,
    "knowledge.category": _category,
    "knowledge.article": _article,
    "knowledge.trainingevent": _event,
    "workspace.macro": _macro,
    "workspace.savedview": _saved_view,
}
# The field a change test edits, where no name or title can be.
CHANGES = {
    "sla.slasettings": {"warn_at_percent": "80"},
    "sla.slapolicy": {"first_response_minutes": "777"},
    "health.healthsettings": {"digest_hour": "7"},
    "appeals.appealguide": {"cause_kind": "authenticity-extra"},
    "appeals.evidencerequirement": {"label_en": "Supplier invoices (dated)"},
    "appeals.rejectionreason": {"label_en": "The root cause is not clear"},
}
NAME_FIELDS = ("name", "name_en", "title", "title_en", "full_name")


def an_object(model, operator):
    maker = MAKERS.get(model._meta.label_lower)
    obj = maker(model, operator) if maker else model._default_manager.order_by("pk").first()
    assert obj is not None, f"add a maker for {model._meta.label_lower} to MAKERS"
    return obj


# --- the admin's form as a browser would post it ----------------------------------------------


class FormValues(HTMLParser):
    """The values a browser submits from the admin's change form (``<form id="…_form">``)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.data: dict[str, list[str]] = {}
        self._in_form = False
        self._select: tuple[str, bool] | None = None
        self._options: list[tuple[str, bool]] = []
        self._textarea: str | None = None
        self._text = ""

    def _add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._in_form = (a.get("id") or "").endswith("_form")
        if not self._in_form or not a.get("name") and tag != "option":
            return
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._add(a["name"], a.get("value") or "on")
                return
            self._add(a["name"], a.get("value") or "")
        elif tag == "select":
            self._select, self._options = (a["name"], "multiple" in a), []
        elif tag == "option" and self._select:
            self._options.append((a.get("value") or "", "selected" in a))
        elif tag == "textarea":
            self._textarea, self._text = a["name"], ""

    def handle_data(self, data):
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "select" and self._select:
            name, multiple = self._select
            chosen = [v for v, selected in self._options if selected]
            if not chosen and not multiple and self._options:
                chosen = [self._options[0][0]]
            for value in chosen:
                self._add(name, value)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = self._text[1:] if self._text.startswith("\n") else self._text
            self._add(self._textarea, text)
            self._textarea = None


def form_values(html: str) -> dict[str, list[str]]:
    parser = FormValues()
    parser.feed(html)
    return parser.data


def admin_url(obj, view: str) -> str:
    opts = obj._meta
    return f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/{view}/"


def events_since(mark: int, obj, actor):
    return AuditEvent.objects.filter(
        pk__gt=mark,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        actor=actor,
    )


def last_event_id() -> int:
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def errors_of(response) -> str:
    context = response.context
    if context is None:
        return str(response.status_code)
    found = [str(context.get("errors") or "")]
    for formset in context.get("inline_admin_formsets") or []:
        found.append(str(formset.formset.errors) + str(formset.formset.non_form_errors()))
    return " ".join(found)


@pytest.fixture
def client_of(operator):
    client = Client()
    client.force_login(operator)
    return client


def _request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def writable(model_admin, request, obj=None) -> bool:
    return (
        model_admin.has_add_permission(request)
        or model_admin.has_change_permission(request, obj)
        or model_admin.has_delete_permission(request, obj)
    )


# --- the walk ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "model_admin"), REGISTRY, ids=[m._meta.label_lower for m, _ in REGISTRY]
)
def test_each_admin_audits_its_changes_or_is_read_only(model, model_admin, operator, client_of):
    request = _request(operator)
    if not writable(model_admin, request):
        obj = model._default_manager.first()
        assert not writable(model_admin, request, obj)
        return
    obj = an_object(model, operator)
    if not model_admin.has_change_permission(request, obj):
        # It changes nothing, so it is writable only by deleting: the change form refuses,
        # and the deletion test below holds the deletion to its audit event.
        assert model_admin.has_delete_permission(request, obj)
        assert client_of.post(admin_url(obj, "change"), {}).status_code == 403
        return
    url = admin_url(obj, "change")
    page = client_of.get(url)
    assert page.status_code == 200, url
    data = form_values(page.content.decode())
    changes = CHANGES.get(model._meta.label_lower)
    if changes is None:
        name = next((n for n in NAME_FIELDS if n in data), None)
        assert name, f"say which field of {model._meta.label_lower} to change in CHANGES"
        changes = {name: (data[name][0] + " (edited)").strip()}
    data.update({k: [v] for k, v in changes.items()})
    mark = last_event_id()
    response = client_of.post(url, data)
    assert response.status_code == 302, errors_of(response)
    obj.refresh_from_db()
    for field, value in changes.items():
        assert str(getattr(obj, field)) == value
    assert events_since(mark, obj, operator).exists(), f"{model._meta.label_lower} not audited"


@pytest.mark.parametrize(
    ("model", "model_admin"), REGISTRY, ids=[m._meta.label_lower for m, _ in REGISTRY]
)
@pytest.mark.parametrize("how", ["delete_view", "bulk_action"])
def test_each_deletion_through_the_admin_is_audited(model, model_admin, how, operator, client_of):
    request = _request(operator)
    if not writable(model_admin, request):
        return  # read-only: the walk above holds it to that
    obj = an_object(model, operator)
    if not model_admin.has_delete_permission(request, obj):
        return
    pk, label = obj.pk, model._meta.label_lower
    mark = last_event_id()
    if how == "delete_view":
        response = client_of.post(admin_url(obj, "delete"), {"post": "yes"})
    else:
        response = client_of.post(
            f"/admin/{model._meta.app_label}/{model._meta.model_name}/",
            {"action": "delete_selected", "_selected_action": [pk], "post": "yes"},
        )
    assert response.status_code == 302, errors_of(response)
    assert not model._default_manager.filter(pk=pk).exists()
    deleted = AuditEvent.objects.filter(
        pk__gt=mark, object_type=label, object_id=str(pk), actor=operator
    )
    assert deleted.filter(action__endswith="deleted").exists(), f"{label} deletion not audited"


# --- inline rows and secrets -----------------------------------------------------------------


def test_a_membership_added_in_the_seller_inline_is_audited(operator, client_of, seller_a):
    member = make_user("new.member@a.example", "seller")
    url = admin_url(seller_a, "change")
    data = form_values(client_of.get(url).content.decode())
    data.update(
        {
            "memberships-TOTAL_FORMS": ["1"],
            "memberships-0-user": [str(member.pk)],
            "memberships-0-role": ["operations"],
            "memberships-0-seller": [str(seller_a.pk)],
        }
    )
    mark = last_event_id()
    response = client_of.post(url, data)
    assert response.status_code == 302, errors_of(response)
    membership = seller_a.memberships.get(user=member)
    event = events_since(mark, membership, operator).get()
    assert event.action == "accounts.sellermembership.created"
    assert event.after["user"] == member.pk and event.after["role"] == "operations"


def test_password_hashes_and_token_digests_never_reach_the_log(operator, client_of):
    user = make_user("agent.x@desk.example", "agent")
    mark = last_event_id()
    response = client_of.post(
        admin_url(user, "password"),
        {"password1": "a-new-long-passphrase-1", "password2": "a-new-long-passphrase-1"},
    )
    assert response.status_code == 302, errors_of(response)
    event = events_since(mark, user, operator).get()
    assert event.action == "accounts.user.password_changed"
    assert event.before == {"password": SECRET} and event.after == {"password": SECRET}
    user.refresh_from_db()
    token, _ = accounts.token_create(actor=None, user=user, name="laptop")
    page = client_of.get(admin_url(token, "change")).content.decode()
    assert token.digest not in page
    for event in AuditEvent.objects.all():
        text = f"{event.before} {event.after}"
        assert user.password not in text and token.digest not in text


def test_revoking_tokens_in_the_admin_goes_through_the_service(operator, client_of):
    token, _ = accounts.token_create(actor=None, user=operator, name="laptop")
    response = client_of.post(
        "/admin/accounts/apitoken/",
        {"action": "revoke_selected", "_selected_action": [token.pk]},
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(action="token.revoked", actor=operator).count() == 1


def test_a_user_change_records_what_changed_only(operator, client_of):
    user = make_user("agent.y@desk.example", "agent")
    url = admin_url(user, "change")
    data = form_values(client_of.get(url).content.decode())
    data["full_name"] = ["Agent Y"]
    mark = last_event_id()
    assert client_of.post(url, data).status_code == 302
    event = events_since(mark, user, operator).get()
    assert (event.action, event.before, event.after) == (
        "accounts.user.updated",
        {"full_name": ""},
        {"full_name": "Agent Y"},
    )
