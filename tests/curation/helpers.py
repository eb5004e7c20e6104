"""Shared by the curation tests: loading the articles written for them, and posting admin forms as a browser does."""
import io
from pathlib import Path

from django.core.management import call_command
from django.forms import CheckboxInput

ARTICLES = Path(__file__).resolve().parent / "articles"


def load(*names: str, update: bool = False) -> str:
    """Run the real load_articles command on some of the curation articles (all of them with update and no name)."""
    out = io.StringIO()
    args = [str(ARTICLES / f"{n}.txt") for n in names]
    call_command("load_articles", *args, *(["--update"] if update else []), "--jobs", "1", stdout=out,
                 stderr=io.StringIO())
    return out.getvalue()


def _value(bound) -> object:
    value = bound.value()
    if isinstance(bound.field.widget, CheckboxInput):
        return "on" if value else None
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return "" if value is None else str(value)


def change_form_data(response) -> dict:
    """The data an admin change page would post unchanged: the main form, every inline and management form."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms.append(formset.management_form)
        forms.extend(formset.forms)
    for form in forms:
        for bound in form:
            value = _value(bound)
            if value is not None:
                data[bound.html_name] = value
    return data
