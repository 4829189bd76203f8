"""The demo's workspace: macros for every team and a personal one, loaded idempotently."""

from sellerdesk import demo
from sellerdesk.accounts.models import Team
from sellerdesk.workspace import demo as workspace_demo
from sellerdesk.workspace.models import Macro


def test_demo_macros_for_each_team(db):
    users = demo._ensure_people()
    workspace_demo.load(users)
    count = Macro.objects.count()
    for team in Team.objects.filter(code__in=workspace_demo.TEAM_MACROS):
        assert Macro.objects.filter(team=team).exists(), team.code
    assert Macro.objects.filter(owner=users["agent_seller_support"]).exists()
    assert Macro.objects.filter(action="resolve").exclude(close_reason="").exists()
    workspace_demo.load(users)
    assert Macro.objects.count() == count


def test_demo_saved_views(db):
    from sellerdesk.workspace.models import SavedView

    users = demo._ensure_people()
    workspace_demo.load(users)
    assert SavedView.objects.filter(team__code="seller-support").count() == 2
    assert SavedView.objects.filter(owner=users["agent_seller_support"]).exists()
    workspace_demo.load(users)
    assert SavedView.objects.count() == len(workspace_demo.SAVED_VIEWS)
