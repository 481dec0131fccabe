"""The plan table's filters. Every choice list is drawn from the plan's own council.

The parameter names are part of the product's links (dashboards link to the table filtered
to exactly the actions behind a count), so keep them stable: objective, section, key_outcome,
lead, rag, status, overdue, not_overdue, not_updated, deadline_moved, due_after, due_before, q,
sort.
"""

from __future__ import annotations

import datetime
import hashlib

import django_filters
from crispy_forms.utils import render_crispy_form
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Div, Field, Layout
from django import forms
from django.core.cache import cache
from django.db.models import CharField, F, Value
from django.db.models.functions import Cast, Concat
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join

from actionplans.models import (
    PLAN_ORDER,
    Action,
    ActionPlan,
    ActionStatus,
    KeyOutcome,
    Lead,
    PlanSection,
    Rag,
    ReportingPeriod,
    rag_rank,
)
from core.forms import DATE_FORMATS, submit_button
from strategies.models import Objective

# Seconds a rendered filter form may be reused. Its key holds every choice it lists, so this
# bounds only how long a change to the form's code takes to show where the cache is shared.
FORM_CACHE_SECONDS = 10 * 60
SORTS = {
    "plan": ("Plan order", [*PLAN_ORDER]),
    "deadline": ("Deadline, earliest first", ["deadline", *PLAN_ORDER]),
    "-deadline": ("Deadline, latest first", ["-deadline", *PLAN_ORDER]),
    "rag": ("RAG, worst first", ["rag_rank", *PLAN_ORDER]),
    "-updated": ("Recently changed first", ["-updated_at", *PLAN_ORDER]),
}


class Select(forms.Select):
    """A drop-down whose options are written in Python rather than through a template each.

    Django renders each option with its own template, about 0.1 ms apiece, and a large plan
    offers hundreds of key outcomes: that was most of the plan page's time (see make bench).
    The HTML is Django's. The class keeps the name Select because crispy-forms-gds picks the
    GOV.UK classes by widget class name.
    """

    def render(self, name, value, attrs=None, renderer=None):
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            format_html_join("", "{}", self._options(self.format_value(value))),
        )

    def _options(self, chosen: list[str]):
        found = False
        for key, label in self.choices:
            if not found and str(key) in chosen:  # like Django's: only the first match
                found = True
                yield (format_html('<option value="{}" selected>{}</option>', key, label),)
            else:
                yield (format_html('<option value="{}">{}</option>', key, label),)


# The drop-downs' labels, as each model's __str__ reads (tests/actionplans/test_filters.py).
CHOICE_LABELS = {
    "objective": Concat(Cast("number", CharField()), Value(". "), "title"),
    "section": F("title"),
    "key_outcome": F("title"),
    "lead": F("name"),
}


def choose_from_list(what: str) -> dict[str, str]:
    """GOV.UK wording for a choice that is not on offer (an edited or out-of-date link)."""
    return {"invalid_choice": f"Select {what} from the list"}


def due_date_filter(label: str, lookup_expr: str, hint: str) -> django_filters.DateFilter:
    """A deadline bound typed as one date; TextInput so crispy-forms-gds styles it as GOV.UK's.

    One text input rather than GOV.UK's day, month and year boxes keeps the links that carry
    it short and stable (`?due_before=31/3/2027`), as the dashboards' links need.
    """
    return django_filters.DateFilter(
        label=label,
        help_text=hint,
        field_name="deadline",
        lookup_expr=lookup_expr,
        input_formats=DATE_FORMATS,
        widget=forms.TextInput,
        error_messages={"invalid": f"{label} must be a real date"},
    )


class PlanFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        after, before = cleaned.get("due_after"), cleaned.get("due_before")
        if after and before and after > before:  # would match nothing, and say nothing why
            self.add_error("due_after", "Due after must be the same as or before Due before")
        return cleaned


class PlanActionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search",
        help_text="Words from the action, its key outcome or its lead",
        method="filter_text",
    )
    objective = django_filters.ModelChoiceFilter(
        label="Objective",
        queryset=Objective.objects.none(),
        field_name="key_outcome__objective",
        empty_label="Any objective",
        widget=Select,
        error_messages=choose_from_list("an objective"),
    )
    section = django_filters.ModelChoiceFilter(
        label="Section",
        queryset=PlanSection.objects.none(),
        field_name="key_outcome__section",
        empty_label="Any section",
        widget=Select,
        error_messages=choose_from_list("a section"),
    )
    key_outcome = django_filters.ModelChoiceFilter(
        label="Key outcome",
        queryset=KeyOutcome.objects.none(),
        empty_label="Any key outcome",
        widget=Select,
        error_messages=choose_from_list("a key outcome"),
    )
    lead = django_filters.ModelChoiceFilter(
        label="Lead",
        queryset=Lead.objects.none(),
        field_name="leads",
        empty_label="Any lead",
        widget=Select,
        error_messages=choose_from_list("a lead"),
    )
    # Columns of the action itself, so no row repeats: without distinct=False (django-filter
    # assumes a to-many relation) the database made each matching row whole, newest update
    # included, to take out duplicates there cannot be, before keeping a page of them.
    rag = django_filters.MultipleChoiceFilter(
        label="RAG rating",
        choices=Rag.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages=choose_from_list("RAG ratings"),
        distinct=False,
    )
    status = django_filters.MultipleChoiceFilter(
        label="Status",
        choices=ActionStatus.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages=choose_from_list("statuses"),
        distinct=False,
    )
    overdue = django_filters.BooleanFilter(
        label="Overdue", method="filter_overdue", widget=forms.CheckboxInput
    )
    not_overdue = django_filters.BooleanFilter(
        label="Not overdue", method="filter_not_overdue", widget=forms.CheckboxInput
    )
    not_updated = django_filters.BooleanFilter(
        label="Not updated this period", method="filter_not_updated", widget=forms.CheckboxInput
    )
    deadline_moved = django_filters.BooleanFilter(
        label="Deadline moved", method="filter_deadline_moved", widget=forms.CheckboxInput
    )
    due_after = due_date_filter("Due after", "gte", "On or after this date, for example 1/4/2027")
    due_before = due_date_filter(
        "Due before", "lte", "On or before this date, for example 31/3/2027"
    )
    sort = django_filters.ChoiceFilter(
        label="Sort by",
        choices=[(key, label) for key, (label, _) in SORTS.items()],
        method="filter_sort",
        empty_label=None,
        error_messages=choose_from_list("an order"),
    )

    class Meta:
        model = Action
        fields: list[str] = []
        form = PlanFilterForm

    def __init__(
        self,
        data=None,
        *args,
        plan: ActionPlan,
        period: ReportingPeriod | None,
        today: datetime.date,
        **kwargs,
    ):
        super().__init__(data, *args, **kwargs)
        if not (self.is_bound and self.data.get("status")):
            # Retired actions (no longer needed) leave the table and its downloads, as they
            # leave the counts (ActionQuerySet.counted); asking for their status, as the
            # dashboard's "no longer needed" link does, lists them, with their history.
            self.queryset = self.queryset.counted()
        self.plan = plan
        self.period = period
        self.today = today
        filters = self.filters
        # Each model's own order within one strategy or plan, without joining to order by it.
        objectives = Objective.objects.filter(strategy=plan.strategy_id).order_by("number")
        filters["objective"].queryset = objectives
        filters["section"].queryset = PlanSection.objects.filter(plan=plan).order_by("number")
        filters["key_outcome"].queryset = KeyOutcome.objects.filter(plan=plan).order_by("number")
        # A semi-join: DISTINCT over the plan's action-lead pairs sorted thousands of wide rows.
        plan_leads = Action.leads.through.objects.filter(action__plan=plan).values("lead_id")
        filters["lead"].queryset = Lead.objects.filter(pk__in=plan_leads).order_by("name")
        self.form.helper = self._helper()

    @staticmethod
    def _helper() -> FormHelper:
        helper = FormHelper()
        helper.form_method = "get"
        helper.form_tag = True
        helper.layout = Layout(
            Div(
                Div(Field.text("q", field_width=20), css_class="govuk-grid-column-one-half"),
                Div(Field.select("sort"), css_class="govuk-grid-column-one-half"),
                css_class="govuk-grid-row",
            ),
            Div(
                Div(
                    Field.select("objective"),
                    Field.select("section"),
                    css_class="govuk-grid-column-one-third",
                ),
                Div(
                    Field.select("lead"),
                    Field.select("key_outcome"),
                    css_class="govuk-grid-column-one-third",
                ),
                Div(
                    Field.text("due_after", field_width=10),
                    Field.text("due_before", field_width=10),
                    css_class="govuk-grid-column-one-third",
                ),
                css_class="govuk-grid-row",
            ),
            Div(
                Div(Field.checkboxes("rag", small=True), css_class="govuk-grid-column-one-third"),
                Div(
                    Field.checkboxes("status", small=True), css_class="govuk-grid-column-one-third"
                ),
                Div(
                    Field.checkbox("overdue", small=True),
                    Field.checkbox("not_overdue", small=True),
                    Field.checkbox("not_updated", small=True),
                    Field.checkbox("deadline_moved", small=True),
                    css_class="govuk-grid-column-one-third",
                ),
                css_class="govuk-grid-row",
            ),
            submit_button("apply", "Apply filters", "govuk-button--secondary"),
        )
        return helper

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("sort"):
            queryset = queryset.order_by(*SORTS["plan"][1])
        return queryset

    def filter_text(self, queryset, name, value):
        return queryset.matching(value)

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue(on=self.today) if value else queryset

    def filter_not_overdue(self, queryset, name, value):
        # The dashboard's exceptions list "not updated, and not overdue" as a group of its own.
        return queryset.not_overdue(on=self.today) if value else queryset

    def filter_not_updated(self, queryset, name, value):
        return queryset.not_updated_in(self.period) if value else queryset

    def filter_deadline_moved(self, queryset, name, value):
        return queryset.deadline_moved() if value else queryset

    def filter_sort(self, queryset, name, value):
        return queryset.annotate(rag_rank=rag_rank()).order_by(*SORTS[value][1])


def plan_action_filter(data, *, plan: ActionPlan, today: datetime.date) -> PlanActionFilter:
    """The plan table's rows filtered by `data` (a query string), as its downloads read them.

    The same filters, order and prefetching as the plan page (ActionPlanDetailView), so a
    download holds exactly the rows the page lists, on every page of it.
    """
    return PlanActionFilter(
        data or None,
        queryset=Action.objects.of_plan(plan).for_plan_page().with_overdue_flag(on=today),
        plan=plan,
        period=plan.periods.current(on=today),
        today=today,
    )


def filter_form_html(filterset: PlanActionFilter) -> str:
    """The filter form as `{% crispy %}` renders it, reused from the cache when the same
    choices and answers were rendered before: crispy's layout took a quarter of the plan
    page's time. A form showing errors is always rendered afresh.

    The choice lists are read here, once, as the form would read them, and make up the key
    with what was asked, so a renamed lead or a new key outcome is a new entry.
    """
    form = filterset.form
    if form.errors:
        return render_crispy_form(form)
    listed = []
    for name, label in CHOICE_LABELS.items():
        # The select renders its widget's choices: read them once, for the key and it, as
        # plain rows (a large plan offers hundreds; model instances took most of this time).
        field = form.fields[name]
        choices = [("", field.empty_label), *field.queryset.values_list("pk", label)]
        field.widget.choices = choices
        listed.append((name, choices))
    asked = sorted((name, form.data.getlist(name)) for name in form.data) if form.is_bound else None
    digest = hashlib.sha256(repr((listed, asked)).encode()).hexdigest()[:32]
    key = f"pledge:plan-filter-form:{filterset.plan.pk}:{digest}"
    html = cache.get(key)
    if html is None:
        html = render_crispy_form(form)
        cache.set(key, html, FORM_CACHE_SECONDS)
    return html
