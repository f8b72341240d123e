"""Translation from day one: every Swedish message is translated and compiled."""

import re
from pathlib import Path

import samverkan

LOCALE = Path(samverkan.__file__).parent / "locale" / "sv" / "LC_MESSAGES"


def _entries(text):
    for block in text.split("\n\n"):
        if "fuzzy" in block:
            yield block, "fuzzy"
        strings = re.findall(r'^msgstr(?:\[\d\])? ((?:"(?:[^"\\]|\\.)*"\s*)+)', block, re.M)
        msgid = re.search(r'^msgid "(.*)"', block, re.M)
        if (
            msgid
            and msgid.group(1)
            and any(not "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', s)) for s in strings)
        ):
            yield block, "untranslated"


def test_swedish_catalogue_is_complete():
    problems = list(_entries((LOCALE / "django.po").read_text(encoding="utf-8")))
    assert not problems, "Translate these in samverkan/locale/sv (make messages):\n" + "\n".join(
        f"{kind}: {block}" for block, kind in problems
    )


def test_compiled_catalogue_is_up_to_date():
    po, mo = LOCALE / "django.po", LOCALE / "django.mo"
    assert mo.exists(), "run `make messages`"
    from django.utils.translation import gettext, override

    with override("sv"):
        assert gettext("Follow-up") == "Uppföljning"
        assert gettext("Roles and responsibilities") == "Roller och ansvar"
    # Every translated msgid in the .po must be in the compiled .mo as well.
    import gettext as gnu

    catalogue = gnu.GNUTranslations(mo.open("rb"))
    entries = re.findall(
        r'^(?:msgctxt "(.+)"\n)?msgid "(.+)"\nmsgstr "(.+)"', po.read_text(encoding="utf-8"), re.M
    )
    for context, msgid, msgstr in entries:
        original = msgid.encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
        found = catalogue.pgettext(context, original) if context else catalogue.gettext(original)
        assert found != original or msgstr == msgid, original
