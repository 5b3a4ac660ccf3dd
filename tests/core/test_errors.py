"""One way to turn a service's refusal into a message in the user's language
(copkit/core/errors.py), the engine's errors included: never `['…']`, never English only."""

from io import StringIO

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils import translation

from copkit.core.errors import add_error_message, error_messages
from copkit.questionnaires.definitions import InvalidDefinition, validate
from survey import content, services
from tests.survey.conftest import make_wave

DEFINITION = {"key": "q", "title": {"fr": "Titre", "nl": "", "en": "Title"},
              "sections": [{"key": "s", "title": {"fr": "P", "nl": "D", "en": "P"},
                            "questions": [{"key": "x", "type": "short_text",
                                           "title": {"fr": "X", "nl": "X", "en": "X"}}]}]}


@pytest.mark.parametrize(("language", "expected"), [
    ("fr", "title.nl: texte manquant"), ("nl", "title.nl: tekst ontbreekt"),
    ("en", "title.nl: missing text")])
def test_an_engine_error_reads_in_the_users_language(language, expected):
    errors = validate(DEFINITION)
    assert [e.message for e in errors] == ["missing text"]  # English for logs and commands
    with translation.override(language):
        assert error_messages(InvalidDefinition(errors)) == [expected]


def test_an_engine_error_with_a_value_keeps_it_in_every_language():
    errors = validate({**DEFINITION, "key": "bad key"} | {"title": DEFINITION["title"] | {
        "nl": "Titel"}})
    with translation.override("nl"):
        assert error_messages(InvalidDefinition(errors)) == ["key: ongeldige sleutel 'bad key'"]
    assert errors[0].message == "invalid key 'bad key'"


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "expected"), [
    ("fr", "Le seuil d’anonymat ne peut pas être inférieur à 3."),
    ("nl", "De anonimiteitsdrempel kan niet lager zijn dan 3.")])
def test_a_service_validation_error_is_a_sentence_not_a_list(world, language, expected):
    content.load(stdout=StringIO())
    wave = make_wave(world.community, open_days=None)
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    with translation.override(language):
        with pytest.raises(ValidationError) as refused:
            services.wave_update(wave=wave, anonymity_threshold=2)
        add_error_message(request, refused.value)
    shown = [str(m) for m in get_messages(request)]
    assert shown == [expected]
    assert not shown[0].startswith("[")


def test_any_other_error_shows_its_text():
    assert error_messages(ValueError("Déjà ouverte.")) == ["Déjà ouverte."]
