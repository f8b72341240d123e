from django.urls import include, path

urlpatterns = [
    path("", include("samverkan.followup.urls_accounts")),
    path("", include("samverkan.followup.urls_compliance")),
]
