from django import template

from copkit.reminders.views import preferences_form

register = template.Library()


@register.simple_tag
def reminder_preferences_form(user):
    """The account page's reminder choices (1 query)."""
    return preferences_form(user)
