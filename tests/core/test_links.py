"""copkit/core/links.py: one way to issue, hash, check and look up every link token."""

import hashlib
from datetime import timedelta

import pytest
from django.utils import timezone

from copkit.communities.models import Invitation, Role
from copkit.core import links

MALFORMED = ["", "\x00", "abc\x00def", "a" * (links.MAX_LENGTH + 1), "a" * 10_000, "ab/cd",
             "ab.cd", "a b", "ab%00", "é" * 10, "\ufffd", None, 42]


def test_issued_tokens_are_well_formed_distinct_and_fit_the_columns():
    tokens = {links.token_new(nbytes=n) for n in (18, 24, 32) for _ in range(50)}
    assert len(tokens) == 150
    assert all(links.token_is_well_formed(t) and len(t) <= 64 for t in tokens)


def test_hash_is_the_sha256_the_stored_links_were_made_with():
    # Hashes stored before links.py existed must keep matching their links.
    assert links.token_hash("abc") == hashlib.sha256(b"abc").hexdigest()
    assert len(links.token_hash(links.token_new())) == 64


@pytest.mark.parametrize("token", MALFORMED)
def test_a_malformed_token_is_unknown_without_a_query(token, db, django_assert_num_queries):
    assert not links.token_is_well_formed(token)
    with django_assert_num_queries(0):
        assert links.token_lookup(Invitation.objects.all(), token, hashed=True) is None
        assert links.token_lookup(Invitation.objects.all(), token, hashed=False,
                                  field="email") is None


def _invitation(world, token: str, **extra) -> Invitation:
    return Invitation.objects.create(
        community=world.community, email="x@example.org", role=Role.COORDINATOR,
        token_hash=links.token_hash(token), invited_by=world.staff,
        expires_at=timezone.now() + timedelta(days=1), **extra)


def test_hashed_lookup_finds_by_hash_never_by_the_stored_value(world,
                                                               django_assert_num_queries):
    token = links.token_new()
    invitation = _invitation(world, token)
    with django_assert_num_queries(1):
        assert links.token_lookup(Invitation.objects.all(), token, hashed=True) == invitation
    # The hash itself, sent as a link, opens nothing.
    assert links.token_lookup(Invitation.objects.all(), invitation.token_hash,
                              hashed=True) is None
    assert links.token_lookup(Invitation.objects.all(), links.token_new(), hashed=True) is None


def test_conditions_on_the_queryset_hide_revoked_links(world):
    token = links.token_new()
    _invitation(world, token, revoked_at=timezone.now())
    pending = Invitation.objects.filter(revoked_at__isnull=True)
    assert links.token_lookup(pending, token, hashed=True) is None
    assert links.token_lookup(Invitation.objects.all(), token, hashed=True) is not None


def test_lookup_or_404(world):
    from django.http import Http404
    token = links.token_new()
    invitation = _invitation(world, token)
    assert links.token_lookup_or_404(Invitation.objects.all(), token, hashed=True) == invitation
    for bad in ("\x00", links.token_new()):
        with pytest.raises(Http404):
            links.token_lookup_or_404(Invitation.objects.all(), bad, hashed=True)


# Every link scheme of the site, as a URL: a malformed or unknown token is a plain 404.
LINK_URLS = ["/fr/communities/invitations/{}/", "/fr/compass/r/{}/", "/fr/survey/r/{}/",
             "/fr/survey/shared/{}/", "/fr/toolbox/guest/{}/"]


@pytest.mark.parametrize("url", LINK_URLS)
@pytest.mark.parametrize("token", ["%00", "abc%00def", "a" * 65, "%FF", "unknown-token_123"])
def test_every_link_scheme_answers_404_to_a_bad_token(client, db, url, token):
    assert client.get(url.format(token)).status_code == 404
