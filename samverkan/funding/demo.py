"""Demo data for the funding app: Motala's programme catalogue, watch profiles tied to its
goals, the calls of the real portal sample (sedia-search-sample.json, shipped in
funding/data), two of them followed, and a saved search. Vadstena gets the catalogue only.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from samverkan.lib.actions import SYSTEM
from samverkan.organisation.models import Goal, Municipality

from . import actions
from .importer import read_calls
from .models import Call, Programme

SAMPLE = Path(__file__).parent / "data" / "sedia-search-sample.json"

# Goal code → (profile name, weighted keywords in Swedish and English).
PROFILES = {
    "1.2": (
        "Internationell erfarenhet / international experience",
        "utbyte: 3\nexchange: 3\nmobilitet: 2\nmobility: 2\nungdom: 2\nyouth: 2\n"
        "skola: 2\nschool: 2\neducation: 2\nutbildning: 2\ndigital skills: 3\ncoding",
    ),
    "2.1": (
        "Klimat och energi / climate and energy",
        "klimat: 3\nclimate: 3\nenergi: 2\nenergy: 2\nrenewable: 2\nemission: 2\n"
        "circular: 2\ncirkulär: 2",
    ),
    "2.2": (
        "Vatten / water",
        "vatten: 3\nwater: 3\nsjö: 2\nlake: 2\nbiodiversity: 2\nbiologisk mångfald: 2",
    ),
    "4.1": (
        "Delaktighet och demokrati / participation and democracy",
        "demokrati: 3\ndemocracy: 3\ncitizens: 2\nmedborgare: 2\ntown twinning: 4\n"
        "vänort: 4\nculture: 1\nkultur: 1\ninclusion: 2\nequality: 2",
    ),
}
FOLLOWED_PREFIXES = ("CERV", "CREA")


def create_funding_demo() -> None:
    """Create the funding demo for Motala and Vadstena, unless it exists already.

    `samverkan demo_data --if-empty` calls this on an older demo database too, so it
    must do nothing when the app's demo records are there.
    """
    motala = Municipality.objects.filter(code="0583").first()
    if motala is None or Programme.objects.for_municipality(motala).exists():
        return
    with transaction.atomic():
        actions.load_programmes(motala, acting_user=SYSTEM)
        vadstena = Municipality.objects.filter(code="0584").first()
        if vadstena is not None:
            actions.load_programmes(vadstena, acting_user=SYSTEM)
        goals = {g.code: g for g in Goal.objects.for_municipality(motala)}
        from .matching import parse_keywords

        for code, (name, words) in PROFILES.items():
            actions.create_watch_profile(
                {"name": name, "goal": goals.get(code), "keywords": parse_keywords(words)},
                municipality=motala,
                acting_user=SYSTEM,
            )
        # The importer's bulk writes, as a daily import makes them (calls keep no history).
        actions.import_calls(motala, read_calls(str(SAMPLE)).records, acting_user=SYSTEM)
        coordinator = get_user_model().objects.filter(username="coordinator").first()
        # The coordinator follows them, as on the call's page.
        marker = coordinator or SYSTEM
        followed = 0
        for call in Call.objects.for_municipality(motala).order_by("-relevance", "pk"):
            if followed < 2 and call.framework_code in FOLLOWED_PREFIXES:
                actions.mark_call(call, "follow", acting_user=marker)
                followed += 1
        if coordinator is not None:
            actions.create_saved_search(
                {
                    "name": "Utbildning och ungdom",
                    "words": "education",
                    "programmes": Programme.objects.for_municipality(motala).filter(
                        code="erasmus-plus"
                    ),
                },
                municipality=motala,
                owner=coordinator,
                acting_user=SYSTEM,
            )
