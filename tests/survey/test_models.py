"""Anonymity by construction: nothing joins an invitation or a token to a response."""

import pytest
from django.db import IntegrityError, models

from copkit.core import links
from copkit.questionnaires.models import Answer, Collection, Response
from survey.models import Invitation, Wave
from tests.survey.conftest import make_wave

pytestmark = pytest.mark.django_db


def relations(model) -> set[type]:
    return {f.related_model for f in model._meta.get_fields()
            if f.is_relation and f.related_model is not None}


def reachable(start, *, stop: set) -> set:
    """Models reachable from `start` through foreign keys and their reverses, not walking
    through `stop` (the shared parents: a wave holds both invitations and responses)."""
    seen, todo = {start}, [start]
    while todo:
        model = todo.pop()
        for other in relations(model):
            if other not in seen and other not in stop:
                seen.add(other)
                todo.append(other)
    return seen


def test_no_foreign_key_path_joins_an_invitation_to_a_response():
    # An invitation's only relation is its wave.
    assert relations(Invitation) == {Wave}
    # Responses and answers have no relation to invitations, in either direction.
    for model in (Response, Answer):
        assert Invitation not in relations(model)
    # Beyond the wave (and the collection/community/user it shares with everything), nothing
    # connects them.
    from django.contrib.auth import get_user_model

    from copkit.communities.models import Community

    stop = {Wave, Collection, Community, get_user_model()}
    assert Response not in reachable(Invitation, stop=stop)
    assert Answer not in reachable(Invitation, stop=stop)


def test_no_token_column_is_shared_between_invitation_and_response():
    token_like = {f.name for f in Invitation._meta.get_fields()
                  if isinstance(f, models.CharField)}
    for model in (Response, Answer):
        names = {f.name for f in model._meta.get_fields()}
        assert not (token_like - {"email"}) & names
        assert "invitation" not in names and "token" not in names


def test_threshold_below_three_is_refused_by_the_database(world, instrument):
    wave = make_wave(world.community)
    with pytest.raises(IntegrityError):
        Wave.objects.filter(pk=wave.pk).update(anonymity_threshold=2)


def test_invitation_token_is_not_stored(world, instrument):
    from survey import services

    wave = make_wave(world.community)
    [invitation] = services.invitations_create(wave=wave, emails=["a@example.org"],
                                               language="fr")
    token = services.invitation_token_get(invitation)
    stored = Invitation.objects.filter(pk=invitation.pk).values().get()
    assert token not in stored.values()
    assert stored["token_hash"] == links.token_hash(token)
    assert services.invitation_get_by_token(token) == invitation
