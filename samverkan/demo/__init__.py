"""The whole demo, app by app in dependency order: what `samverkan demo_data` makes.

It sits above every app (ADR 5), so it may call each app's demo; no app calls it. The
imports are inside the functions because this package is also a Django app, imported
before the models are ready.
"""


def create_later_demos() -> None:
    """The demos of the apps after activities; each does nothing if its records exist."""
    from samverkan.applications.demo import create_applications_demo
    from samverkan.followup.demo import create_followup_demo
    from samverkan.funding.demo import create_funding_demo
    from samverkan.monitoring.demo import create_monitoring_demo

    create_funding_demo()
    create_applications_demo()
    create_monitoring_demo()
    create_followup_demo()


def create_organisation_demo() -> None:
    """Motala and Vadstena: bodies, goals and users; Motala's policy from its pack."""
    from samverkan.lib.actions import SYSTEM
    from samverkan.organisation.demo import create_demo_data
    from samverkan.organisation.models import Municipality
    from samverkan.policy.actions import load_policy
    from samverkan.policy.pack import DEFAULT_PACK, read_pack

    create_demo_data()
    motala = Municipality.objects.get(code="0583")
    load_policy(read_pack(DEFAULT_PACK), motala, acting_user=SYSTEM, source_file=DEFAULT_PACK.name)


def create_full_demo() -> None:
    """Motala and Vadstena with everything: organisation, registers, activities and on."""
    from samverkan.activities.demo import create_activities_demo
    from samverkan.registry.demo import create_registry_demo

    create_organisation_demo()
    create_registry_demo()
    create_activities_demo()
    create_later_demos()
