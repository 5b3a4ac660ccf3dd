"""Reads of the compass: the instrument in the reader's language, an assessment's scores,
respondents, review and plan, the review queue. The advisor's portfolio: portfolio.py. Each
function runs a fixed number of queries, whatever the number of assessments, respondents or
communities."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import F, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.functional import cached_property

from compass import scoring
from compass.access import with_review_conflict
from compass.models import Assessment, AssessmentInvite, AssessmentStatus, Review, ReviewNote
from copkit.actions import selectors as actions_selectors
from copkit.actions.models import Action, Origin
from copkit.communities.access import Capability, visible_communities
from copkit.communities.models import Community, Phase
from copkit.core.tools import tool_get
from copkit.questionnaires import selectors as engine
from copkit.questionnaires.models import (
    Answer,
    Collection,
    Question,
    Response,
    ResponseStatus,
    Section,
    Version,
)
from copkit.questionnaires.texts import localized

try:  # the survey app feeds the member view; the compass works without it
    from survey.feeds import member_scores
except ImportError:  # pragma: no cover - depends on the survey app being installed
    member_scores = None

KEY = "compass"


# --- The instrument --------------------------------------------------------------------------

def compass_version_get() -> Version | None:
    """The newest shared version of the compass (1 query)."""
    return (Version.objects.filter(questionnaire__key=KEY, community__isnull=True)
            .select_related("questionnaire").order_by("-number").first())


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class Advice:
    text: str
    guide: Link | None
    tool: Link | None


@dataclass(frozen=True)
class Dimension:
    key: str
    title: str
    short: str
    description: str
    guide: list[Link]
    advice: dict[str, list[Advice]]  # level -> actions


@dataclass(frozen=True)
class LevelInfo:
    key: str
    minimum: float
    label: str
    color: str


@dataclass
class Instrument:
    """The compass version with its texts in the reader's language and its links resolved."""

    version: Version
    rules: scoring.Rules
    dimensions: list[Dimension]
    levels: list[LevelInfo]

    @cached_property
    def by_key(self) -> dict[str, Dimension]:
        return {d.key: d for d in self.dimensions}

    @cached_property
    def level_by_key(self) -> dict[str, LevelInfo]:
        return {lv.key: lv for lv in self.levels}

    @property
    def order(self) -> list[str]:
        return [d.key for d in self.dimensions]

    def email(self, name: str) -> dict:
        return (self.version.settings.get("emails") or {}).get(name) or {}


PHASE_LABELS = dict(Phase.choices)


def guide_link(target: str) -> Link | None:
    """`phase` or `phase/question` → a link into the guide (None if it does not resolve)."""
    phase, _sep, question = target.partition("/")
    try:
        if question:
            url = reverse("guide:question", kwargs={"phase": phase, "question": question})
        else:
            url = reverse("guide:phase", kwargs={"phase": phase})
    except NoReverseMatch:
        return None
    return Link(str(PHASE_LABELS.get(phase, phase)), url)


def tool_link(tool: str, community_slug: str | None) -> Link | None:
    """A tool of the community, under the name its app registered (copkit/core/tools.py)."""
    registered = tool_get(tool) if tool and community_slug else None
    url = registered.url(community_slug) if registered else ""
    return Link(str(registered.label), url) if url else None


def instrument_get(version: Version, *, community_slug: str | None = None,
                   language: str | None = None) -> Instrument:
    """Texts and links of a version (1 query: its sections)."""
    settings = version.settings or {}
    meta = settings.get("dimensions") or {}
    sections = {s.key: s for s in Section.objects.filter(version=version).order_by("order")}
    dimensions = []
    for key, section in sections.items():
        info = meta.get(key) or {}
        advice = {
            level: [Advice(text=localized(a.get("text"), language),
                           guide=guide_link(a["guide"]) if a.get("guide") else None,
                           tool=tool_link(a.get("tool", ""), community_slug))
                    for a in actions]
            for level, actions in (info.get("advice") or {}).items()
        }
        dimensions.append(Dimension(
            key=key, title=localized(section.title, language),
            short=localized(info.get("short"), language) or localized(section.title, language),
            description=localized(section.description, language),
            guide=[link for link in (guide_link(t) for t in info.get("guide") or []) if link],
            advice=advice))
    levels = [LevelInfo(str(lv["key"]), float(lv["min"]), localized(lv.get("label"), language)
                        or str(lv["key"]), lv.get("color", "#0b5394"))
              for lv in settings.get("levels") or []]
    return Instrument(version=version, rules=scoring.Rules.from_settings(settings),
                      dimensions=dimensions, levels=levels)


# --- Assessments -----------------------------------------------------------------------------

def assessment_list(community: Community) -> QuerySet:
    return Assessment.objects.filter(community=community).select_related("collection__version")


def open_assessment_get(community: Community) -> Assessment | None:
    return assessment_list(community).filter(status=AssessmentStatus.OPEN).first()


def closed_assessment_list(community: Community) -> list[Assessment]:
    """Every closed assessment, oldest first, each with the id of the version it answered,
    `answered_version_id` (1 query)."""
    return list(Assessment.objects.filter(community=community).closed()
                .annotate(answered_version_id=F("collection__version_id"))
                .order_by("closed_at", "pk"))


@dataclass(frozen=True)
class VersionChange:
    """Earlier assessments answered another version of the compass. Every version has the same
    dimensions, so the scores are compared per dimension; the statements behind them differ."""

    current: int  # this assessment's version number
    earlier: list[int]  # the other versions the earlier assessments answered, ascending
    only_newer: list[str]  # this version's statements none of those versions had (titles)


def version_change_get(version: Version, previous: list[Assessment]) -> VersionChange | None:
    """What changed between the versions the `previous` assessments answered and `version`;
    None when they all answered it, or there are none (no query then when they come from
    `closed_assessment_list`; else 1)."""
    answered = {getattr(a, "answered_version_id", None) for a in previous}
    if not previous or answered == {version.pk}:
        return None
    rows = list(Question.objects.filter(
        Q(version_id=version.pk) | Q(version_id__in=Collection.objects.filter(
            pk__in=[a.collection_id for a in previous]).values("version_id")))
        .order_by("section__order", "order").values_list("version_id", "version__number", "key",
                                                           "title"))
    earlier = {number for vid, number, _key, _title in rows if vid != version.pk}
    if not earlier:
        return None
    known = {key for vid, _number, key, _title in rows if vid != version.pk}
    newer = version.number > max(earlier)  # else "new" would not be the word
    return VersionChange(current=version.number, earlier=sorted(earlier),
                         only_newer=[localized(title) for vid, _n, key, title in rows
                                     if newer and vid == version.pk and key not in known])


def respondent_score_list(assessment: Assessment) -> list[dict[str, float | None]]:
    """Each submitted response's dimension scores (1 query)."""
    responses = Response.objects.filter(collection_id=assessment.collection_id,
                                        status=ResponseStatus.SUBMITTED)
    return list(engine.dimension_percent_by_response_get(responses).values())


@dataclass
class ReportData:
    """What a compass report is built from (compass.reports.build_report)."""

    result: scoring.Result
    feed: object | None  # the members' view from the survey
    review: Review | None
    notes: dict[str, ReviewNote]
    actions: list  # the action plan


def report_data_get(assessment: Assessment, instrument: Instrument, *, community: Community,
                    with_feed: bool = True) -> ReportData:
    """The scores, the members' view, the review and the action plan of an assessment (a fixed
    number of queries)."""
    review, notes = review_get(assessment)
    return ReportData(
        result=result_get(assessment, instrument.rules, instrument.order),
        feed=member_feed_get(community) if with_feed else None, review=review, notes=notes,
        actions=plan_action_list(assessment))


def submitted_response_count(assessment: Assessment) -> int:
    """How many respondents submitted: what makes the report long to build (1 query)."""
    return Response.objects.filter(collection_id=assessment.collection_id,
                                   status=ResponseStatus.SUBMITTED).count()


@dataclass
class AnswerTable:
    """Each respondent's answer to each statement, as the XLSX "Answers" sheet lists them."""

    respondents: dict[int, str] = field(default_factory=dict)  # response id -> name typed
    statements: dict[int, tuple[str, str]] = field(default_factory=dict)  # -> (dimension, text)
    scores: dict[tuple[int, int], float | None] = field(default_factory=dict)  # (q, response)
    not_applicable: set[tuple[int, int]] = field(default_factory=set)


def answer_table_get(assessment: Assessment) -> AnswerTable:
    """The submitted answers with the respondents' names, comments left out, in the order of
    the form and of submission (1 query). Respondents are told that the coordinators and the KM
    advisor of the community see them: the views give it to them only."""
    answers = (Answer.objects.filter(response__collection_id=assessment.collection_id,
                                     response__status=ResponseStatus.SUBMITTED)
               .exclude(column="comment").select_related("question__section", "response")
               .order_by("question__section__order", "question__order",
                         "response__submitted_at", "response_id"))
    table = AnswerTable()
    for answer in answers:
        table.respondents.setdefault(answer.response_id, answer.response.label)
        table.statements.setdefault(answer.question_id, (
            localized(answer.question.section.title), localized(answer.question.title)))
        key = (answer.question_id, answer.response_id)
        if answer.is_na:
            table.not_applicable.add(key)
        else:
            table.scores[key] = answer.number
    return table


def result_get(assessment: Assessment, rules: scoring.Rules, order: list[str]) -> scoring.Result:
    """Frozen scores when closed (0 queries), live scores from the answers when open (1)."""
    if assessment.is_closed:
        return scoring.from_snapshot(scoring.Snapshot.from_json(assessment.snapshot),
                                     rules=rules, phase=assessment.phase, order=order)
    return scoring.assess(respondent_score_list(assessment), rules=rules,
                          phase=assessment.phase, order=order)


@dataclass(frozen=True)
class Respondent:
    name: str
    kind: str  # "link" | "account"
    status: str  # "not-started" | "in-progress" | "submitted"
    invite: AssessmentInvite | None = None
    updated_at: datetime | None = None


def respondent_list(assessment: Assessment) -> list[Respondent]:
    """Who was invited or started, and how far they are (2 queries)."""
    out = []
    invites = (AssessmentInvite.objects.filter(assessment=assessment, revoked_at__isnull=True)
               .select_related("response").order_by("created_at"))
    invited_responses = set()
    for invite in invites:
        response = invite.response
        if response is None:
            status = "not-started"
        else:
            invited_responses.add(response.pk)
            status = "submitted" if response.is_submitted else "in-progress"
        out.append(Respondent(name=(response.label if response else "") or invite.name
                              or invite.email, kind="link", status=status, invite=invite,
                              updated_at=response.updated_at if response else None))
    own = (Response.objects.filter(collection_id=assessment.collection_id,
                                   respondent__isnull=False)
           .select_related("respondent").order_by("created_at"))
    for response in own:
        user = response.respondent
        out.append(Respondent(name=response.label or user.get_full_name() or user.get_username(),
                              kind="account",
                              status="submitted" if response.is_submitted else "in-progress",
                              updated_at=response.updated_at))
    return out


def resume_section_get(response: Response, structure) -> str | None:
    """Where a returning respondent picks up: the first page with a question not answered yet,
    or the last page when every question is answered; None before any answer (1 query)."""
    answered = set(Answer.objects.filter(response=response)
                   .values_list("question_id", flat=True).distinct())
    if not answered:
        return None
    for section in structure.sections:
        if any(spec.question.pk not in answered for spec in section.questions):
            return section.key
    return structure.sections[-1].key


def review_get(assessment: Assessment) -> tuple[Review | None, dict[str, ReviewNote]]:
    """The review and its notes by dimension (2 queries at most)."""
    review = Review.objects.filter(assessment=assessment).select_related("advisor").first()
    if review is None:
        return None, {}
    return review, {n.dimension: n for n in ReviewNote.objects.filter(review=review)}


def plan_action_list(assessment: Assessment) -> list[Action]:
    """The assessment's plan: its actions in the community's action list (1 query)."""
    return actions_selectors.action_list_for_origin(Origin.COMPASS, assessment.pk)


def member_feed_get(community: Community):
    """The members' scores from the latest closed survey wave, or None (no survey app, no wave,
    or too few responses to show)."""
    if member_scores is None:
        return None
    feed = member_scores(community)
    if feed is None or not any(v is not None for v in (feed.dimensions or {}).values()):
        return None
    return feed


# --- KM advisors: the review queue -----------------------------------------------------------

def review_queue_list(user) -> list[Assessment]:
    """Assessments submitted for review in the communities this user advises (1 query). Each
    carries `review_conflict`: True when this user may not review it (compass.access)."""
    queue = Assessment.objects.filter(
        status=AssessmentStatus.SUBMITTED,
        community__in=visible_communities(user, Capability.REVIEW))
    return list(with_review_conflict(queue, user).select_related("community")
                .order_by("submitted_at", "pk"))


def review_count(user) -> int:
    """How many assessments of the review queue this user may review (1 query): the queue's rows
    marked not reviewable (`review_conflict`) are left out. The menu and the dashboard show it."""
    queue = Assessment.objects.filter(
        status=AssessmentStatus.SUBMITTED,
        community__in=visible_communities(user, Capability.REVIEW))
    return with_review_conflict(queue, user).filter(review_conflict=False).count()
