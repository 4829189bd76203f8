from django.contrib import admin
from django.http import JsonResponse
from django.urls import include, path

from sellerdesk.api import api


def healthz(request):
    return JsonResponse({"status": "ok"})


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("university/", include("sellerdesk.knowledge.urls")),
    path("health/", include("sellerdesk.health.urls")),
    path("", include("sellerdesk.notifications.urls")),
    path("", include("sellerdesk.web.urls")),
]
