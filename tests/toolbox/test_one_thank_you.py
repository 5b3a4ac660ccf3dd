"""A guest's thank-you page says "Merci" once; a member who submits is thanked by a message."""

import pytest
from django.urls import reverse

from copkit.questionnaires.structure import load_structure
from toolbox import services

pytestmark = pytest.mark.django_db


def test_the_guest_thank_you_page_thanks_once(client, world, make_instance):
    instance = make_instance("facilitation")
    link = services.guest_link_create(instance=instance, name="Marc",
                                      created_by=world.coordinator)
    last = load_structure(instance.collection.version).sections[-1]
    response = client.post(reverse("toolbox:guest_fill_section",
                                   kwargs={"token": link.token, "section": last.key}),
                           {"_action": "submit"}, follow=True)
    main = response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
    assert main.count("Merci") == 1


def test_a_member_who_submits_is_thanked_on_the_result_page(client, world, make_instance):
    instance = make_instance("competencies")
    client.force_login(world.coordinator)
    last = load_structure(instance.collection.version).sections[-1]
    response = client.post(reverse("toolbox:fill_section", kwargs={
        "slug": "juristes", "tool": "competencies", "pk": instance.pk, "section": last.key}),
        {"_action": "submit"}, follow=True)
    assert "Merci, vos réponses ont été envoyées." in [str(m) for m in response.context["messages"]]
