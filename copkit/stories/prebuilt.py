"""The value matrix's workbook, made by the worker (copkit/core/prebuild.py) and served by its
download, which never builds it in the request.

Its figures come from every app (`<app>/value.py: indicators`), so no single save makes it:
the download computes the matrix (as the matrix page does, no chart) and serves the stored
workbook only when it was made from the same figures; otherwise the worker is asked for it and
the reader follows the job on the progress page. The dossier, whose parts span every app too,
is always built by the worker's job (views.py `_dossier`).
"""

from django.utils import translation

from copkit.communities.models import Community
from copkit.core import prebuild
from copkit.core.i18n import language_or_source
from copkit.core.tasks import ExportFile
from copkit.stories import matrix

FILE = "stories.file"


def _lang() -> str:
    return language_or_source(translation.get_language())


def matrix_key(community, data: matrix.Matrix) -> str:
    """What the workbook shows: the community, each indicator's figures, the stories' counts."""
    return prebuild.key(
        "matrix", _lang(), community.slug, [c.label for c in data.cycles],
        [(r.indicator.label, r.indicator.source, r.indicator.values) for r in data.rows],
        data.story_counts)


def _subject(pk: int, lang: str) -> str:
    return f"community:{pk}:matrix:{lang}"


def matrix_file_for(community) -> ExportFile | None:
    """The workbook as made by the worker from today's figures, or None (then asked for)."""
    key = matrix_key(community, matrix.build(community, with_chart=False))
    subject = _subject(community.pk, _lang())
    built = prebuild.get_file(FILE, subject, key=key)
    if built is None and prebuild.wanted("stories.matrix", community=community.pk,
                                         language=_lang()):
        built = prebuild.get_file(FILE, subject, key=key)  # tests: built at once
    return built


def build_matrix(*, community: int, language: str) -> None:
    """Build and store the matrix workbook of `community` in `language` (worker)."""
    row = Community.objects.filter(pk=community).first()
    if row is None:
        return
    with translation.override(language):
        key = matrix_key(row, matrix.build(row, with_chart=False))
        # The registered builder (jobs.py EXPORTS), in `language`.
        prebuild.store_export(FILE, _subject(community, language), key=key,
                              export="stories.matrix", community=row, params={})
