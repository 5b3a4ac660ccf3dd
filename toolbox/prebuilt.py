"""The report files of a filled tool (PDF, XLSX, and the charter's DOCX), made by the worker
when the tool is saved (copkit/core/prebuild.py) and served by the downloads, which never
typeset them in the request.

Each file is stored with the key of what it shows: the tool's title, date, author and
community, its definition version, the respondents and every answer, the language. A download
whose instance changed since does not find it: the reader follows the worker's job on the
progress page (`views.export`), never the old file. The charts on the pages are the worker's too
(toolbox/report_rows.py `page_chart`).
"""

from django.utils import translation

from copkit.core import prebuild, tasks
from copkit.core.i18n import LANGUAGES, language_or_source
from copkit.core.tasks import ExportFile
from toolbox import selectors
from toolbox.catalog import TOOLS
from toolbox.models import Instance
from toolbox.selectors import InstanceData

DOCUMENT = "toolbox.document"


def changed(*, instance: Instance) -> None:
    """The instance's answers, respondents or status changed: make its files again (after
    commit)."""
    prebuild.changed("toolbox.instance", instance=instance.pk)


def file_names(tool: str) -> list[str]:
    """The files of a tool, as named in toolbox/jobs.py EXPORTS."""
    return ["pdf", "xlsx", *(["docx"] if TOOLS[tool].docx else [])]


def _lang() -> str:
    return language_or_source(translation.get_language())


def document_key(data: InstanceData, *, name: str) -> str:
    """What the file shows: the instance, its definition, each respondent and answer."""
    instance = data.instance
    author = instance.created_by
    return prebuild.key(
        name, _lang(), instance.tool, instance.title, instance.meeting_date, instance.created_at,
        instance.community.name, author and (author.get_full_name(), author.get_username()),
        data.structure.version.pk,
        [(r.pk, r.label, r.status, r.submitted_at) for r in data.responses],
        [(a.response_id, a.question_id, a.row, a.column, a.choice_id, a.number, a.text, a.is_na,
          a.percent) for answers in data.answers.values() for a in answers])


def _subject(pk: int, name: str, lang: str) -> str:
    return f"instance:{pk}:{name}:{lang}"


def document_for(instance: Instance, *, name: str) -> ExportFile | None:
    """The file as produced by the worker from the instance as it is now, or None: the view
    then sends the reader to the progress page of a job building it. A small file missing is
    also asked for here (3 queries to read the answers, 1 for the file)."""
    data = selectors.instance_data_get(instance)
    key = document_key(data, name=name)
    subject = _subject(instance.pk, name, _lang())
    built = prebuild.get_file(DOCUMENT, subject, key=key)
    if (built is None and not tasks.is_large(len(data.responses))
            and prebuild.wanted(DOCUMENT, instance=instance.pk, name=name, language=_lang())):
        built = prebuild.get_file(DOCUMENT, subject, key=key)
    return built


def _instance(pk: int) -> Instance | None:
    return (Instance.objects.select_related("community", "collection__version", "created_by",
                                            "main_response").filter(pk=pk).first())


def build_document(*, instance: int, name: str, language: str) -> None:
    """Build and store one file of the instance in `language` (worker)."""
    row = _instance(instance)
    if row is None or name not in file_names(row.tool):
        return
    with translation.override(language):
        key = document_key(selectors.instance_data_get(row), name=name)
        # The registered builder (toolbox/jobs.py EXPORTS), in `language`.
        prebuild.store_export(DOCUMENT, _subject(instance, name, language), key=key,
                              export=f"toolbox.{name}", community=row.community,
                              params={"tool": row.tool, "instance": instance})


def build_instance(*, instance: int) -> None:
    """After a save: every file of the instance in the community's languages."""
    row = _instance(instance)
    if row is None:
        return
    languages = [lang for lang in (row.community.language or "").split("+")
                 if lang in LANGUAGES] or [language_or_source(None)]
    for language in languages:
        for name in file_names(row.tool):
            build_document(instance=instance, name=name, language=language)
