"""The whole demo, app by app in dependency order: what `samverkan demo_data` makes."""

from samverkan.activities.demo import create_activities_demo
from samverkan.applications.demo import create_applications_demo
from samverkan.followup.demo import create_followup_demo
from samverkan.funding.demo import create_funding_demo
from samverkan.monitoring.demo import create_monitoring_demo
from samverkan.organisation.demo import create_demo_data
from samverkan.registry.demo import create_registry_demo


def create_later_demos() -> None:
    """The demos of the apps after activities; each does nothing if its records exist."""
    create_funding_demo()
    create_applications_demo()
    create_monitoring_demo()
    create_followup_demo()


def create_full_demo() -> None:
    """Motala and Vadstena with everything: organisation, registers, activities and on."""
    create_demo_data()
    create_registry_demo()
    create_activities_demo()
    create_later_demos()
