"""One way to show a service's refusal to a person, in their language.

Services refuse with an exception whose message is already translatable (gettext with an
English msgid): Django's `ValidationError`, an app's own error (`survey.services.WaveError`),
or an engine error that carries `messages` (`copkit.questionnaires.definitions.InvalidDefinition`,
whose `DefinitionError.text` is translated). Views catch them and call `add_error_message`,
never `str(exc)`: a ValidationError's `str()` is the repr of its list (`['…']`).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest


def error_messages(exc: BaseException) -> list[str]:
    """The sentences of a refusal, in the active language, as a person reads them."""
    if isinstance(exc, ValidationError):
        return [str(message) for message in exc.messages]
    carried = getattr(exc, "messages", None)
    if carried:
        return [str(message) for message in carried]
    return [str(exc)]


def add_error_message(request: HttpRequest, exc: BaseException) -> None:
    """Show a refusal at the top of the next page (one message per sentence)."""
    for message in error_messages(exc):
        messages.error(request, message)
