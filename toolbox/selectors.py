"""Reads of the toolbox. Each function runs a fixed number of queries, whatever the data size."""

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from copkit.core import links
from copkit.questionnaires.models import Answer, Response, Version
from copkit.questionnaires.selectors import dimension_percent_by_response_get
from copkit.questionnaires.structure import Structure, load_structure
from toolbox.catalog import TOOLS
from toolbox.models import GuestLink, Instance, ToolKey


def version_list_latest() -> dict[str, Version]:
    """Tool key -> newest shared version of its definition (1 query); absent when not loaded."""
    by_definition = {info.definition_key: key for key, info in TOOLS.items()}
    out: dict[str, Version] = {}
    for version in (Version.objects.filter(questionnaire__key__in=by_definition,
                                           community__isnull=True)
                    .select_related("questionnaire").order_by("number")):
        out[by_definition[version.questionnaire.key]] = version
    return out


def instance_list(community, tool: str) -> QuerySet:
    """The filled instances of a tool in a community, newest meeting / newest first (1 query)."""
    order = ["-meeting_date", "-created_at"] if tool == ToolKey.FACILITATION else ["-created_at"]
    return (Instance.objects.of(community, tool)
            .select_related("main_response", "created_by")
            .annotate(guests=Count("guest_links", distinct=True),
                      guests_done=Count("guest_links", distinct=True,
                                        filter=Q(guest_links__response__status="submitted")))
            .order_by(*order))


def instance_counts(community) -> dict[str, int]:
    """Tool key -> how many instances the community has filled (1 query)."""
    rows = (Instance.objects.filter(community=community).values("tool")
            .annotate(n=Count("id")))
    return {row["tool"]: row["n"] for row in rows}


def instance_get_or_404(community, tool: str, pk: int) -> Instance:
    """One instance of the community's tool, else 404 (1 query)."""
    instance = (Instance.objects.of(community, tool)
                .select_related("collection__version__questionnaire", "main_response",
                                "created_by", "community")
                .filter(pk=pk).first())
    if instance is None:
        raise Http404
    return instance


def response_count(instance: Instance) -> int:
    """How many people filled (or started) the instance: what makes its files long to build
    (1 query)."""
    return Response.objects.filter(collection_id=instance.collection_id).count()


def guest_link_get_or_404(token: str) -> GuestLink:
    """The active guest link of `token` (copkit/core/links.py), else 404."""
    return links.token_lookup_or_404(
        GuestLink.objects.select_related("instance__community", "instance__collection__version",
                                         "response").filter(active=True), token, hashed=False)


@dataclass
class InstanceData:
    """Everything a result page needs about one instance, read in a fixed number of queries."""

    instance: Instance
    structure: Structure
    responses: list[Response]  # the coordinator's first, then the guests' in invitation order
    answers: dict[int, list[Answer]] = field(default_factory=dict)  # by response id
    links: list[GuestLink] = field(default_factory=list)


def instance_data_get(instance: Instance, *, with_links: bool = False) -> InstanceData:
    """The instance's structure, responses and answers (and guest links: `with_links`)."""
    structure = load_structure(instance.collection.version)
    responses = list(Response.objects.filter(collection_id=instance.collection_id)
                     .order_by("created_at", "pk"))
    main_first = sorted(responses, key=lambda r: r.pk != instance.main_response_id)
    answers: dict[int, list[Answer]] = {r.pk: [] for r in responses}
    for answer in (Answer.objects.filter(response__collection_id=instance.collection_id)
                   .select_related("choice").order_by("question_id", "row", "column")):
        answers[answer.response_id].append(answer)
    links = []
    if with_links:
        links = list(GuestLink.objects.filter(instance=instance).select_related("response"))
    return InstanceData(instance, structure, main_first, answers, links)


@dataclass(frozen=True)
class MeetingScores:
    instance: Instance
    per_response: list[dict[str, float | None]]


def meeting_scores_list(community) -> list[MeetingScores]:
    """Submitted facilitation checklists per meeting, oldest first, with each submitted
    response's moment percents (3 queries)."""
    meetings = list(Instance.objects.of(community, ToolKey.FACILITATION)
                    .order_by("meeting_date", "created_at"))
    responses = Response.objects.filter(collection__toolbox_instance__in=meetings,
                                        status="submitted")
    by_collection: dict[int, list[int]] = {}
    for response_id, collection_id in responses.values_list("pk", "collection_id"):
        by_collection.setdefault(collection_id, []).append(response_id)
    percents = dimension_percent_by_response_get(responses)
    out = []
    for meeting in meetings:
        ids = by_collection.get(meeting.collection_id, [])
        if ids:
            out.append(MeetingScores(meeting, [percents.get(pk, {}) for pk in ids]))
    return out
