"""Saved queue views: personal and team-shared, listed in the queue, audited."""

import pytest

from sellerdesk.accounts.models import Team
from sellerdesk.audit.models import AuditEvent
from sellerdesk.lib.errors import Forbidden, ValidationFailed
from sellerdesk.workspace import saved_views
from sellerdesk.workspace.models import SavedView


def test_query_keeps_only_the_queues_filters():
    query = "?cursor=abc&status=new&status=open&assignee=none&evil=1&q=&order=due&team=a&team=b"
    assert saved_views.clean_query(query) == "team=a&assignee=none&status=new&status=open&order=due"


def test_personal_and_team_views(agent_ss, lead_ss, agent_ah):
    team = Team.objects.get(code="seller-support")
    mine = saved_views.saved_view_save(actor=agent_ss, name="Mine", query="assignee=me")
    shared = saved_views.saved_view_save(
        actor=lead_ss, name="Unassigned", query="assignee=none", team=team
    )
    assert set(saved_views.saved_views_for(agent_ss)) == {mine, shared}
    assert set(saved_views.saved_views_for(lead_ss)) == {shared}
    assert set(saved_views.saved_views_for(agent_ah)) == set()
    with pytest.raises(Forbidden):
        saved_views.saved_view_save(actor=agent_ss, name="x", query="", team=team)
    with pytest.raises(Forbidden):
        saved_views.saved_view_delete(actor=agent_ss, view=shared)
    with pytest.raises(ValidationFailed) as exc:
        saved_views.saved_view_save(actor=agent_ss, name=" ", query="")
    assert exc.value.errors[0].field == "name"
    saved_views.saved_view_delete(actor=lead_ss, view=shared)
    assert list(
        AuditEvent.objects.filter(action__startswith="saved_view.").values_list("action", flat=True)
    ) == ["saved_view.created", "saved_view.created", "saved_view.deleted"]


def test_queue_shows_and_saves_views(as_user, agent_ss, make_case):
    client = as_user(agent_ss)
    page = client.get("/console/?assignee=none").content.decode()
    assert 'hx-get="/console/views"' in page and 'id="save-view-form"' in page
    response = client.post(
        "/console/views/new", {"name": "Unassigned", "query": "assignee=none&cursor=x"}
    )
    assert response.status_code == 302 and response["Location"] == "/console/?assignee=none"
    view = SavedView.objects.get()
    assert view.owner == agent_ss and view.query == "assignee=none"
    listing = client.get("/console/views").content.decode()
    assert 'href="/console/?assignee=none"' in listing and "Unassigned" in listing
    client.post(f"/console/views/{view.pk}/delete")
    assert not SavedView.objects.exists()


def test_views_are_staff_only(client, as_user, seller_owner):
    assert client.get("/console/views").status_code == 302
    assert as_user(seller_owner).get("/console/views").status_code == 403
    assert as_user(seller_owner).post("/console/views/new", {"name": "x"}).status_code == 403
