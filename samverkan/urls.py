from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from . import views
from .api import token_pages
from .operations.views import health, live

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    # The back office signs in through the site's own sign-in (lockout, second factor).
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="login", query_string=True),
    ),
    path("admin/", admin.site.urls),
    path("api/", include("samverkan.api.urls")),
    path("policy/", include("samverkan.policy.urls")),
    path("history/", include("samverkan.history.urls")),
    path("registry/", include("samverkan.registry.urls")),
    path("activities/", include("samverkan.activities.urls")),
    path("funding/", include("samverkan.funding.urls")),
    path("applications/", include("samverkan.applications.urls")),
    path("monitoring/", include("samverkan.monitoring.urls")),
    path("follow-up/", include("samverkan.followup.urls")),
    path("m/", include("samverkan.public.urls")),
    path("health/", health, name="health"),
    path("health/live/", live, name="health-live"),
    path("jobs/", include("samverkan.operations.urls")),
    path("oidc/", include("mozilla_django_oidc.urls")),
    path("", views.home, name="home"),
    path("account/tokens/", token_pages.token_list, name="token-list"),
    path("account/tokens/<int:pk>/revoke/", token_pages.token_revoke, name="token-revoke"),
    path("", include("samverkan.organisation.urls")),
]

handler404 = "samverkan.organisation.views.page_not_found"
handler403 = "samverkan.organisation.views.permission_denied"
handler400 = "samverkan.organisation.views.bad_request"
# A change refused by a read-only or full data folder outside a view: 503, not 500.
handler500 = "samverkan.lib.readonly.server_error"
