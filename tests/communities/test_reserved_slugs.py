"""Each app names the words of its own pages (its AppConfig's `reserved_slugs`): the foundation
reads them without knowing the apps, and no community can take one as its address."""

from django.urls import URLPattern, URLResolver, get_resolver

from copkit.communities.services import reserved_slugs

APP_NAMESPACES = {"communities", "guide", "toolbox", "compass", "survey"}


def _first_words(resolver: URLResolver):
    for pattern in resolver.url_patterns:
        route = str(pattern.pattern)
        word = route.split("/", 1)[0]
        if word and "<" not in word and "." not in word and isinstance(
                pattern, URLPattern | URLResolver):
            yield word


def _app_resolvers(resolver: URLResolver):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in APP_NAMESPACES:
                yield pattern
            else:
                yield from _app_resolvers(pattern)


def test_every_page_word_under_an_app_is_a_reserved_slug():
    resolvers = list(_app_resolvers(get_resolver()))
    assert {r.namespace for r in resolvers} == APP_NAMESPACES
    words = {word for resolver in resolvers for word in _first_words(resolver)}
    assert words  # the walk found the apps' own pages
    assert words - reserved_slugs() == set()


def test_the_reserved_slugs_are_the_apps_own_words():
    assert {"r", "shared", "guest", "portfolio", "review", "new", "pdf", "growth"} <= (
        reserved_slugs())
