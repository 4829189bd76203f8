from django.contrib import admin
from django.http import JsonResponse
from django.urls import include, path, re_path

from sellerdesk.api import api
from sellerdesk.lib.problems import problem


def healthz(request):
    return JsonResponse({"status": "ok"})


def api_not_found(request, rest):
    # Unknown API paths answer in the API's own error format, not with an HTML page.
    return problem(404, f"There is no API resource at /api/v1/{rest}.")


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    re_path(r"^api/v1/(?P<rest>.*)$", api_not_found),
    path("i18n/", include("django.conf.urls.i18n")),
    path("university/", include("sellerdesk.knowledge.urls")),
    path("health/", include("sellerdesk.health.urls")),
    path("", include("sellerdesk.appeals.urls")),
    path("", include("sellerdesk.reports.urls")),
    path("", include("sellerdesk.surveys.urls")),
    path("", include("sellerdesk.notifications.urls")),
    path("", include("sellerdesk.web.urls")),
    path("", include("sellerdesk.workspace.urls")),
    path("", include("sellerdesk.cases.urls")),
]
