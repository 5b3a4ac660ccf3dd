"""Writes on communities, memberships and invitations."""

from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext as _

from copkit.communities.access import EDIT_INSTRUMENTS, KM_TEAM_GROUP
from copkit.communities.models import Community, Invitation, Membership, Role
from copkit.core import audit, links
from copkit.core.forms import single_line
from copkit.core.i18n import email_languages, join_halves, url_in_language


def reserved_slugs() -> set[str]:
    """Words that are pages of their own under /<app>/ and so cannot name a community there:
    each app lists its own in its AppConfig (`reserved_slugs`)."""
    return {word for config in apps.get_app_configs()
            for word in getattr(config, "reserved_slugs", ())}


def _unique_slug(name: str) -> str:
    base = slugify(strip_tags(name))[:70] or "cop"
    if base in reserved_slugs():
        base = f"cop-{base}"
    slug, n = base, 2
    while Community.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def community_create(*, creator, name: str, domain: str, organisation: str, phase: str,
                     language: str) -> Community:
    """Create a community; its creator becomes its first coordinator."""
    community = Community(name=name, slug=_unique_slug(name), domain=domain,
                          organisation=organisation, phase=phase, language=language)
    community.full_clean()
    community.save()
    Membership.objects.create(community=community, user=creator, role=Role.COORDINATOR)
    return community


@transaction.atomic
def community_update(*, community: Community, **fields) -> Community:
    for name, value in fields.items():
        setattr(community, name, value)
    community.full_clean()
    community.save()
    return community


def _record_role(action: str, membership: Membership, *, actor, how: str) -> None:
    # Who holds a role decides who sees results and who reviews: staff can always trace it.
    audit.record(action=action, actor=actor, obj=membership.user,
                 community=membership.community,
                 details={"role": membership.role, "user": membership.user.username, "how": how})


@transaction.atomic
def membership_remove(*, membership: Membership, removed_by=None) -> None:
    """Remove someone's role; a community always keeps at least one coordinator."""
    if membership.role == Role.COORDINATOR:
        others = Membership.objects.select_for_update().filter(
            community=membership.community, role=Role.COORDINATOR
        ).exclude(pk=membership.pk)
        if not others.exists():
            raise ValidationError(_("A community needs at least one coordinator."))
    _record_role(audit.AuditAction.ROLE_REMOVED, membership, actor=removed_by, how="removed")
    membership.delete()


def invitation_create(*, community: Community, email: str, role: str, invited_by,
                      accept_url_builder, language: str = "") -> tuple[Invitation, str]:
    """Create an invitation and e-mail its link. Returns the invitation and the raw token.

    `accept_url_builder(path)` turns the accept path into an absolute URL (the request knows
    the host; this function does not).
    """
    if role != Role.COORDINATOR and not _is_staff(invited_by):
        # Coordinators invite co-coordinators only; the advisor role is staff's to give.
        raise PermissionDenied("Only staff appoint KM advisors.")
    email = email.strip().lower()
    if Membership.objects.filter(community=community, user__email__iexact=email,
                                 role=role).exists():
        raise ValidationError(_("This person already has this role in the community."))
    token = links.token_new(nbytes=32)
    with transaction.atomic():
        # A new invitation replaces a pending one for the same address and role.
        Invitation.objects.filter(community=community, email=email, role=role,
                                  accepted_at__isnull=True, revoked_at__isnull=True
                                  ).update(revoked_at=timezone.now())
        invitation = Invitation(
            community=community, email=email, role=role, token_hash=links.token_hash(token),
            invited_by=invited_by, language=language,
            expires_at=timezone.now() + timedelta(days=settings.COPKIT_INVITATION_DAYS),
        )
        invitation.full_clean()
        try:
            invitation.save()
        except IntegrityError as exc:  # a concurrent identical invitation won the race
            raise ValidationError(_("An invitation for this address is already pending.")) from exc
        # Sent inside the transaction: if the e-mail cannot be sent, no invitation is left
        # behind that nobody received (and that would block a new one for the address).
        url = accept_url_builder(reverse("communities:invitation_accept",
                                         kwargs={"token": token}))
        subject, body = _invitation_email(invitation, url=url)
        # One line whatever the community's name holds (a name saved before names were
        # checked, or through the admin): a header with a line break cannot be sent.
        send_mail(single_line(subject), body, None, [email])
    return invitation, token


def _invitation_email(invitation: Invitation, *, url: str) -> tuple[str, str]:
    """(subject, body) in the language chosen for the invitation, else the community's; French
    then Dutch for "fr+nl", each half with its own language's link (copkit/core/i18n.py)."""
    parts = []
    for lang in email_languages(invitation.language or invitation.community.language):
        with translation.override(lang):
            context = {"invitation": invitation, "url": url_in_language(url, lang),
                       "community": invitation.community, "inviter": invitation.invited_by,
                       "days": settings.COPKIT_INVITATION_DAYS}
            parts.append((_("Invitation to the community “%(name)s”")
                          % {"name": invitation.community.name},
                          render_to_string("communities/email/invitation.txt", context)))
    return join_halves(parts)


def invitation_get_by_token(token: str) -> Invitation | None:
    """The invitation of a link, whatever its state (pending, accepted, revoked, expired)."""
    return links.token_lookup(Invitation.objects.select_related("community", "invited_by"),
                              token, hashed=True)


def _is_staff(user) -> bool:
    return bool(user is not None and user.is_active and user.is_staff)


def invitation_is_grantable(invitation: Invitation) -> bool:
    """Pending, and an advisor invitation only if a staff member sent it.

    Staff-sent is checked again here, not only when inviting: invitations stored before the rule
    (or through the admin) never grant the role.
    """
    if not invitation.is_pending:
        return False
    return invitation.role == Role.COORDINATOR or _is_staff(invitation.invited_by)


def same_address(user, invitation: Invitation) -> bool:
    return (user.email or "").strip().lower() == invitation.email.strip().lower()


def invitation_check(*, invitation: Invitation, user) -> None:
    """Why `user` may not accept `invitation` (ValidationError), or nothing.

    Only the account with the invited address may accept: the link alone is not enough, since
    whoever invites could follow it with an account of their own. Addresses change only through
    staff (the admin), never on the account page, so an address cannot be borrowed to match.
    """
    if not invitation_is_grantable(invitation):
        raise ValidationError(_("This invitation is no longer valid."), code="not_pending")
    if not same_address(user, invitation):
        raise ValidationError(
            _("This invitation was sent to %(email)s. You are signed in with another address: "
              "sign out, then sign in with the account that uses %(email)s, or create one."),
            params={"email": invitation.email}, code="wrong_account")


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user) -> Membership:
    """Attach `user` to the invitation's community in the invited role (once)."""
    # `of=self`: PostgreSQL cannot lock the nullable side of the join to the inviter.
    invitation = (Invitation.objects.select_for_update(of=("self",))
                  .select_related("invited_by").get(pk=invitation.pk))
    invitation_check(invitation=invitation, user=user)
    membership, created = Membership.objects.get_or_create(
        community=invitation.community, user=user, role=invitation.role
    )
    if created:
        _record_role(audit.AuditAction.ROLE_GRANTED, membership, actor=user,
                     how=f"invitation by {getattr(invitation.invited_by, 'username', '?')}")
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    return membership


@transaction.atomic
def user_create_from_invitation(*, invitation: Invitation, username: str, password: str,
                                first_name: str = "", last_name: str = ""):
    user = get_user_model().objects.create_user(
        username=username, email=invitation.email, password=password,
        first_name=first_name, last_name=last_name,
    )
    invitation_accept(invitation=invitation, user=user)
    return user


@transaction.atomic
def invitation_revoke(*, invitation: Invitation) -> None:
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at", "updated_at"])


# --- KM advisors and the KM team (staff only) -------------------------------------------------

@transaction.atomic
def advisor_appoint(*, communities, appointed_by, user=None, email: str = "",
                    accept_url_builder=None, language: str = ""
                    ) -> tuple[list[Membership], list[Invitation]]:
    """Make an account KM advisor of `communities`, or invite `email` to become one.

    Staff only. An existing account gets the role at once; an address gets one invitation per
    community (acceptable only by the account with that address).
    """
    if not _is_staff(appointed_by):
        raise PermissionDenied("Only staff appoint KM advisors.")
    memberships, invitations = [], []
    for community in communities:
        if user is not None:
            membership, created = Membership.objects.get_or_create(
                community=community, user=user, role=Role.ADVISOR)
            if created:
                _record_role(audit.AuditAction.ROLE_GRANTED, membership, actor=appointed_by,
                             how="staff page")
            memberships.append(membership)
        elif Membership.objects.filter(community=community, user__email__iexact=email,
                                       role=Role.ADVISOR).exists():
            continue  # already advising this one
        else:
            invitation, _token = invitation_create(
                community=community, email=email, role=Role.ADVISOR, invited_by=appointed_by,
                accept_url_builder=accept_url_builder, language=language)
            invitations.append(invitation)
    return memberships, invitations


def km_team_group() -> Group:
    """The "KM team" group, holding the right to edit the shared instruments.

    A migration creates it; this re-creates it where the tables were flushed (tests, a restored
    backup without it).
    """
    _app_label, codename = EDIT_INSTRUMENTS
    content_type = ContentType.objects.get_for_model(Community)
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type, codename=codename,
        defaults={"name": "Can edit the shared instruments (questionnaire definitions)"})
    group, _created = Group.objects.get_or_create(name=KM_TEAM_GROUP)
    group.permissions.add(permission)
    return group
