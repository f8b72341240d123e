from django.urls import path, re_path

from .api import api
from .errors import not_found_view

urlpatterns = [
    path("v1/", api.urls),
    # Anything else under the API is a JSON 404, not the site's HTML page.
    re_path(r"^v1/", not_found_view),
]
