"""Demo data for the funding app: Motala's programme catalogue, watch profiles tied to its
goals, the calls of the real portal sample (sedia-search-sample.json, shipped in
funding/data), two of them followed, and a saved search. Vadstena gets the catalogue only.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from samverkan.organisation.models import Goal, Municipality

from .catalogue import load_programmes
from .importer import read_calls, write_calls
from .models import Call, CallMark, Programme, SavedSearch, WatchProfile

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
        load_programmes(motala)
        vadstena = Municipality.objects.filter(code="0584").first()
        if vadstena is not None:
            load_programmes(vadstena)
        goals = {g.code: g for g in Goal.objects.for_municipality(motala)}
        from .matching import parse_keywords

        for code, (name, words) in PROFILES.items():
            WatchProfile.objects.create(
                municipality=motala,
                name=name,
                goal=goals.get(code),
                keywords=parse_keywords(words),
            )
        write_calls(motala, read_calls(str(SAMPLE)).records)
        coordinator = get_user_model().objects.filter(username="coordinator").first()
        followed = 0
        for call in Call.objects.for_municipality(motala).order_by("-relevance", "pk"):
            if followed < 2 and call.framework_code in FOLLOWED_PREFIXES:
                CallMark.objects.create(
                    municipality=motala, call=call, kind="followed", marked_by=coordinator
                )
                followed += 1
        if coordinator is not None:
            search = SavedSearch.objects.create(
                municipality=motala,
                owner=coordinator,
                name="Utbildning och ungdom",
                words="education",
            )
            search.programmes.set(
                Programme.objects.for_municipality(motala).filter(code="erasmus-plus")
            )
