"""The quick select writes the same HTML as Django's template-rendered select."""

from __future__ import annotations

from django import forms

from mobiliza.core.forms import QuickSelect, quick_selects


class ChoiceForm(forms.Form):
    country = forms.ChoiceField(
        choices=[
            ("", "---------"),
            ("GT", "Guatemala"),
            ("Islas", [("KY", "Islas Caimán"), ("VG", "Islas Vírgenes <británicas>")]),
            ("A&B", 'Antigua "y" Barbuda'),
        ],
        required=False,
    )
    flag = forms.NullBooleanField(required=False)


def test_a_quick_select_renders_what_django_renders_with_the_same_escaping():
    for data in ({}, {"country": "VG"}, {"country": "A&B"}, {"country": "<script>"}):
        django_html = str(ChoiceForm(data)["country"])
        quick = quick_selects(ChoiceForm(data))
        assert isinstance(quick.fields["country"].widget, QuickSelect)
        assert str(quick["country"]).replace("\n", "") == django_html.replace("\n", "").replace(
            "  ", ""
        )
    html = str(quick_selects(ChoiceForm({"country": "VG"}))["country"])
    assert '<option value="VG" selected>Islas Vírgenes &lt;británicas&gt;</option>' in html
    assert '<optgroup label="Islas">' in html
    assert '<option value="A&amp;B">Antigua &quot;y&quot; Barbuda</option>' in html


def test_other_widgets_are_left_as_they_are():
    form = quick_selects(ChoiceForm())
    assert type(form.fields["flag"].widget) is forms.NullBooleanSelect
