"""The survey's charts and report files, produced when a release happens (copkit/core/prebuild.py)
and read by the results pages and downloads, which never draw or typeset them themselves.

Results move only at releases (survey/releases.py), so a release is the trigger: `changed()`
queues the charts in every language and the PDF and XLSX in the community's languages. Each
chart and file is stored with the key of the figures it shows (the release's counts, the
themes, the trend, each question's shares, the language…): a page whose figures differ (a new
release, another wave's release in the trend, an edited title) does not find it, shows its
tables and "being prepared", and asks the worker for it (`charts_for`, `document_for`).
"""

from dataclasses import dataclass

from django.utils import translation

from copkit.core import prebuild, tasks
from copkit.core.i18n import LANGUAGES, language_or_source
from copkit.core.tasks import ExportFile
from survey import breakdown_selectors, reports, selectors
from survey.models import Wave

CHARTS = "survey.charts"
DOCUMENT = "survey.document"
DOCUMENTS = (("pdf", False), ("xlsx", False), ("xlsx", True))  # (name, with texts)


def changed(*, wave: Wave) -> None:
    """A release of `wave` happened: produce its charts and files again (after commit)."""
    prebuild.changed("survey.wave", wave=wave.pk)


def _lang() -> str:
    return language_or_source(translation.get_language())


def _options(question) -> list:
    return [(o.key, o.label, o.percent, o.is_na) for o in question.options]


def chart_keys(results: selectors.WaveResults) -> dict[str, str]:
    """The key of each chart of the page: the figures and texts it is drawn from."""
    lang = _lang()
    keys = {"themes": prebuild.key("themes", lang, results.themes)}
    if results.trend and results.trend.rows:
        keys["trend"] = prebuild.key("trend", lang, [w.title for w in results.trend.waves],
                                     [(r.title, r.values) for r in results.trend.rows])
    for s in results.sections:
        if s.likert:
            keys[f"likert:{s.key}"] = prebuild.key(
                "likert", lang, s.title, [(q.title, _options(q)) for q in s.likert])
        for q in s.choices:
            keys[f"choice:{s.key}:{q.key}"] = prebuild.key("choice", lang, q.title,
                                                           _options(q))
    return keys


def _draw(results: selectors.WaveResults) -> dict[str, str | None]:
    drawn = {"themes": reports.themes_svg(results), "trend": reports.trend_svg(results)}
    for item in reports.section_charts(results):
        drawn[f"likert:{item.section.key}"] = item.likert_svg
        drawn.update({f"choice:{item.section.key}:{k}": svg
                      for k, svg in item.choice_svgs.items()})
    return drawn


def _subject(wave_pk: int, lang: str) -> str:
    return f"wave:{wave_pk}:{lang}"


@dataclass
class PageCharts:
    themes_svg: str | None
    trend_svg: str | None
    section_charts: list[reports.SectionCharts]
    pending: bool  # some chart is not produced yet: the page says it is being prepared


def charts_for(results: selectors.WaveResults, *, with_trend: bool = True) -> PageCharts:
    """The page's charts as produced by the worker (1 query); the missing ones are asked for."""
    if not results.visible:
        return PageCharts(None, None, [], False)
    keys = chart_keys(results)
    if not with_trend:
        keys.pop("trend", None)

    def read() -> dict:
        stored = prebuild.get_json(CHARTS, _subject(results.wave.pk, _lang())) or {}
        return {name: stored[name][1] for name, key in keys.items()
                if stored.get(name, [None])[0] == key}

    found = read()
    if len(found) < len(keys) and prebuild.wanted(CHARTS, wave=results.wave.pk,
                                                  language=_lang()):
        found = read()  # built at once: a backend that runs tasks in the process (tests)
    # A chart not there yet: its place says so, the table beside it shows the same figures.
    missing = {name: prebuild.pending_html() for name in keys if name not in found}
    found.update(missing)
    sections = [reports.SectionCharts(
        s, found.get(f"likert:{s.key}"),
        {q.key: found[f"choice:{s.key}:{q.key}"] for q in s.choices
         if f"choice:{s.key}:{q.key}" in found}) for s in results.sections]
    return PageCharts(found.get("themes"), found.get("trend"), sections, pending=bool(missing))


def build_charts(*, wave: int, language: str) -> None:
    """Draw and store the results charts of `wave` in `language` (worker)."""
    wave_row = Wave.objects.select_related("collection__version", "community").get(pk=wave)
    with translation.override(language):
        results = selectors.wave_results(wave_row, with_open_answers=False)
        if not results.visible:
            return
        keys = chart_keys(results)
        drawn = _draw(results)
        prebuild.store_json(CHARTS, _subject(wave, language), key="",
                            data={name: [key, drawn[name]] for name, key in keys.items()
                                  if drawn.get(name)})


def breakdown_svg(results: selectors.WaveResults, table, by, target) -> tuple[str | None, bool]:
    """(the crosstab's chart as produced by the worker, whether it is still being prepared)."""
    if table.withheld:
        return None, False
    key = prebuild.key("breakdown", _lang(), by.key, target.key, table)
    subject = f"{_subject(results.wave.pk, _lang())}:by:{by.key}:{target.key}"
    stored = prebuild.get_json(CHARTS, subject, key=key)
    if stored is None and prebuild.wanted("survey.breakdown", wave=results.wave.pk, by=by.key,
                                          target=target.key, language=_lang()):
        stored = prebuild.get_json(CHARTS, subject, key=key)
    if stored is None:
        return prebuild.pending_html(), True
    return stored["svg"], False


def build_breakdown(*, wave: int, by: str, target: str, language: str) -> None:
    """Draw and store the chart of one crosstab (worker)."""
    wave_row = Wave.objects.select_related("collection__version", "community").get(pk=wave)
    with translation.override(language):
        results = selectors.wave_results(wave_row, with_open_answers=False, with_trend=False)
        if not results.visible or results.structure is None:
            return
        spec_by = next((s for s in breakdown_selectors.breakdown_question_list(
            results.structure) if s.key == by), None)
        if spec_by is None:
            return
        spec_target = next((s for s in breakdown_selectors.breakdown_target_list(
            results.structure, spec_by) if s.key == target), None)
        if spec_target is None:
            return
        table = breakdown_selectors.wave_breakdown_get(results, spec_by, spec_target)
        if not table or table.withheld:
            return
        prebuild.store_json(
            CHARTS, f"{_subject(wave, language)}:by:{by}:{target}",
            key=prebuild.key("breakdown", language, by, target, table),
            data={"svg": reports.breakdown_svg(table, spec_by, spec_target)})


# --- Report files -------------------------------------------------------------------------------

def document_key(wave: Wave, *, name: str, with_texts: bool) -> tuple[str, bool]:
    """(the key of the file from the wave's released results, whether they are shown)."""
    results = selectors.wave_results(wave, with_open_answers=False, with_trend=True)
    return prebuild.key(name, with_texts, _lang(), wave, wave.community, results.counts,
                        chart_keys(results)), results.visible


def _document_subject(wave_pk: int, name: str, with_texts: bool, lang: str) -> str:
    return f"wave:{wave_pk}:{name}:{int(with_texts)}:{lang}"


def document_for(wave: Wave, *, name: str, with_texts: bool) -> ExportFile | None:
    """The report file as produced by the worker, or None: the view then sends the reader to
    the progress page of a job building it. A small file missing is also asked for here (a
    large one is that job's). Raises `selectors.BelowThreshold` below the threshold."""
    key, visible = document_key(wave, name=name, with_texts=with_texts)
    if not visible:
        raise selectors.BelowThreshold(selectors.wave_counts(wave))
    subject = _document_subject(wave.pk, name, with_texts, _lang())
    built = prebuild.get_file(DOCUMENT, subject, key=key)
    if (built is None and not tasks.is_large(selectors.export_size(wave))
            and prebuild.wanted(DOCUMENT, wave=wave.pk, name=name, with_texts=with_texts,
                                language=_lang())):
        built = prebuild.get_file(DOCUMENT, subject, key=key)
    return built


def build_document(*, wave: int, name: str, with_texts: bool, language: str) -> None:
    """Build and store one report file of `wave` (worker)."""
    wave_row = Wave.objects.select_related("collection__version", "community").get(pk=wave)
    with translation.override(language):
        key, visible = document_key(wave_row, name=name, with_texts=with_texts)
        if not visible:
            return
        # The registered builder (survey/jobs.py EXPORTS), in `language`.
        prebuild.store_export(DOCUMENT, _document_subject(wave, name, with_texts, language),
                              key=key, export=f"survey.{name}", community=wave_row.community,
                              params={"wave": wave, "with_texts": with_texts})


def build_wave(*, wave: int) -> None:
    """After a release: the charts in every language, the files in the community's."""
    wave_row = Wave.objects.select_related("community").filter(pk=wave).first()
    if wave_row is None or wave_row.is_purged:
        return
    for language in LANGUAGES:
        build_charts(wave=wave, language=language)
    for language in community_languages(wave_row.community):
        for name, with_texts in DOCUMENTS:
            build_document(wave=wave, name=name, with_texts=with_texts, language=language)


def community_languages(community) -> list[str]:
    """The languages a community works in ("fr+nl": both)."""
    return [lang for lang in (community.language or "").split("+") if lang in LANGUAGES] or [
        language_or_source(None)]
