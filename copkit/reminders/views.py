"""The signed-in person's reminder choices, shown and saved on their account page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from copkit.reminders import services
from copkit.reminders.forms import PreferencesForm
from copkit.reminders.models import ReminderPreference


def preferences_form(user, data=None) -> PreferencesForm:
    kinds = services.reminder_kinds()
    preference = ReminderPreference.objects.filter(user=user).first()
    muted = set(preference.muted) if preference else set()
    initial = {"wanted": [slug for slug, _label in kinds if slug not in muted],
               "language": preference.language if preference else ""}
    return PreferencesForm(data, kinds=kinds, initial=initial)


@login_required
@require_POST
def preferences(request: HttpRequest) -> HttpResponse:
    form = preferences_form(request.user, request.POST)
    if form.is_valid():
        wanted = set(form.cleaned_data["wanted"])
        services.preference_save(user=request.user,
                                 muted=[k for k in form.kinds if k not in wanted],
                                 language=form.cleaned_data["language"])
        messages.success(request, _("Your reminder choices were saved."))
    else:
        messages.error(request, _("Your reminder choices could not be saved."))
    return redirect(reverse("communities:account") + "#reminders")
