"""What: an activity type (meeting, visit, deployment, agreement, attack, statement, movement, other).

Read first from the words that govern the event's place ("met ... in Cairo", "a visit to X",
"held talks in Y"), nearest first, then from the sentence as a whole. A light verb ("held",
"carried out", "launched") takes its meaning from its object ("held meetings" is a meeting), and
a verb of motion is a deployment when troops or weapons move, a visit when a person or a
delegation does.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from dashboard.extract.syntax import head_chain

ACTIVITIES = ("meeting", "visit", "deployment", "agreement", "attack", "statement", "movement", "other")

# Most specific first: a sentence that "revealed" a meeting is about the meeting.
ACTIVITY_LEMMAS: dict[str, set[str]] = {
    "attack": {
        "attack",
        "strike",
        "bomb",
        "bombard",
        "bombing",
        "shell",
        "shelling",
        "clash",
        "fight",
        "fighting",
        "kill",
        "airstrike",
        "assault",
        "shoot",
        "raid",
        "ambush",
        "explode",
        "explosion",
        "battle",
        "offensive",
        "wound",
        "injure",
        "capture",
        "seize",
        "storm",
        "besiege",
        "siege",
        "target",
        "hit",
        "retake",
        "overrun",
        "kidnap",
        "abduct",
        "execute",
        "massacre",
        "gunfire",
        "violence",
        "combat",
        "gunfight",
        "firefight",
        "skirmish",
        "shootout",
        "burn",
        "torch",
        "loot",
        "raze",
        "behead",
    },
    "deployment": {
        "deploy",
        "deployment",
        "station",
        "reinforce",
        "reinforcement",
        "dispatch",
        "mobilize",
        "mobilise",
        "build",
        "establish",
        "base",
        "install",
        "supply",
        "deliver",
        "ship",
        "airlift",
    },
    "meeting": {
        "meet",
        "meeting",
        "talk",
        "negotiate",
        "negotiation",
        "discuss",
        "discussion",
        "summit",
        "conference",
        "consultation",
        "receive",
        "host",
        "gathering",
    },
    "visit": {"visit", "tour", "trip", "accompany", "inspect"},
    "agreement": {
        "agree",
        "agreement",
        "deal",
        "sign",
        "contract",
        "accord",
        "treaty",
        "pact",
        "ratify",
        "broker",
        "ceasefire",
        "truce",
        "memorandum",
    },
    "movement": {
        "move",
        "withdraw",
        "withdrawal",
        "advance",
        "retreat",
        "flee",
        "cross",
        "march",
        "transfer",
        "evacuate",
        "return",
        "arrive",
        "travel",
        "fly",
        "head",
        "reach",
        "enter",
        "leave",
        "depart",
        "land",
        "send",
    },
    "statement": {
        "say",
        "announce",
        "state",
        "declare",
        "reveal",
        "report",
        "claim",
        "warn",
        "tell",
        "add",
        "confirm",
        "deny",
        "condemn",
        "call",
        "urge",
        "statement",
        "accuse",
        "demand",
        "threaten",
        "vow",
        "insist",
        "criticize",
        "criticise",
        "welcome",
    },
}
LIGHT_VERBS = {"hold", "have", "carry", "conduct", "launch", "take", "make", "stage", "give", "undertake", "pay"}
MILITARY_NOUNS = {
    "troop",
    "force",
    "soldier",
    "expert",
    "mercenary",
    "fighter",
    "unit",
    "weapon",
    "drone",
    "jet",
    "aircraft",
    "plane",
    "warship",
    "tank",
    "missile",
    "equipment",
    "ammunition",
    "militia",
    "brigade",
    "battalion",
    "reinforcement",
    "army",
    "military",
    "personnel",
    "adviser",
    "advisor",
    "instructor",
}
DELEGATE_NOUNS = {
    "delegation",
    "minister",
    "official",
    "envoy",
    "president",
    "leader",
    "delegate",
    "ambassador",
    "speaker",
    "head",
    "chief",
    "premier",
    "chairman",
    "commander",
    "king",
    "emir",
    "prince",
}
_MOTION = {"arrive", "travel", "fly", "head", "reach", "enter", "land", "send", "move", "return", "go", "come"}
_CATEGORY = {lemma: activity for activity, lemmas in ACTIVITY_LEMMAS.items() for lemma in lemmas}
_VERB_ONLY = {"station"}  # "stationed troops" deploys them; "a power station" is a building


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _participants(verb: Token) -> list[Token]:
    """The mover and the moved: subjects and objects, with their conjuncts and modifiers."""
    core = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")]
    core += [c for t in core for c in t.conjuncts]
    return core + [c for t in core for c in t.children if c.dep_ in ("compound", "amod")]


def _motion(verb: Token) -> str:
    """Deployment when the mover or the moved is military, visit for a person or delegation, else movement."""
    movers = _participants(verb)
    if {_lemma(t) for t in movers} & MILITARY_NOUNS:
        return "deployment"
    subjects = [t for t in movers if t.dep_ in ("nsubj", "nsubjpass")]
    visit = any(_lemma(c) == "visit" for p in verb.children if p.dep_ == "prep" for c in p.children)
    if visit or any(s.ent_type_ == "PERSON" or _lemma(s) in DELEGATE_NOUNS for s in subjects):
        return "visit"
    return "movement"


def _of_word(token: Token) -> str | None:
    if token.lower_ == "according":
        return None  # "according to a local administrator" cites a source; no accord
    lemma = _lemma(token)
    if token.pos_ in ("VERB", "AUX"):
        if lemma in LIGHT_VERBS:
            for child in token.children:
                if child.dep_ in ("dobj", "nsubjpass", "attr") and _lemma(child) in _CATEGORY:
                    return _CATEGORY[_lemma(child)]
            return None
        if lemma in _MOTION:
            return _motion(token)
        return _CATEGORY.get(lemma)
    if token.pos_ in ("NOUN", "PROPN") and lemma not in _VERB_ONLY:
        return _CATEGORY.get(lemma)
    return None


def classify_activity(sentence: Span, anchor: Token | None = None) -> str:
    """The activity of the clause that governs `anchor` (the event's place), else of the whole sentence.

    Along the chain of heads a statement verb only counts when nothing more specific governs the
    place; with nothing to go on the answer is "other".
    """
    statement = False
    if anchor is not None:
        passed_verb = False  # a statement verb above a clause of its own only reports it
        for head in head_chain(anchor):
            found = _of_word(head)
            if found == "statement" and passed_verb:
                statement = True
            elif found:
                return found
            passed_verb = passed_verb or head.pos_ in ("VERB", "AUX")
    words = {_lemma(t) for t in sentence if t.pos_ in ("VERB", "AUX") and t.lower_ != "according"}
    words |= {_lemma(t) for t in sentence if t.pos_ == "NOUN"} - _VERB_ONLY
    for activity, lemmas in ACTIVITY_LEMMAS.items():
        if activity != "statement" and words & lemmas:
            if activity == "movement":
                verbs = [t for t in sentence if _lemma(t) in _MOTION and t.pos_ == "VERB"]
                return _motion(verbs[0]) if verbs else activity
            return activity
    if statement or words & ACTIVITY_LEMMAS["statement"]:
        return "statement"
    return "other"
