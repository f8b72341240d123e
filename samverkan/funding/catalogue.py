"""The programme catalogue shipped as data (data/programmes.yaml), loaded per municipality
by actions.load_programmes."""

from pathlib import Path

import yaml

from .models import Programme

CATALOGUE = Path(__file__).parent / "data" / "programmes.yaml"
FIELDS = ["name", "owner", "level", "subject_areas", "url", "description", "portal_codes"]


def read_catalogue(path: Path = CATALOGUE) -> list[dict]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))["programmes"]
    rows = []
    for entry in entries:
        period = entry.get("period") or [None, None]
        rows.append(
            {
                "code": entry["code"],
                "name": entry["name"],
                "owner": entry.get("owner") or "",
                "level": entry["level"],
                "period_start_year": period[0],
                "period_end_year": period[1],
                "subject_areas": list(entry.get("subject_areas") or []),
                "url": entry.get("url") or "",
                "description": entry.get("description") or "",
                "portal_codes": list(entry.get("portal_codes") or []),
            }
        )
    return rows


def portal_code_map(municipality) -> dict[str, int]:
    """Portal identifier prefix (e.g. ERASMUS) → the municipality's programme id."""
    found = {}
    for pk, codes in Programme.objects.for_municipality(municipality).values_list(
        "pk", "portal_codes"
    ):
        for code in codes or []:
            found.setdefault(str(code).upper(), pk)
    return found
