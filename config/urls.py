from django.contrib import admin
from django.urls import include, path

from accounts.health import health

urlpatterns = [
    path("health/", health, name="health"),
    path("admin/", admin.site.urls),
    path("", include("accounts.urls")),
    path("", include("customers.urls")),
    path("", include("evaluations.urls")),
    path("", include("audit.urls")),
    path("", include("reports.urls")),
    path("", include("exports.urls")),
    path("", include("imports.urls")),
    path("", include("insights.urls")),
    path("", include("reminders.urls")),
]

handler403 = "accounts.views.permission_denied"
handler404 = "accounts.views.page_not_found"
handler500 = "accounts.views.server_error"
