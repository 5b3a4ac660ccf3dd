""""You said, we did" pages: coordinators write it (EDIT) and send the closing e-mail; advisors
read it (VIEW); members read it on the shared results page (survey/results_views.py `shared`).
Access: copkit.communities.access, 404 for outsiders."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from copkit.communities.access import Capability, community_access_or_404
from copkit.core.forms import Form
from survey import follow_ups
from survey.crumbs import survey_crumbs
from survey.models import Wave
from survey.views import shared_url


class FollowUpForm(Form):
    """One text and a choice of actions per theme (fields `text-<key>`, `actions-<key>`)."""

    def __init__(self, *args, themes, actions, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(a.pk, a.title) for a in actions]
        self.themes = themes
        for theme in themes:
            self.fields[f"text-{theme.key}"] = forms.CharField(
                label=gettext_lazy("What we do about it"), required=False, max_length=2000,
                initial=theme.text, widget=forms.Textarea(attrs={"rows": 3}))
            self.fields[f"actions-{theme.key}"] = forms.TypedMultipleChoiceField(
                label=gettext_lazy("Actions from the action list"), required=False,
                choices=choices, coerce=int, initial=[a.pk for a in theme.actions],
                widget=forms.CheckboxSelectMultiple)

    def rows(self):
        return [(theme, self[f"text-{theme.key}"], self[f"actions-{theme.key}"])
                for theme in self.themes]

    def answers(self) -> dict:
        return {t.key: (self.cleaned_data[f"text-{t.key}"], self.cleaned_data[f"actions-{t.key}"])
                for t in self.themes}


def _wave(access, pk: int) -> Wave:
    wave = get_object_or_404(Wave.objects.select_related("collection__version", "community"),
                             pk=pk, community=access.community)
    if not wave.is_closed:
        raise Http404  # nothing to answer before the wave closes
    return wave


@login_required
@require_http_methods(["GET", "POST"])
def follow_up(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = community_access_or_404(
        request.user, slug, Capability.EDIT if request.method == "POST" else Capability.VIEW)
    wave = _wave(access, pk)
    themes = follow_ups.follow_up_list(wave)
    form = FollowUpForm(request.POST or None, themes=themes,
                        actions=follow_ups.linkable_actions(wave))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            follow_ups.follow_up_save(wave=wave, answers=form.answers())
            messages.success(request, _("Saved. Members see it on the shared results page."))
            return redirect(reverse("survey:follow_up", kwargs={"slug": slug, "pk": wave.pk}))
        status = 400
    return render(request, "survey/follow_up.html", {
        "access": access, "community": access.community, "wave": wave, "form": form,
        "themes": themes, "shared_link": shared_url(request, wave),
        "crumbs": survey_crumbs(access.community, wave, (_("You said, we did"),))},
        status=status)


@login_required
@require_POST
def follow_up_send(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = community_access_or_404(request.user, slug, Capability.EDIT)
    wave = _wave(access, pk)
    try:
        sent = follow_ups.closing_email_send(wave=wave, link=shared_url(request, wave))
    except follow_ups.FollowUpError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Closing e-mail sent to %(n)s invitees, each on their own.")
                         % {"n": sent})
    return redirect(reverse("survey:follow_up", kwargs={"slug": slug, "pk": wave.pk}))
