"""The community's rhythm (compass every N months, survey every N months, meetings every N
weeks): when the next one is due. Pure functions of dates."""

import calendar
from datetime import date, datetime

from django.utils import timezone


def add_months(day: date, months: int) -> date:
    """`day` moved by `months` calendar months (31 January + 1 month = 28/29 February)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def as_date(value: date | datetime) -> date:
    return timezone.localdate(value) if isinstance(value, datetime) else value


def due_on(last: date | datetime | None, every_months: int | None) -> date | None:
    """The day the next one is due: `every_months` after the last one; None when there was no
    last one or no rhythm."""
    if last is None or not every_months:
        return None
    return add_months(as_date(last), every_months)
