""""You said, we did": after a wave closes, the coordinator answers each theme of its results in a
few lines and links actions of the community's action list (copkit.actions). Members read it on
the shared results page, and the invitees receive it in a closing e-mail.

The closing e-mail goes as one message per invitee, each addressed to that person only (no list
of recipients in any header), in the invitee's language (copkit.core.i18n), to every invitee,
answered or not: who answered is never used.
"""

from dataclasses import dataclass, field

from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from copkit.actions import selectors as actions_selectors
from copkit.actions.models import Action
from copkit.core.forms import single_line
from copkit.core.i18n import email_languages, join_halves, url_in_language
from copkit.questionnaires.structure import load_structure
from copkit.questionnaires.texts import localized
from survey.models import Invitation, ThemeFollowUp, Wave


class FollowUpError(Exception):
    pass


@dataclass
class ThemeAnswer:
    key: str
    title: str
    text: str = ""
    actions: list[Action] = field(default_factory=list)


def follow_up_list(wave: Wave, *, only_written: bool = False) -> list[ThemeAnswer]:
    """Each theme (scored section) of the wave with its answer and linked actions (2 queries
    plus the structure, which is cached)."""
    structure = load_structure(wave.collection.version)
    saved = {f.theme: f for f in ThemeFollowUp.objects.filter(wave=wave)
             .prefetch_related("actions")}
    out = []
    for section in structure.sections:
        if not any(spec.question.type in ("likert", "yes_partly_no")
                   for spec in section.questions):
            continue
        found = saved.get(section.key)
        answer = ThemeAnswer(section.key, localized(section.section.title),
                             found.text if found else "",
                             sorted(found.actions.all(), key=lambda a: a.pk) if found else [])
        if not only_written or answer.text or answer.actions:
            out.append(answer)
    return out


def linkable_actions(wave: Wave) -> list[Action]:
    """The actions a follow-up may link: the community's current actions."""
    return list(actions_selectors.action_list(wave.community))


@transaction.atomic
def follow_up_save(*, wave: Wave, answers: dict[str, tuple[str, list[int]]]) -> None:
    """Save the answer (text, action ids) of each theme key given; only after the wave closed,
    only the community's own actions."""
    if not wave.is_closed:
        raise FollowUpError(_("Close the wave before answering its results."))
    allowed = set(Action.objects.filter(community=wave.community).values_list("pk", flat=True))
    for theme, (text, action_ids) in answers.items():
        follow_up, _created = ThemeFollowUp.objects.update_or_create(
            wave=wave, theme=theme, defaults={"text": text.strip()})
        follow_up.actions.set([pk for pk in action_ids if pk in allowed])


def closing_email_compose(*, wave: Wave, language: str, link: str,
                          answers: list[ThemeAnswer]) -> tuple[str, str]:
    """(subject, body) of the closing e-mail in one language, or both for "fr+nl"."""
    parts = []
    for lang in email_languages(language):
        with translation.override(lang):
            subject = _("You said, we did: %(title)s") % {"title": wave.title}
            lines = [_("Thank you for taking part in the survey “%(title)s” of %(community)s. "
                       "Here is what the community does with the results.")
                     % {"title": wave.title, "community": wave.community.name}, ""]
            for answer in answers:
                lines.append(answer.title)
                if answer.text:
                    lines.append(answer.text)
                lines += [f"- {action.title}" for action in answer.actions]
                lines.append("")
            lines.append(_("All the results: %(link)s") % {"link": url_in_language(link, lang)})
        parts.append((subject, "\n".join(lines)))
    subject, body = join_halves(parts)
    return single_line(subject), body


@transaction.atomic
def closing_email_send(*, wave: Wave, link: str) -> int:
    """Send "you said, we did" to every invitee of the wave: one message each, addressed to
    that invitee only, in their language. Needs a closed wave whose results are shared."""
    if not wave.is_closed or not wave.share_results:
        raise FollowUpError(_("Close the wave and share its results with members first."))
    answers = follow_up_list(wave, only_written=True)
    if not answers:
        raise FollowUpError(_("Write at least one answer before sending."))
    messages = []
    for email, language in Invitation.objects.filter(wave=wave).values_list("email", "language"):
        subject, body = closing_email_compose(wave=wave, language=language, link=link,
                                              answers=answers)
        messages.append(EmailMessage(subject=subject, body=body, to=[email]))
    if messages:
        get_connection().send_messages(messages)
    Wave.objects.filter(pk=wave.pk).update(closing_sent_on=timezone.now())
    return len(messages)
