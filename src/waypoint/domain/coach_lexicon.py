"""The words the coach's text readers know: verbs of delivery and of change, the nouns of
metrics, effort and people, and the small grammatical word sets.

``waypoint.domain.coach_text`` reads OKR sentences with these (OKR-PRINCIPLES §5, Diagnosis);
keeping the vocabulary here leaves the rules there short. Pure Python, standard library only.
Every set holds lower-case words; ``lemma_of`` maps an inflected verb to its lemma and
``singular`` singularises a noun for look-ups.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def _words(text: str) -> frozenset[str]:
    """A lexicon written as whitespace-separated words."""
    return frozenset(text.split())


# Verbs whose direct object is a piece of work: doing it meets the KR.
DELIVERY_VERBS = _words(
    """
    add agree amplify analyse analyze announce assess attend audit automate build capture
    celebrate choose collect complete compile conduct configure consider create decide
    decommission define deliver demo deploy deprecate design develop do document draft
    elevate embed enable establish evaluate execute explore feature finalise finalize finish
    fix formalise formalize give hire hold host identify implement install integrate interview
    introduce investigate kick launch list map migrate move onboard organise organize perform
    pilot plan post prepare present produce prototype provide publish record recruit redesign
    refactor release remove renegotiate replace research revamp review rewrite roll run
    schedule send set ship speak sponsor start submit survey test track train translate
    undertake update upgrade write have tune socialise socialize adopt choose procure purchase
    outline propose rebuild redo rework refresh standardise standardize transition switch
    clean tidy dedupe de-duplicate assign stand contribute put wrap hand spin sort lay open
    pick arrange coordinate facilitate negotiate pitch distribute print book kickoff
    begin let contact approve share gather discuss involve fund solicit fulfil fulfill consolidate
    associate participate include render apply evolve collaborate join visit
    meet invite nominate draft summarise summarize package port instrument engage
    """
)

# Phrasal verbs that name work, read as the verb they mean ("reach out" is not "reach").
PHRASAL_WORK = {
    ("reach", "out"): "contact",
    ("follow", "up"): "contact",
    ("check", "in"): "contact",
    ("come", "up"): "create",
    ("work", "out"): "explore",
    ("figure", "out"): "explore",
    ("write", "up"): "write",
    ("sign", "off"): "approve",
}

# Verbs of gaining something counted: "add 40 customers" is a result, "add 3 pages" work.
ACQUIRING_VERBS = frozenset(
    {"add", "have", "bring", "onboard", "gain", "welcome", "recruit", "deliver"}
)

# What a team gets from others as a step of its work: "get feedback", "get sign-off".
RECEIVED_WORK = _words("feedback approval sign-off buy-in input agreement consent quote")

# Verbs of removing that, applied to a measured quantity, lower it ("remove 5 hours of wait").
REDUCING_VERBS = frozenset({"remove", "take", "drop", "eliminate"})

# Words that mark a count of people or things in use ("200 weekly active teams").
ADOPTION_WORDS = _words(
    "active paying returning engaged regular repeat retained recurring loyal satisfied happy "
    "weekly monthly daily live referred qualified engaged"
)

# Verbs that move a quantity; the KR is met by a changed result.
CHANGE_VERBS = _words(
    """
    increase reduce decrease grow raise lift cut improve boost lower shrink double triple
    halve reach achieve hit maintain keep sustain drive generate win sign acquire retain
    convert attract expand accelerate shorten minimise minimize maximise maximize eliminate
    earn save stay remain exceed hold land secure lose drop rise fall climb deliver trend
    speed tighten widen strengthen deepen attain surpass beat
    """
) - {"hold", "deliver"}

# Change verbs that say which way a number should go ("reduce churn": down).
UP_VERBS = _words(
    "increase grow raise lift boost double triple expand maximise maximize accelerate widen deepen"
)
DOWN_VERBS = _words("reduce decrease cut lower shrink halve minimise minimize shorten eliminate")

# Change verbs that take an artefact as easily as a metric ("improve the template").
OBJECT_SENSITIVE_CHANGE = frozenset({"improve", "maintain", "keep", "sustain", "strengthen"})

# Words that begin a sentence as a noun modifier as often as an imperative ("Lead time").
NOUN_LIKE_VERBS = frozenset(
    {
        "lead",
        "change",
        "deploy",
        "support",
        "release",
        "forecast",
        "test",
        "design",
        "plan",
        "review",
        "run",
        "post",
        "record",
        "update",
        "feature",
        "document",
        "schedule",
        "host",
        "train",
        "cost",
        "close",
        "win",
        "drop",
        "cut",
        "map",
        "survey",
        "interview",
        "launch",
        "hire",
        "sign",
        "list",
        "build",
        "start",
        "time",
        "set",
        "move",
        "audit",
        "open",
        "book",
        "print",
        "sort",
        "pick",
        "hand",
        "pitch",
        "contribute",
        "fix",
    }
)

FILLERS = frozenset(
    {
        "successfully",
        "fully",
        "to",
        "we",
        "will",
        "must",
        "should",
        "and",
        "then",
        "also",
        "i",
        "team",
        "ok",
        "kr",
        "let's",
        "lets",
        "please",
        "actually",
        "finally",
        "jointly",
        "properly",
        "effectively",
        "positively",
        "quickly",
        "significantly",
        "measurably",
        "shall",
    }
)

# Nouns naming something measured: a level that can rise or fall and matters to someone.
METRIC_NOUNS = _words(
    """
    rate ratio percentage percent time latency speed duration delay churn retention attrition
    turnover conversion revenue arr mrr income sale margin profit cost spend spending burn
    saving nps csat satisfaction score rating engagement adoption usage user customer client
    visitor visit traffic view pageview download install signup sign-up registration
    subscriber follower member donor donation volunteer contributor lead pipeline booking deal
    uptime availability reliability error incident bug defect crash outage failure complaint
    ticket backlog throughput frequency stability scalability performance accuracy relevance
    readership mention happiness morale wellbeing skill transaction interaction session
    activation response resolution recovery mttr mttd mtta dso shipment participant
    beneficiary enrollment enrolment trust awareness roi cac ltv arpu aov value order renewal
    purchase buyer learner student patient reader listener audience reach impression click
    ctr quality productivity efficiency velocity bandwidth emission waste loss fraud
    regression readiness share growth health experience wait attendance occupancy yield
    accuracy outstanding debt coverage delivery lifetime p95 p99 sla slo apdex sentiment
    opportunity logo account payment invoice balance cash funding grant applicant hire
    review bill seat
    """
)

# Counted work: producing more of these is effort, not a result.
EFFORT_NOUNS = _words(
    """
    post blog article tutorial talk presentation meeting call interview workshop webinar
    event meetup hackathon experiment feature newsletter email campaign document doc guide
    announcement ama video episode course training demo prototype integration commit patch
    application proposal survey initiative release retro retrospective idea pr
    """
)

# People whose behaviour a KR can count ("40% of new joiners …").
PEOPLE_NOUNS = _words(
    """
    user customer client people person member employee staff joiner hire visitor participant
    respondent developer contributor donor volunteer student patient veteran caller buyer
    account team admin reader attendee subscriber learner shopper household partner
    maintainer engineer manager tenant family citizen resident trial organisation
    organization company business merchant seller driver rider guest colleague worker owner
    school clinic hospital practice shop store club charity publisher agency
    """
)

# People who are the team itself: what they do is effort, not a result for someone else.
INTERNAL_PEOPLE = _words(
    "member employee staff engineer maintainer manager worker colleague team group committee "
    "hire joiner admin we"
)

# Jobs a team hires for: "add 2 developers" is hiring, not customers gained.
ROLE_NOUNS = _words(
    "engineer developer designer marketer analyst recruiter writer scientist intern "
    "contractor teammate director manager hire employee staff maintainer"
)

# The defect family: "no X", "fewer than N X", "without a crash" describe a quality level.
DEFECT_NOUNS = _words(
    "error bug defect crash outage incident regression failure complaint fault "
    "vulnerability breach downtime escalation late overdue delayed missed broken lost"
)

# Head nouns that make an objective's object a deliverable ("build our engagement strategy").
ARTEFACT_NOUNS = _words(
    """
    strategy spec specification plan process structure portal website site app application
    tool system roadmap program programme framework policy document guide warehouse page
    platform pipeline dashboard report playbook handbook template model api library service
    database integration feature module version release migration meeting event summit
    conference gala launch campaign survey study research assessment audit charter budget
    project initiative documentation implementation mechanism solution tooling toolkit
    prototype proof-of-concept showcase standard package diagram runbook spreadsheet engine
    kit deck checklist wireframe mockup brief calendar rota catalogue catalog glossary script
    curriculum syllabus workflow brochure leaflet poster form bot identity website microsite
    infrastructure
    """
) - {"pipeline"}

# Nouns of change: "support the expansion of …" helps something grow, it does not keep it.
CHANGE_NOUNS = _words(
    "expansion growth adoption increase improvement scaling transformation transition rise "
    "modernisation modernization shift"
)

# Words of quality in an objective's object: "provide a great experience" is a state to reach.
EVALUATIVE_WORDS = _words(
    "great best excellent seamless delightful effortless exceptional world-class clear easy "
    "simple trusted reliable fair better stronger safer happier healthier greater richer "
    "smarter simpler clearer easier faster sufficient enough"
)

SERVICE_LEVEL_NOUNS = _words(
    "availability uptime continuity responsiveness compliance security hygiene maintenance "
    "operations support responsibility stability safety integrity accountability"
)

# Verbs of handling what someone else brings in (a question, a call, a case, a loan): done
# within a time limit they make a service standard ("Answer calls within 20 seconds").
HANDLING_VERBS = _words(
    """
    respond answer reply acknowledge resolve process triage handle fix address close return
    reshelve re-shelve see serve pay refund mitigate remediate patch review verify decide
    dispatch fulfil fulfill assess investigate contact call register issue approve treat
    """
)

# What a person served receives back: "… will receive a response within one working day".
HANDLING_NOUNS = _words(
    "response reply answer acknowledgement acknowledgment resolution decision appointment "
    "callback refund"
)

KTLO_VERBS = frozenset(
    {
        "maintain",
        "keep",
        "sustain",
        "preserve",
        "continue",
        "uphold",
        "support",
        "protect",
        "safeguard",
    }
)

# Standing functions a unit performs for others: "Provide access to the collections",
# "Administer pension services", "Perform architecture reviews" are business as usual.
SERVICE_FUNCTIONS = _words(
    "service access support offering review administration leadership advice assistance "
    "care oversight management protection assurance guidance provision operation"
)

# Verbs of performing a standing function ("provide", "administer"): with a function as their
# object and no change or quality asked for, they keep business as usual going.
PROVISION_VERBS = _words("provide administer perform offer deliver operate run render")

# What an objective can build that is not a thing to deliver but a state among people:
# "Develop a culture of assessment", "Build trust with our donors".
STATE_NOUNS = _words(
    "culture relationship connection trust capability capacity pipeline community partnership "
    "habit mindset understanding awareness reputation presence ecosystem momentum confidence "
    "engagement loyalty expertise skill knowledge generation leader talent team"
)

# Obstacles: fixing them ("Fix the issues that block adoption") is a change, not a deliverable.
OBSTACLE_NOUNS = _words("issue problem barrier blocker friction obstacle gap pain bottleneck")

# A collective before "of": the thing counted is what follows ("a handful of programmes").
COLLECTIVE_NOUNS = _words("handful set series suite range couple pair number family portfolio")

PARTICIPLE_IRREGULAR = {
    "built": "build",
    "written": "write",
    "run": "run",
    "done": "do",
    "set": "set",
    "held": "hold",
    "given": "give",
    "made": "make",
    "begun": "begin",
    "shipped": "ship",
    "grew": "grow",
    "grown": "grow",
    "fell": "fall",
    "fallen": "fall",
    "rose": "rise",
    "risen": "rise",
    "cut": "cut",
    "kept": "keep",
    "won": "win",
    "got": "get",
    "gotten": "get",
    "went": "go",
    "gone": "go",
    "spoken": "speak",
    "spoke": "speak",
    "drove": "drive",
    "driven": "drive",
    "hit": "hit",
    "put": "put",
    "taken": "take",
    "took": "take",
    "brought": "bring",
    "sent": "send",
    "embeded": "embed",
    "rewritten": "rewrite",
    "chosen": "choose",
    "undertaken": "undertake",
    "redone": "redo",
    "stood": "stand",
}

# States a deliverable can be in once the work is done ("is live", "is in place").
STATE_ADJECTIVES = _words(
    "live available ready done complete completed operational interoperable public official "
    "default enabled stable-released in-place"
)

# --- Grammatical words -----------------------------------------------------------------------

# Numbers written as words ("three posts", "halve churn").
NUMBER_WORDS = _words(
    "one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty "
    "forty fifty hundred thousand million dozen twice double triple half halve halved "
    "doubled tripled zero third"
)

# Head verbs that promise change without saying how much ("improve onboarding").
VAGUE_HEADS = frozenset(
    {
        "improve",
        "enhance",
        "consider",
        "explore",
        "investigate",
        "optimise",
        "optimize",
        "strengthen",
        "simplify",
        "streamline",
        "rethink",
        "revisit",
        "refine",
        "polish",
        "clarify",
        "cultivate",
        "foster",
        "nurture",
        "encourage",
        "promote",
        "advocate",
    }
)

# Verbs of taking part: vague work when what follows is only a partner ("contribute to …").
RELATIONAL_VERBS = frozenset({"contribute", "collaborate", "engage", "participate", "partner"})

# Words that make a clause finite: a subject followed by one of these is a statement.
FINITE_MARKERS = _words("is are was were will can has have exists exist should must does do")

# Nouns naming a unit of work ("Bitswap improvements", "billing migration").
WORK_NOMINALS = _words(
    "improvement update fix change refactor redesign revamp migration implementation "
    "integration rollout overhaul cleanup upgrade rewrite"
)

# Units a quantity is measured in: "5 hours of waiting" is a measured amount.
UNIT_NOUNS = _words("hour minute day week month year second ms dollar euro pound point percent")

# Words for an amount of something ("the number of …", "share of …").
QUANTITY_WORDS = _words("number amount count volume total level share percentage %")

# Kinds of review that are work done by the team ("code reviews"), not reviews received.
WORK_REVIEW_KINDS = _words("code architecture design peer security performance")

# Prepositions and conjunctions that end a noun phrase.
CLAUSE_STOP = _words(
    "of for to with that in across among on at by from into about so which who where when "
    "while and or per over under using via through around between toward towards within "
    "after before during against without including than onto beyond outside past above below"
)

# Determiners and similar words left out of a phrase's content words.
DETERMINERS = _words(
    "the a an our their its my your all every each some new more first top key this that "
    "these those"
)

# Verb particles skipped after a head verb ("roll out", "set up").
PARTICLES = _words("up down out off on over")

# Head verbs of shipping a feature; their rewrite measures the feature's adoption.
FEATURE_VERBS = _words("launch ship release build implement roll deploy enable integrate")

# Verbs whose objective is met by what others can then do ("enable teams to …").
ENABLING_VERBS = frozenset({"enable", "help", "empower", "equip", "allow", "let"})


# --- Verb and noun forms ---------------------------------------------------------------------


def _verb_forms(lemma: str) -> Iterable[str]:
    """Yield the common English inflections of a regular verb."""
    yield lemma
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    if lemma.endswith(("s", "sh", "ch", "x", "z")):
        yield lemma + "es"
    elif lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        yield lemma[:-1] + "ies"
        yield lemma[:-1] + "ied"
    else:
        yield lemma + "s"
    yield stem + "ed"
    yield stem + "ing"
    if re.fullmatch(r"[a-z]*[^aeiou][aeiou][bdgklmnprt]", lemma):
        yield lemma + lemma[-1] + "ed"
        yield lemma + lemma[-1] + "ing"


def verb_forms(lemma: str) -> tuple[str, ...]:
    """The common English inflections of a regular verb ("close" → closes, closed, closing)."""
    return tuple(_verb_forms(lemma))


def _lemma_table(*verb_sets: frozenset[str]) -> dict[str, str]:
    table: dict[str, str] = {}
    for verbs in verb_sets:
        for verb in verbs:
            for form in _verb_forms(verb):
                table.setdefault(form, verb)
    table.update(PARTICIPLE_IRREGULAR)
    return table


_VERB_LEMMA = _lemma_table(
    DELIVERY_VERBS,
    CHANGE_VERBS,
    KTLO_VERBS,
    frozenset(
        {
            "get",
            "make",
            "ensure",
            "take",
            "exist",
            "enhance",
            "set",
            "have",
            "be",
            "become",
            "bring",
            "optimise",
            "optimize",
            "expedite",
            "measure",
            "monitor",
            "help",
            "empower",
            "equip",
            "allow",
            "simplify",
            "streamline",
            "rethink",
            "revisit",
            "refine",
            "polish",
            "clarify",
            "cultivate",
            "foster",
            "nurture",
            "encourage",
            "promote",
            "advocate",
            "receive",
            "administer",
            "perform",
            "offer",
            "operate",
        }
    ),
)


def lemma_of(token: str) -> str | None:
    """The lemma of a known verb form ("launched" → "launch"), or ``None``."""
    return _VERB_LEMMA.get(token)


def singular(token: str) -> str:
    """Singularise a noun token well enough for lexicon look-ups."""
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token
