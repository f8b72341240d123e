import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")
application = get_wsgi_application()

from samverkan.lib.readonly import warn_if_read_only  # noqa: E402 (needs the settings)

warn_if_read_only()
