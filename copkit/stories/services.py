"""Stories: told through the link, entered by a coordinator, curated, deleted; the link itself."""

import hashlib
import secrets

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone

from copkit.stories.models import STEPS, Source, Story, StoryLink, Visibility, new_link_token

# A shared link may be posted by anyone holding it: at most this many stories a day.
MAX_PER_DAY = 30
NONCE_MAX_AGE = 2 * 24 * 3600


class AlreadyReceived(Exception):
    """The same form was submitted again (double click, back button, replay)."""


class TooMany(Exception):
    """The link received its day's maximum of stories."""


class FormExpired(Exception):
    """The form's one-time key is missing, forged or too old."""


def link_get_or_create(community) -> StoryLink:
    link, _created = StoryLink.objects.get_or_create(community=community)
    return link


@transaction.atomic
def link_update(*, community, action: str, actor=None) -> StoryLink:
    """`enable`, `disable`, or `renew` (a new address; the old one stops working)."""
    link = StoryLink.objects.select_for_update().get(pk=link_get_or_create(community).pk)
    if action == "enable":
        link.enabled = True
    elif action == "disable":
        link.enabled = False
    elif action == "renew":
        link.token = new_link_token()
        link.enabled = True
    else:
        raise ValueError(action)
    link.save()
    return link


def _salt(link: StoryLink) -> str:
    return f"stories.form.{link.pk}"


def nonce_new(link: StoryLink) -> str:
    """The one-time key of a story form shown on the link (signed; stored only as a hash once
    the story is received)."""
    return signing.dumps(secrets.token_urlsafe(16), salt=_salt(link))


def _nonce_hash(link: StoryLink, nonce: str) -> str:
    if not isinstance(nonce, str) or not 0 < len(nonce) <= 200:
        raise FormExpired
    try:
        signing.loads(nonce, salt=_salt(link), max_age=NONCE_MAX_AGE)
    except signing.BadSignature as exc:
        raise FormExpired from exc
    return hashlib.sha256(nonce.encode()).hexdigest()


def _texts(data: dict) -> dict:
    return {"title": data.get("title", ""), **{key: data.get(key, "") for key in STEPS}}


def _story(*, community, source: str, data: dict, language: str, **extra) -> Story:
    told = _texts(data)
    return Story(community=community, source=source, language=language[:5],
                 contribution_kind=data.get("contribution_kind", ""), original=told,
                 teller_name=data.get("name", ""), name_shown=bool(data.get("name_shown")),
                 consent=bool(data.get("consent")), told_on=timezone.localdate(), **told,
                 **extra)


def story_submit(*, link: StoryLink, data: dict, nonce: str, language: str) -> Story:
    """A member's story through the link: once per form, at most MAX_PER_DAY a day."""
    key = _nonce_hash(link, nonce)
    with transaction.atomic():
        locked = StoryLink.objects.select_for_update().get(pk=link.pk)
        if Story.objects.filter(submission_key=key).exists():
            raise AlreadyReceived
        today = Story.objects.filter(community_id=locked.community_id, source=Source.LINK,
                                     told_on=timezone.localdate()).count()
        if today >= MAX_PER_DAY:
            raise TooMany
        story = _story(community=locked.community, source=Source.LINK, data=data,
                       language=language, submission_key=key)
        try:
            with transaction.atomic():
                story.save()
        except IntegrityError as exc:  # the same key raced in
            raise AlreadyReceived from exc
    return story


@transaction.atomic
def story_create(*, community, data: dict, user, language: str) -> Story:
    """A story a coordinator heard and enters."""
    story = _story(community=community, source=Source.COORDINATOR, data=data, language=language,
                   entered_by=user)
    story.save()
    return story


@transaction.atomic
def story_curate(*, story: Story, data: dict, user) -> Story:
    """Edit for publication, tag, publish or keep internal; `original` never changes."""
    story = Story.objects.select_for_update().get(pk=story.pk)
    for field in ("title", *STEPS, "topic"):
        if field in data:
            setattr(story, field, data[field] or "")
    story.cycles = list(data.get("cycles") or [])
    if "dimensions" in data:
        story.dimensions = list(data["dimensions"] or [])
    visibility = data.get("visibility") or story.visibility
    if visibility != Visibility.INTERNAL and not story.consent:
        raise ValueError("no consent to publication")
    story.visibility = visibility
    story.edited_at = timezone.now()
    story.save()
    return story


@transaction.atomic
def story_delete(*, story: Story) -> None:
    story.delete()
