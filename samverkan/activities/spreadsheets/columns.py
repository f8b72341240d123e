"""The columns an activity spreadsheet has: what the import reads and the export writes.

Each column has a Swedish and an English heading (the export writes the one of the
active language) and other headings committees use for it. Headings are matched without
regard to case, accents, punctuation or units: "KOSTNAD (kr)", "Kostnad kr" and
"kostnad:" are all the cost.
"""

from dataclasses import dataclass, field

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .values import is_blank, normalise, text


@dataclass(frozen=True)
class Column:
    key: str
    sv: str
    en: str
    label: object  # shown on the mapping page
    kind: str = "text"  # text, integer, decimal, date, choice, boolean, list...
    aliases: tuple[str, ...] = ()
    export_only: bool = False  # computed: written by the export, ignored by the import
    headings: frozenset = field(init=False, default=frozenset())

    def __post_init__(self):
        names = {normalise(name) for name in (self.sv, self.en, *self.aliases)}
        object.__setattr__(self, "headings", frozenset(names))

    def heading(self, language=None) -> str:
        return self.sv if (language or get_language() or "sv").startswith("sv") else self.en


COLUMNS = [
    Column(
        "samverkan_id", "Samverkan-id", "Samverkan id", _("Samverkan id (from an export)"),
        "samverkan_id",
    ),
    Column(
        "external_id", "Extern id", "External id", _("external id"), "text",
        ("Externt id", "Ext id", "External ID", "Extern referens"),
    ),
    Column(
        "title", "Titel", "Title", _("title"), "text",
        ("Aktivitet", "Rubrik", "Benämning", "Namn", "Namn på aktivitet", "Activity", "Name"),
    ),
    Column(
        "committee", "Nämnd", "Committee", _("responsible committee"), "committee",
        ("Ansvarig nämnd", "Nämnd/styrelse", "Responsible committee", "Body"),
    ),
    Column(
        "administration", "Förvaltning", "Administration", _("administration"), "text",
        ("Ansvarig förvaltning",),
    ),
    Column(
        "kind", "Typ", "Kind", _("kind"), "choice",
        ("Typ av aktivitet", "Aktivitetstyp", "Type", "Kind of activity"),
    ),
    Column("status", "Status", "Status", _("status"), "choice", ("Läge",)),
    Column(
        "start_date", "Startdatum", "Start date", _("start date"), "date",
        ("Start", "Från", "Från datum", "Fr o m", "Datum", "Startdag", "From", "Date"),
    ),
    Column(
        "end_date", "Slutdatum", "End date", _("end date"), "date",
        ("Slut", "Till", "Till datum", "T o m", "Slutdag", "To", "End"),
    ),
    Column(
        "countries", "Länder", "Countries", _("countries"), "countries",
        ("Land", "Country", "Land/länder", "Länder/land"),
    ),
    Column(
        "partners", "Partner", "Partners", _("partners"), "partners",
        ("Samarbetspartner", "Samarbetspartners", "Partnerorganisation", "Partnerorganisationer"),
    ),
    Column(
        "participants_elected", "Deltagare förtroendevalda", "Participants: elected officials",
        _("participants: elected officials"), "integer",
        ("Förtroendevalda", "Antal förtroendevalda", "Politiker", "Elected officials"),
    ),
    Column(
        "participants_employees", "Deltagare anställda", "Participants: employees",
        _("participants: employees"), "integer",
        ("Anställda", "Antal anställda", "Medarbetare", "Deltagare medarbetare",
         "Tjänstepersoner", "Deltagare tjänstepersoner", "Employees"),
    ),
    Column(
        "participants_residents", "Deltagare invånare", "Participants: residents",
        _("participants: residents"), "integer",
        ("Invånare", "Antal invånare", "Medborgare", "Residents"),
    ),
    Column(
        "participants_young", "Deltagare unga", "Participants: young people",
        _("participants: young people"), "integer",
        ("Unga", "Ungdomar", "Deltagare ungdomar", "Elever", "Young people"),
    ),
    Column(
        "own_costs", "Kostnad (kr)", "Own costs (SEK)", _("own costs (SEK)"), "decimal",
        ("Kostnad", "Kostnad (SEK)", "Egen kostnad", "Egna kostnader", "Cost", "Costs",
         "Own costs", "Cost (SEK)"),
    ),
    Column("description", "Beskrivning", "Description", _("description"), "text"),
    Column("purpose", "Syfte", "Purpose", _("purpose"), "text", ("Syfte med aktiviteten",)),
    Column(
        "traveller_selection", "Urval av resenärer", "How the travellers were chosen",
        _("how the travellers were chosen"), "text",
        ("Hur valdes resenärerna", "Urval"),
    ),
    Column(
        "travellers", "Resenärer", "Who travelled", _("who travelled"), "text",
        ("Vilka reste", "Travellers"),
    ),
    Column("results", "Resultat", "Results", _("results"), "text"),
    Column(
        "lessons", "Lärdomar", "Lessons", _("lessons"), "text",
        ("Erfarenheter", "Lessons learned"),
    ),
    Column(
        "agenda_2030_goals", "Agenda 2030-mål", "Agenda 2030 goals", _("Agenda 2030 goals"),
        "goals",
        ("Agenda 2030", "Globala mål", "Globala målen", "SDG", "Sustainable development goals"),
    ),
    Column(
        "progress", "Framdrift (%)", "Progress (%)", _("progress (%)"), "integer",
        ("Framdrift", "Progress", "Klart (%)"),
    ),
    Column("is_public", "Offentlig", "Public", _("public"), "boolean", ("Publik",)),
    Column(
        "external_funding", "Extern finansiering (kr)", "External funding (SEK)",
        _("external funding (SEK)"), "decimal", export_only=True,
    ),
    Column(
        "eu_priority", "EU-prioritet", "EU priority", _("EU priority"), "boolean",
        export_only=True,
    ),
]  # fmt: skip

BY_KEY = {column.key: column for column in COLUMNS}
IMPORTABLE = [column for column in COLUMNS if not column.export_only]
# The fields a new activity needs; a file that updates by id may leave them out.
REQUIRED = ("title", "committee", "start_date")
KEYS = ("samverkan_id", "external_id")
_BY_HEADING = {name: column.key for column in COLUMNS for name in column.headings}
IGNORE = "ignore"
HEADER_SEARCH_ROWS = 30


def recognise(heading) -> str | None:
    """The column key a heading stands for, or None."""
    return _BY_HEADING.get(normalise(text(heading)))


def field_key(name: str) -> str | None:
    """A mapping's target: a column key ("own_costs") or any heading of it ("Kostnad")."""
    if name in BY_KEY:
        return name
    if normalise(name) in {IGNORE, "ignorera", ""}:
        return IGNORE
    return recognise(name)


def find_header(rows, mapping=None) -> int | None:
    """The index in `rows` of the header row: the one with the most recognised headings
    among the first rows (merged title rows above it hold one cell, and lose). Without any
    recognised heading, the first row with two or more filled cells."""
    mapped = {normalise(heading) for heading in (mapping or {})}
    best, best_score = None, 0
    for index, (_number, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        score = sum(
            1
            for cell in cells
            if isinstance(cell, str) and (recognise(cell) or normalise(cell) in mapped)
        )
        if score > best_score:
            best, best_score = index, score
    if best is not None and best_score >= 2:
        return best
    for index, (_number, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if sum(1 for cell in cells if not is_blank(cell)) >= 2:
            return index
    return best


def guess_mapping(headings, mapping=None) -> dict[int, str]:
    """Column index → key, from a given mapping {heading: key} first, then by recognition.

    A heading that is not recognised maps to nothing (the column is not imported).
    """
    given = {normalise(heading): key for heading, key in (mapping or {}).items()}
    result, taken = {}, set()
    for index, heading in enumerate(headings):
        name = normalise(text(heading))
        if not name:
            continue
        key = given.get(name) if name in given else recognise(heading)
        if key and key != IGNORE and key not in taken:
            result[index] = key
            taken.add(key)
    return result


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: the letters a spreadsheet shows."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
