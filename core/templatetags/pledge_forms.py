from django import forms, template

register = template.Library()


@register.filter
def error_anchor(field: forms.BoundField) -> str:
    """The id an error summary links to for a field: its input, or for radios and checkboxes
    the first of them, as GOV.UK asks. crispy-forms-gds numbers those from 1
    (`id_rag_1`); Django leaves `id_for_label` empty for them."""
    widget = field.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{field.auto_id}_1"
    return field.id_for_label
