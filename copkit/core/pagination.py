"""Long lists shown a page at a time: Django's Paginator, the page numbers elided around the
current one (as the compass portfolio numbers its pages), and links that change only their
own parameter, so several lists of one page keep each other's place."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.http import QueryDict


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None: the "…" between distant page numbers
    url: str = ""
    current: bool = False


@dataclass(frozen=True)
class Pages:
    """What a list's page navigation shows (templates/includes/pages.html)."""
    page: Page
    numbers: list[PageLink]
    previous: str  # "" on the first page
    next: str  # "" on the last page

    @property
    def several(self) -> bool:
        return self.page.paginator.num_pages > 1


def page_get(items: Sequence, number, *, per_page: int) -> Page:
    """Page `number` of `items` (no query for a list): a number that is none, or past the
    last page, gives the first or the last page."""
    return Paginator(items, per_page).get_page(number)


def pages_get(page: Page, query: QueryDict, param: str = "page") -> Pages:
    """The navigation of `page`, whose number is the query parameter `param` (the rest of
    `query` is kept in every link)."""

    def url(number: int) -> str:
        changed = query.copy()
        changed[param] = str(number)
        return f"?{changed.urlencode()}"

    numbers = [PageLink(n, url(n), n == page.number) if isinstance(n, int) else PageLink(None)
               for n in page.paginator.get_elided_page_range(page.number, on_each_side=2,
                                                             on_ends=1)]
    return Pages(page, numbers,
                 url(page.previous_page_number()) if page.has_previous() else "",
                 url(page.next_page_number()) if page.has_next() else "")
