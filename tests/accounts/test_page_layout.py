"""The page template (templates/base.html) and the shared components in templates/components/.

They live with the sign-in tests because the sign-in pages are the first to use them.
"""

import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.breadcrumbs import Crumb, crumb
from strategies.models import Organisation

pytestmark = pytest.mark.sqlite


def pagination(rf, number: int, pages: int, query: str = "") -> str:
    page_obj = Paginator(range(pages * 10), 10).page(number)
    request = rf.get(f"/plans/?{query}")
    return render_to_string("components/pagination.html", {"page_obj": page_obj}, request=request)


def shown_items(html: str) -> list[str]:
    """The page numbers and ellipses in the pagination list, in order."""
    items = re.findall(r'<li class="govuk-pagination__item[^"]*">\s*(.*?)\s*</li>', html, re.S)
    return ["…" if "&ctdot;" in item else re.sub(r"<[^>]+>", "", item).strip() for item in items]


@pytest.mark.parametrize(
    ("number", "pages", "expected"),
    [
        (1, 3, ["1", "2", "3"]),
        (5, 10, ["1", "…", "4", "5", "6", "…", "10"]),
        (4, 10, ["1", "2", "3", "4", "5", "…", "10"]),
        (7, 10, ["1", "…", "6", "7", "8", "9", "10"]),
        (10, 10, ["1", "…", "9", "10"]),
    ],
)
def test_pagination_shows_the_ends_the_neighbours_and_an_ellipsis_per_gap(
    rf, number, pages, expected
):
    assert shown_items(pagination(rf, number, pages)) == expected


def _shown_by_rule(number: int, pages: int) -> list[str]:
    """GOV.UK's pattern, page by page: the ends, the current page's neighbours, a page that
    alone fills a gap, and an ellipsis for each longer gap."""
    shown = []
    for page in range(1, pages + 1):
        gap = abs(page - number)
        if page in (1, pages) or gap <= 1 or (page in (2, pages - 1) and gap == 2):
            shown.append(str(page))
        elif gap == 2:
            shown.append("…")
    return shown


def test_pagination_follows_the_rule_on_every_page_of_tables_up_to_40_pages(rf):
    for pages in range(2, 41):
        for number in range(1, pages + 1):
            assert shown_items(pagination(rf, number, pages)) == _shown_by_rule(number, pages), (
                number,
                pages,
            )


def test_the_pagination_of_a_long_table_lists_only_what_it_shows(rf):
    assert shown_items(pagination(rf, 1, 100)) == ["1", "2", "…", "100"]
    assert shown_items(pagination(rf, 50, 100)) == ["1", "…", "49", "50", "51", "…", "100"]


def test_pagination_keeps_the_other_query_parameters_and_marks_the_current_page(rf):
    html = pagination(rf, 2, 3, query="rag=red&q=housing&page=2")

    assert 'href="?rag=red&amp;q=housing&amp;page=1" rel="prev"' in html
    assert 'href="?rag=red&amp;q=housing&amp;page=3" rel="next"' in html
    current = re.search(r'<a [^>]*aria-current="page"[^>]*>\s*(\d+)', html)
    assert current and current.group(1) == "2"


def test_pagination_of_a_single_page_renders_nothing(rf):
    assert pagination(rf, 1, 1).strip() == ""


def test_the_first_page_has_no_previous_link_and_the_last_no_next(rf):
    assert 'rel="prev"' not in pagination(rf, 1, 3)
    assert 'rel="next"' not in pagination(rf, 3, 3)


def test_messages_show_as_notification_banners():
    html = render_to_string(
        "components/messages.html",
        {
            "messages": [
                Message(constants.SUCCESS, "Progress update saved"),
                Message(constants.INFO, "The reporting period closes on Friday"),
            ]
        },
    )

    success, other = re.findall(r'<div class="govuk-notification-banner[ "][^>]*>', html)
    assert "govuk-notification-banner--success" in success and 'role="alert"' in success
    assert "--success" not in other and 'role="region"' in other
    assert "Progress update saved" in html and "closes on Friday" in html


def test_summary_row_shows_a_change_link_named_for_screen_readers():
    html = render_to_string(
        "components/summary_row.html",
        {"key": "Deadline", "value": "March 2027", "change_url": "/change/"},
    )

    assert '<dt class="govuk-summary-list__key">Deadline</dt>' in html
    assert "March 2027" in html
    assert re.search(r'href="/change/">Change<span class="govuk-visually-hidden"> deadline', html)


def test_summary_row_says_when_there_is_no_value():
    html = render_to_string("components/summary_row.html", {"key": "Lead", "value": ""})

    assert "Not given" in html
    assert "Change" not in html


@pytest.mark.django_db
def test_every_page_says_when_the_site_holds_demonstration_data(client):
    url = reverse("accounts:login")
    assert b"Demonstration data" not in client.get(url).content

    Organisation.objects.create(name="Demoshire", slug="demoshire", demo_since=timezone.now())

    html = client.get(url).content.decode()
    assert "Demonstration data" in html
    assert "not real council records" in html


@pytest.mark.django_db
def test_the_page_template_has_the_gov_uk_frame_without_the_crown(client):
    html = client.get(reverse("accounts:login")).content.decode()

    assert '<html lang="en-GB" class="govuk-template">' in html
    assert 'href="#main-content" class="govuk-skip-link"' in html
    assert 'class="govuk-generic-header__homepage-link">Pledge</a>' in html
    assert "govuk-phase-banner" in html
    assert "crown" not in html.lower()
    assert "govuk-logo" not in html
    assert re.search(r'<script nonce="[^"]+">document\.body\.className', html)
    assert "style=" not in html, "inline styles break the CSP (style-src 'self')"


@pytest.mark.django_db
def test_a_council_page_names_the_council_in_the_service_navigation(client, officer, council):
    client.force_login(officer)
    home = reverse("governance:council-home", args=[council.slug])

    html = client.get(home).content.decode()

    navigation = re.search(
        r'<section [^>]*class="govuk-service-navigation".*?</section>', html, re.S
    )
    assert navigation
    assert f'href="{home}" class="govuk-service-navigation__link">{council.name}</a>' in (
        navigation.group(0)
    )


def test_breadcrumbs_link_each_page_of_the_trail_in_order_with_its_label_escaped():
    trail = [
        Crumb("Testshire", "/councils/testshire/"),
        Crumb("Plan <b>2027</b>", "/councils/testshire/plans/1/"),
    ]
    html = render_to_string("components/breadcrumbs.html", {"trail": trail})

    assert '<nav class="govuk-breadcrumbs" aria-label="Breadcrumb">' in html
    links = re.findall(
        r'<li class="govuk-breadcrumbs__list-item">'
        r'<a class="govuk-breadcrumbs__link" href="([^"]*)">(.*?)</a></li>',
        html,
    )
    assert links == [
        ("/councils/testshire/", "Testshire"),
        ("/councils/testshire/plans/1/", "Plan &lt;b&gt;2027&lt;/b&gt;"),
    ]


def test_a_crumb_links_to_the_named_page():
    assert crumb("Boards and panels", "governance:board-list", "testshire") == (
        "Boards and panels",
        "/councils/testshire/boards/",
    )
