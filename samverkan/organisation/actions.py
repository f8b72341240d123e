"""Named changes to the organisation: each is atomic and writes its history."""

import csv
from pathlib import Path

from django.db import transaction

from .models import County, Municipality

DATA_DIR = Path(__file__).resolve().parent / "data"


@transaction.atomic
def load_municipalities() -> tuple[int, int]:
    """Create or update the 21 counties and 290 municipalities; returns the counts."""
    counties = {}
    with open(DATA_DIR / "counties.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            county, _created = County.objects.update_or_create(
                code=row["county_code"], defaults={"name": row["county_name"]}
            )
            counties[county.code] = county
    existing = {m.code: m for m in Municipality.objects.all()}
    count = 0
    with open(DATA_DIR / "municipalities.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row["municipality_code"]
            # The short name is the reliable one ("Falun", not the machine-made "Faluns kommun").
            name = row["municipality_name_short"]
            county = counties[row["county_code"]]
            current = existing.get(code)
            if current is None:
                Municipality.objects.create(code=code, name=name, county=county)
            elif (current.name, current.county_id) != (name, county.pk):
                current.name, current.county = name, county
                current.save(update_fields=["name", "county"])
            count += 1
    return len(counties), count
