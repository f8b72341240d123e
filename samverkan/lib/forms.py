"""Form helpers shared by the apps: the version check, numbers as the reader writes them,
searchable pickers for long lists, and sections (fieldsets) for long forms."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _

# Spaces that separate groups of thousands: space, no-break space, narrow no-break space,
# thin space (Swedish writes "12 500"; Django's Swedish format uses the no-break space).
_GROUP_SPACES = "\u0020\u00a0\u202f\u2009"
_NUMBER = re.compile(f"[0-9.,{_GROUP_SPACES}]+")
_SPACE = re.compile(f"[{_GROUP_SPACES}]")
_GROUPED = re.compile(r"[1-9][0-9]{0,2}(?:X[0-9]{3})+")  # X: the separator, substituted


class AmbiguousNumber(ValueError):
    """A number that can be read two ways ("3.500": three and a half, or three thousand
    five hundred); `readings` holds both (the whole number first)."""

    def __init__(self, text, readings):
        super().__init__(text)
        self.readings = readings


def _grouped(digits: str, separator: str) -> bool:
    return bool(_GROUPED.fullmatch(digits.replace(separator, "X")))


def parse_number(text: str, *, decimal_mark: str | None = None, thousands: str | None = None):
    """A number typed by a person in the interface's language, as a Decimal.

    `decimal_mark` and `thousands` are the language's (Swedish "," and a space, English
    "." and ","); by default the active language's. The rule, which refuses rather than
    guesses, so that "3,5" never becomes 35:

    - Spaces (also no-break and thin spaces) separate groups of three digits in the whole
      part: "12 500", "1 234 567,5". A space anywhere else makes the text no number.
    - When both "," and "." occur, the last one is the decimal mark (once) and the other
      separates groups of three: "12,500.50" and "12.500,50" are both 12500.5.
    - A mark that occurs more than once separates groups of three: "1.234.567".
    - A single mark followed by one, two or four or more digits is the decimal mark, in
      either language: "3,5" and "3.5" are 3.5, "11,2345" is 11.2345. So is a single mark
      after a whole part of 0 or of four or more digits ("0,125", "1234,567"), which no
      grouping could give.
    - A single mark followed by exactly three digits, after a whole part of one to three
      digits not starting with 0, could be a group of thousands. It is read as one only
      when it is the language's own thousands separator (English "12,500" is 12500);
      otherwise it is ambiguous and refused with both readings (AmbiguousNumber): "3.500"
      and "1,234" in Swedish, "3.500" in English. Write "3 500" or "3500" for the whole
      number, "3,5" for the decimal one ("1,2340" keeps a fourth decimal).

    A leading minus ("-" or "−") is kept; the field's validators decide whether it is
    allowed. Raises ValueError for text that is no number.
    """
    if decimal_mark is None:
        decimal_mark = formats.get_format("DECIMAL_SEPARATOR")
    if thousands is None:
        thousands = formats.get_format("THOUSAND_SEPARATOR")
    value = str(text).strip().replace("\u2212", "-")
    sign = ""
    if value[:1] and value[0] in "-+":
        sign, value = ("-" if value[0] == "-" else ""), value[1:].lstrip()
    if value[:1] in (",", ".") and value[1:].isdigit():
        value = "0" + value  # ",5" and ".5": a half
    if not value or not _NUMBER.fullmatch(value) or not value[0].isdigit():
        raise ValueError(text)
    if not value[-1].isdigit():
        raise ValueError(text)
    spaced = any(space in value for space in _GROUP_SPACES)
    if spaced:
        value = _SPACE.sub(" ", value)
    commas, points = value.count(","), value.count(".")

    def whole_and_fraction(mark, group):
        whole, _mark, fraction = value.rpartition(mark) if mark else (value, "", "")
        if group and group in whole and not _grouped(whole, group):
            raise ValueError(text)
        whole = whole.replace(group, "") if group else whole
        return whole, fraction

    if commas and points:
        mark = "," if value.rfind(",") > value.rfind(".") else "."
        other = "." if mark == "," else ","
        if value.count(mark) > 1 or spaced:
            raise ValueError(text)
        whole, fraction = whole_and_fraction(mark, other)
    elif commas > 1 or points > 1:
        group = "," if commas else "."
        if spaced or not _grouped(value, group):
            raise ValueError(text)
        whole, fraction = value.replace(group, ""), ""
    elif commas or points:
        mark = "," if commas else "."
        whole, fraction = whole_and_fraction(mark, " " if spaced else "")
        if len(fraction) == 3 and not spaced and 1 <= len(whole) <= 3 and whole[0] != "0":
            if mark != thousands:
                readings = (Decimal(sign + whole + fraction), Decimal(f"{sign}{whole}.{fraction}"))
                raise AmbiguousNumber(text, readings)
            whole, fraction = whole + fraction, ""
    else:
        whole, fraction = value, ""
        if spaced:
            if not _grouped(value, " "):
                raise ValueError(text)
            whole = value.replace(" ", "")
    if not whole.isdigit() or (fraction and not fraction.isdigit()):
        raise ValueError(text)
    try:
        return Decimal(f"{sign}{whole}.{fraction}" if fraction else f"{sign}{whole}")
    except InvalidOperation:
        raise ValueError(text) from None


def _as_typed(value) -> str:
    """A number as the form shows it to be typed again: the language's decimal mark, no
    grouping, and never a form the reading above would refuse (1.234 shows as "1,2340")."""
    shown = formats.localize_input(value)
    try:
        parse_number(shown)
    except AmbiguousNumber:
        return shown + "0"
    except ValueError:
        pass
    return shown


class NumberTextInput(forms.TextInput):
    """A text box for a number: the browser's number box would drop or misread a decimal
    comma; this one sends what was typed, and phones show their number keyboard."""

    input_type = "text"

    def __init__(self, attrs=None, *, decimals=True):
        super().__init__({"inputmode": "decimal" if decimals else "numeric", **(attrs or {})})

    def format_value(self, value):
        if value is None or value == "":
            return None
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            return _as_typed(value)
        return str(value)


class _LocalizedNumber:
    """Reads typed text with parse_number; values that are numbers already (the API's
    JSON, a spreadsheet's cells) are taken as they are."""

    def _read(self, value):
        if not isinstance(value, str):
            return value
        try:
            return parse_number(value)
        except AmbiguousNumber as ambiguous:
            whole, decimal = ambiguous.readings
            if isinstance(self, forms.IntegerField):
                raise forms.ValidationError(
                    _("“%(value)s” is ambiguous: write %(whole)s for the whole number."),
                    code="ambiguous",
                    params={"value": value.strip(), "whole": _grouped_figure(whole)},
                ) from None
            raise forms.ValidationError(
                _(
                    "“%(value)s” can be read two ways: write %(whole)s for the whole number "
                    "or %(decimal)s for the decimal number."
                ),
                code="ambiguous",
                params={
                    "value": value.strip(),
                    "whole": _grouped_figure(whole),
                    "decimal": _as_typed(decimal.normalize()),
                },
            ) from None
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


def _grouped_figure(value) -> str:
    return formats.number_format(value, force_grouping=True)


class LocalizedDecimalField(_LocalizedNumber, forms.DecimalField):
    """A decimal number typed the reader's way ("3,5" and "12 500" in Swedish)."""

    widget = NumberTextInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        return super().to_python(self._read(value))


class LocalizedIntegerField(_LocalizedNumber, forms.IntegerField):
    """A whole number typed the reader's way ("12 500" in Swedish, "12,500" in English)."""

    widget = NumberTextInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", NumberTextInput(decimals=False))
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        value = self._read(value)
        if isinstance(value, Decimal):
            if value != value.to_integral_value():
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            value = int(value)
        return super().to_python(value)


def formfield(field, **kwargs):
    """The form field of a model field: numbers are read and shown the reader's way.

    Every ModelForm of the project gets its fields through this: VersionedModelForm gives
    it to each subclass's Meta, and the registry's ScopedForm calls it from its own.
    """
    if isinstance(field, models.DecimalField):
        kwargs.setdefault("form_class", LocalizedDecimalField)
    elif isinstance(field, models.IntegerField) and not isinstance(field, models.AutoField):
        kwargs.setdefault("form_class", LocalizedIntegerField)
    return field.formfield(**kwargs)


class _NumbersMetaclass(forms.models.ModelFormMetaclass):
    """Gives every subclass's Meta the `formfield` callback unless it names its own."""

    def __new__(mcs, name, bases, attrs):
        meta = attrs.get("Meta")
        if meta is not None and getattr(meta, "formfield_callback", None) is None:
            meta.formfield_callback = formfield
        return super().__new__(mcs, name, bases, attrs)


# The attributes that make samverkan/pickers.js turn a <select> into a searchable picker;
# its texts are the interface's language, read when the widget is drawn.
PICKER_ATTRS = {
    "data-picker": "",
    "data-picker-placeholder": _("Type to search"),
    "data-picker-no-results": _("No matches"),
    "data-picker-remove": _("Remove"),
}


def use_pickers(form, single_choice_fields=()) -> None:
    """Give every list of several choices of `form`, and the single choices named in
    `single_choice_fields` (a country, a partner), a searchable picker. Without script the
    browser's own list stays, so the form works either way."""
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple | forms.HiddenInput):
            continue
        if isinstance(widget, forms.SelectMultiple) or (
            name in single_choice_fields and isinstance(widget, forms.Select)
        ):
            widget.attrs.update(PICKER_ATTRS)


def person_label(user) -> str:
    """A person in a list of choices: the full name, the user name only when none is given."""
    return user.get_full_name() or user.get_username()


class FormSection:
    """One section of a long form: a fieldset with its legend and its fields."""

    def __init__(self, legend, fields, help_text=""):
        self.legend = legend
        self.fields = fields
        self.help_text = help_text


class VersionedModelForm(forms.ModelForm, metaclass=_NumbersMetaclass):
    """Carries the version the editor opened, so that saving can detect a conflict.

    Its number fields are read and shown the reader's way (`formfield`). A long form names
    its sections in `sections_of_fields`: (legend, [field names]) or (legend, [names],
    help text); templates/includes/form.html draws each as a fieldset.
    """

    sections_of_fields: list[tuple] = []

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.fields["opened_version"].initial = self.instance.version

    def clean_opened_version(self):
        value = self.cleaned_data.get("opened_version")
        if self.instance.pk and value is None:
            raise forms.ValidationError(_("The form is incomplete: reload the page and try again."))
        return value

    def sections(self) -> list[FormSection]:
        """The visible fields in their sections, in order; a field no section names comes
        in a last section of its own (so that no field is lost), none when no section is
        named."""
        if not self.sections_of_fields:
            return []
        visible = {field.name: field for field in self.visible_fields()}
        sections, placed = [], set()
        for legend, names, *help_text in self.sections_of_fields:
            fields = [visible[name] for name in names if name in visible]
            placed.update(names)
            if fields:
                sections.append(FormSection(legend, fields, *help_text))
        rest = [field for name, field in visible.items() if name not in placed]
        if rest:
            sections.append(FormSection(_("Other details"), rest))
        return sections

    @property
    def expected_version(self) -> int | None:
        """The version the editor opened (None for a new record): the action's version check."""
        return self.cleaned_data.get("opened_version") if self.instance.pk else None

    def changes(self) -> dict:
        """The submitted values of the model's fields, for the app's action to write."""
        return {
            name: self.cleaned_data[name] for name in self._meta.fields if name in self.cleaned_data
        }

    def changed_values(self, current) -> list[dict]:
        """Field by field: what this editor submitted and what the record holds now."""
        rows = []
        for name in self._meta.fields:
            field = self.fields[name]
            mine = self.cleaned_data.get(name)
            theirs = getattr(current, name)
            if not isinstance(field, forms.ModelMultipleChoiceField) and hasattr(theirs, "all"):
                # A form field kept in related rows (e.g. countries): compare the values.
                theirs = field.prepare_value(
                    type(self)(instance=current, **getattr(self, "extra_kwargs", {})).initial.get(
                        name
                    )
                )
                if sorted(map(str, mine or [])) == sorted(map(str, theirs or [])):
                    continue
            elif isinstance(field, forms.ModelMultipleChoiceField):
                mine, theirs = list(mine or []), list(theirs.all())
                if {o.pk for o in mine} == {o.pk for o in theirs}:
                    continue
                mine = ", ".join(map(str, mine))
                theirs = ", ".join(map(str, theirs))
            if mine != theirs:
                rows.append({"label": field.label, "mine": mine, "theirs": theirs})
        return rows
