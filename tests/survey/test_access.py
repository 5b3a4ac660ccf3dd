"""Who reaches which survey page: coordinators run waves, advisors read results, outsiders get
404, anonymous people are sent to log in, a member with a link only reaches the answering
pages."""

import pytest
from django.urls import reverse

from tests.survey.conftest import make_wave

pytestmark = pytest.mark.django_db

# name, method, allowed for the advisor (VIEW) — every page is allowed for the coordinator
PAGES = [
    ("wave", "get", True), ("results", "get", True), ("count", "get", True),
    ("qr", "get", True), ("export_csv", "get", True), ("export_xlsx", "get", True),
    ("questions", "get", False), ("email", "get", False), ("eml", "get", False),
    ("settings", "post", False), ("open", "post", False), ("extend", "post", False),
    ("close", "post", False), ("invite", "post", False), ("remind", "post", False),
]


@pytest.fixture
def wave(world, instrument):
    return make_wave(world.community, responses=6)


def hit(client, name, method, wave):
    url = reverse(f"survey:{name}", kwargs={"slug": wave.community.slug, "pk": wave.pk})
    return getattr(client, method)(url)


@pytest.mark.parametrize(("name", "method", "advisor_ok"), PAGES)
def test_access_matrix(world, wave, client, name, method, advisor_ok):
    client.force_login(world.coordinator)
    # An empty POST is refused and the page shown again with the form (400): nothing typed is lost.
    assert hit(client, name, method, wave).status_code in (200, 302, 400)
    client.force_login(world.advisor)
    assert hit(client, name, method, wave).status_code == (
        200 if advisor_ok else 404) or (advisor_ok and method == "post")
    for outsider in (world.other_coordinator, world.other_advisor):
        client.force_login(outsider)
        assert hit(client, name, method, wave).status_code == 404
    client.logout()
    response = hit(client, name, method, wave)
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_index_and_create(world, instrument, client):
    index = reverse("survey:index", kwargs={"slug": "juristes"})
    create = reverse("survey:create", kwargs={"slug": "juristes"})
    client.force_login(world.advisor)
    page = client.get(index)
    assert page.status_code == 200 and "Nouvelle vague" not in page.content.decode()
    assert client.post(create, {"title": "X"}).status_code == 404
    client.force_login(world.other_coordinator)
    assert client.get(index).status_code == 404
    client.force_login(world.coordinator)
    assert "Nouvelle vague" in client.get(index).content.decode()
    created = client.post(create, {"title": "Enquête printemps"})
    assert created.status_code == 302
    assert "Enquête printemps" in client.get(index).content.decode()


def test_a_wave_of_another_community_is_404_even_for_its_own_coordinator(world, instrument,
                                                                           client):
    other_wave = make_wave(world.other)
    client.force_login(world.coordinator)
    url = reverse("survey:results", kwargs={"slug": "juristes", "pk": other_wave.pk})
    assert client.get(url).status_code == 404


def test_a_member_with_a_link_reaches_only_the_answering_pages(world, wave, client):
    from survey import services

    [invitation] = services.invitations_create(wave=wave, emails=["m@example.org"],
                                               language="fr")
    token = services.invitation_token_get(invitation)
    assert client.get(reverse("survey:answer", kwargs={"token": token})).status_code == 200
    assert client.get(reverse("survey:answer", kwargs={"token": wave.public_token})
                      ).status_code == 200
    for name, method, _ok in PAGES:
        response = hit(client, name, method, wave)
        assert response.status_code == 302 and "/accounts/login/" in response.url
    # The answering token does not open the shared results either.
    assert client.get(reverse("survey:shared", kwargs={"token": token})).status_code == 404
    assert client.get(reverse("survey:shared", kwargs={"token": wave.public_token})
                      ).status_code == 404
