"""A council page finds its council, and the person's role there, in one query."""

from __future__ import annotations

import pytest
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.views import View

from strategies.scoping import CouncilMixin

pytestmark = pytest.mark.django_db


class CouncilProbe(CouncilMixin, View):
    """A council page that keeps what it was given, and reads the council's revision as a
    kept page does."""

    def get(self, request, *args, **kwargs):
        self.given = kwargs
        self.given_in_order = args
        self.revision = self.organisation.data_revision
        return HttpResponse(self.council_role.get_role_display())


def test_a_council_page_reads_the_council_its_revision_and_the_role_in_one_query(
    council, officer, django_assert_num_queries
):
    request = RequestFactory().get("/")
    request.user = officer
    view = CouncilProbe()
    view.setup(request, org=council.slug, pk=7)

    with django_assert_num_queries(1):
        response = view.dispatch(request, org=council.slug, pk=7)

    assert response.content == b"Officer"
    assert view.organisation == council
    assert view.revision == 0
    assert view.given == {"org": council.slug, "pk": 7}


def test_another_councils_slug_is_a_404(council, outsider):
    request = RequestFactory().get("/")
    request.user = outsider
    view = CouncilProbe()
    view.setup(request, org=council.slug)

    with pytest.raises(Http404):
        view.dispatch(request, org=council.slug)


@pytest.mark.parametrize(("persona", "caption"), [("officer", "Officer"), ("owner", "Plan owner")])
def test_the_council_home_page_names_the_persons_role_there(
    client, council, request, persona, caption
):
    client.force_login(request.getfixturevalue(persona))

    page = client.get(reverse("governance:council-home", args=[council.slug])).content.decode()

    assert f'<span class="govuk-caption-l">{caption}</span>' in page


def test_a_council_page_passes_on_what_its_url_captured_in_order(council, officer):
    request = RequestFactory().get("/")
    request.user = officer
    view = CouncilProbe()
    view.setup(request, "2027", org=council.slug)

    view.dispatch(request, "2027", org=council.slug)

    assert view.given_in_order == ("2027",)


def test_a_council_pages_breadcrumbs_start_at_the_councils_home(client, officer, council):
    client.force_login(officer)

    page = client.get(reverse("governance:board-list", args=[council.slug])).content.decode()

    assert (
        '<a class="govuk-breadcrumbs__link" href="/councils/testshire/">'
        "Testshire County Council</a>"
    ) in page
