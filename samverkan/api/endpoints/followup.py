"""API routers of the followup app; api.py mounts every router listed here."""

from .followup_accounts import routers as account_routers
from .followup_compliance import routers as compliance_routers

routers: list = [*account_routers, *compliance_routers]
