"""Community pages: create, read, edit, people and invitations. Thin: access, form, service."""

import json

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from copkit.communities import life, phases, privacy, selectors, services
from copkit.communities.access import (
    KM_TEAM_GROUP,
    Capability,
    community_access_or_404,
    staff_required,
)
from copkit.communities.forms import (
    RHYTHM_FIELDS,
    AccountDeleteForm,
    AdvisorAppointForm,
    CommunityDeleteForm,
    CommunityForm,
    InvitationForm,
    InvitationSignupForm,
    TimelineFilterForm,
)
from copkit.communities.models import Invitation, Membership, Role
from copkit.core import audit, downloads
from copkit.core.breadcrumbs import community_crumbs, crumbs
from copkit.core.errors import add_error_message
from copkit.core.redirects import safe_next


@login_required
@require_http_methods(["GET", "POST"])
def community_create(request: HttpRequest) -> HttpResponse:
    form = CommunityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        rhythm = {name: fields.pop(name) for name in RHYTHM_FIELDS}
        community = phases.community_create_recorded(creator=request.user, rhythm=rhythm,
                                                     **fields)
        messages.success(request, _("The community “%(name)s” was created.") % {"name": community})
        return redirect(community)
    return render(request, "communities/community_form.html", {
        "form": form, "creating": True,
        "crumbs": crumbs((_("My communities"), reverse("home")), (_("New community"),))})


@login_required
def community_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The community's home, a cockpit: phase, next steps, open items, key figures. Advisors
    see the same page; only the buttons that change something are for coordinators."""
    access = community_access_or_404(request.user, slug)
    community = access.community
    return render(request, "communities/community_detail.html", {
        "access": access,
        "community": community,
        "crumbs": community_crumbs(community),
        "memberships": selectors.membership_list(community),
        "cockpit": life.cockpit_for(community),
    })


@login_required
@require_GET
def community_timeline(request: HttpRequest, slug: str) -> HttpResponse:
    """Every dated event of the community, filtered by kind, along the four phases (printable)."""
    access = community_access_or_404(request.user, slug)
    community = access.community
    form = TimelineFilterForm(request.GET or None, kinds=life.kind_choices())
    kinds, layout = None, "phases"
    if form.is_bound and form.is_valid():
        kinds = form.cleaned_data["kind"] or None
        layout = form.cleaned_data["layout"] or "phases"
    events, columns = life.timeline_for(community, kinds=kinds)
    return render(request, "communities/community_timeline.html", {
        "access": access, "community": community, "form": form, "layout": layout,
        "crumbs": community_crumbs(community, (_("Timeline"),)),
        "events": events, "columns": columns, "filtered": bool(kinds),
    })


@login_required
@require_http_methods(["GET", "POST"])
def community_edit(request: HttpRequest, slug: str) -> HttpResponse:
    access = community_access_or_404(request.user, slug, Capability.EDIT)
    community = access.community
    form = CommunityForm(request.POST or None, instance=community)
    if request.method == "POST" and form.is_valid():
        phases.community_update_recorded(community=community, changed_by=request.user,
                                         **form.cleaned_data)
        messages.success(request, _("Changes saved."))
        return redirect(community)
    return render(request, "communities/community_form.html",
                  {"form": form, "community": community, "access": access,
                   "crumbs": community_crumbs(community, (_("Edit"),))})


@login_required
@require_http_methods(["GET", "POST"])
def community_people(request: HttpRequest, slug: str) -> HttpResponse:
    access = community_access_or_404(request.user, slug)
    community = access.community
    form = InvitationForm(request.POST or None)
    if request.method == "POST":
        community_access_or_404(request.user, slug, Capability.EDIT)
        if form.is_valid():
            try:
                invitation, _token = services.invitation_create(
                    community=community, invited_by=request.user,
                    accept_url_builder=request.build_absolute_uri, **form.cleaned_data,
                )
            except ValidationError as exc:
                form.add_error("email", exc)
            else:
                email = invitation.email
                # Told only to whoever may invite to this community (EDIT, checked above): a
                # coordinator inviting a co-coordinator learns that the address has an account.
                if selectors.has_account(email):
                    messages.success(request, _(
                        "Invitation sent to %(email)s. %(email)s already has an account: they "
                        "will get the role when they accept.") % {"email": email})
                else:
                    messages.success(request, _("Invitation sent to %(email)s.")
                                     % {"email": email})
                return redirect("communities:people", slug=slug)
    return render(request, "communities/community_people.html", {
        "access": access,
        "community": community,
        "crumbs": community_crumbs(community, (_("People and invitations"),)),
        "memberships": selectors.membership_list(community),
        "invitations": selectors.invitation_list_pending(community),
        "form": form,
    })


@login_required
@require_POST
def membership_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    community = community_access_or_404(request.user, slug, Capability.EDIT).community
    membership = get_object_or_404(Membership, pk=pk, community=community)
    try:
        services.membership_remove(membership=membership, removed_by=request.user)
    except ValidationError as exc:
        add_error_message(request, exc)
    else:
        messages.success(request, _("%(person)s no longer has this role.")
                         % {"person": membership.user.get_full_name() or membership.user})
    return _back_to_people(request, slug)


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    community = community_access_or_404(request.user, slug, Capability.EDIT).community
    invitation = get_object_or_404(Invitation.objects.pending(), pk=pk, community=community)
    services.invitation_revoke(invitation=invitation)
    messages.success(request, _("The invitation was withdrawn."))
    return _back_to_people(request, slug)


def _back_to_people(request: HttpRequest, slug: str) -> HttpResponse:
    """Back where the button was (the form's `next`), else the people page."""
    fallback = reverse("communities:people", kwargs={"slug": slug})
    return redirect(safe_next(request, request.POST.get("next"), fallback=fallback))


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Public link, but only the invited address joins: by signing in with the account that
    uses it, or by creating an account that takes it."""
    invitation = services.invitation_get_by_token(token)
    if invitation is None or not services.invitation_is_grantable(invitation):
        return render(request, "communities/invitation_invalid.html", status=404)
    signup_form = refusal = None
    if request.user.is_authenticated:
        try:
            services.invitation_check(invitation=invitation, user=request.user)
        except ValidationError as exc:
            refusal = exc  # shown instead of the button; nothing is granted
        if request.method == "POST" and refusal is None:
            try:
                services.invitation_accept(invitation=invitation, user=request.user)
            except ValidationError as exc:  # withdrawn or used in the meantime
                refusal = exc
            else:
                messages.success(request, _("You joined “%(name)s”.")
                                 % {"name": invitation.community})
                return redirect(invitation.community)
    else:
        signup_form = InvitationSignupForm(request.POST or None, email=invitation.email)
        if request.method == "POST" and signup_form.is_valid():
            user = services.user_create_from_invitation(
                invitation=invitation,
                username=signup_form.cleaned_data["username"],
                password=signup_form.cleaned_data["password1"],
                first_name=signup_form.cleaned_data["first_name"],
                last_name=signup_form.cleaned_data["last_name"],
            )
            login(request, user, backend="copkit.core.auth_backends.CopkitModelBackend")
            messages.success(request, _("Welcome! You joined “%(name)s”.")
                             % {"name": invitation.community})
            return redirect(invitation.community)
    return render(request, "communities/invitation_accept.html",
                  {"invitation": invitation, "signup_form": signup_form,
                   "refusal": " ".join(refusal.messages) if refusal else ""},
                  # 403, not 404: the holder of the link is told why it is not for this
                  # account (documented in docs/threat-model.md, roles).
                  status=403 if refusal and request.method == "POST" else 200)


@login_required
@require_http_methods(["GET", "POST"])
def community_delete(request: HttpRequest, slug: str) -> HttpResponse:
    """Delete a community and all of its data, after typing its name."""
    access = community_access_or_404(request.user, slug, Capability.EDIT)
    community = access.community
    form = CommunityDeleteForm(request.POST or None, community=community)
    if request.method == "POST" and form.is_valid():
        name = community.name
        privacy.community_delete(community=community, actor=request.user)
        messages.success(request, _("The community “%(name)s” and all of its data were "
                                    "deleted.") % {"name": name})
        return redirect("home")
    return render(request, "communities/community_delete.html", {
        "access": access, "community": community, "form": form,
        "crumbs": community_crumbs(community, (_("Delete the community"),)),
    }, status=400 if form.errors else 200)


# --- The signed-in person's own account --------------------------------------------------------

@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    """Download one's personal data; delete one's account (password required)."""
    form = AccountDeleteForm(request.POST or None, user=request.user)
    blocking = privacy.communities_blocking_deletion(request.user)
    if request.method == "POST" and form.is_valid():
        try:
            privacy.account_delete(user=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            logout(request)
            messages.success(request, _("Your account was deleted."))
            return redirect("login")
    return render(request, "communities/account.html", {"form": form, "blocking": blocking},
                  status=400 if form.errors else 200)


@never_cache
@login_required
@require_GET
def account_data(request: HttpRequest) -> HttpResponse:
    audit.record_export(request, obj=request.user, kind="account-data", fmt="json")
    data = json.dumps(privacy.account_data(request.user), cls=DjangoJSONEncoder,
                      ensure_ascii=False, indent=2)
    return downloads.attachment(data.encode(), filename="copkit-my-data.json",
                                content_type=downloads.JSON)


# --- KM advisors: appointed by staff only --------------------------------------------------------

@staff_required
@require_http_methods(["GET", "POST"])
def advisors(request: HttpRequest) -> HttpResponse:
    """Every KM advisor and the communities they advise; appoint one (an account or an address)."""
    form = AdvisorAppointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        communities = form.cleaned_data["communities"]
        try:
            _memberships, invitations = services.advisor_appoint(
                communities=communities, appointed_by=request.user, user=form.user,
                email=form.email, accept_url_builder=request.build_absolute_uri,
                language=form.cleaned_data.get("language", ""))
        except ValidationError as exc:
            form.add_error("person", exc)
        else:
            names = ", ".join(c.name for c in communities)
            if form.user is not None:
                messages.success(request, _("%(person)s is now KM advisor of: %(names)s.") % {
                    "person": form.user.get_full_name() or form.user.username, "names": names})
            elif invitations:
                messages.success(request, _("Invitation sent to %(email)s for: %(names)s.")
                                 % {"email": form.email, "names": names})
            else:
                messages.info(request, _("%(email)s already advises these communities.")
                              % {"email": form.email})
            return redirect("communities:advisors")
    return render(request, "communities/advisors.html", {
        "form": form, "advisors": selectors.advisor_list(),
        "invitations": selectors.advisor_invitation_list_pending(), "km_team_group": KM_TEAM_GROUP,
    }, status=400 if form.errors else 200)


@login_required
@require_POST  # before the staff check: a signed-in GET answers 405, as every form target does
@staff_required
def advisor_remove(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership.objects.select_related("user", "community"),
                                   pk=pk, role=Role.ADVISOR)
    services.membership_remove(membership=membership, removed_by=request.user)
    messages.success(request, _("%(person)s no longer advises “%(name)s”.") % {
        "person": membership.user.get_full_name() or membership.user.username,
        "name": membership.community.name})
    return redirect("communities:advisors")


@login_required
@require_POST  # before the staff check: a signed-in GET answers 405, as every form target does
@staff_required
def advisor_invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(Invitation.objects.pending(), pk=pk, role=Role.ADVISOR)
    services.invitation_revoke(invitation=invitation)
    messages.success(request, _("The invitation was withdrawn."))
    return redirect("communities:advisors")
