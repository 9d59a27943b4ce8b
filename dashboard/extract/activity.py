"""What: an activity type from the sentence's words (meeting, visit, deployment, ...)."""

from __future__ import annotations

from spacy.tokens import Span

# Most specific first: a sentence that "revealed" a meeting is about the meeting.
ACTIVITY_LEMMAS: dict[str, set[str]] = {
    "attack": {
        "attack",
        "strike",
        "bomb",
        "shell",
        "clash",
        "fight",
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
        "fire",
        "wound",
        "injure",
        "capture",
        "seize",
    },
    "deployment": {
        "deploy",
        "deployment",
        "station",
        "reinforce",
        "reinforcement",
        "send",
        "dispatch",
        "arrive",
        "mobilize",
        "mobilise",
        "build",
        "establish",
    },
    "meeting": {"meet", "meeting", "talk", "negotiate", "negotiation", "discuss", "summit", "host", "receive", "hold"},
    "visit": {"visit", "tour", "travel", "trip", "accompany"},
    "agreement": {"agree", "agreement", "deal", "sign", "contract", "accord", "treaty", "pact", "ratify", "broker"},
    "movement": {"move", "withdraw", "advance", "retreat", "flee", "cross", "march", "transfer", "evacuate", "return"},
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
    },
}


def classify_activity(sentence: Span) -> str | None:
    """The first activity (in the order above) whose words the sentence uses, or None."""
    lemmas = {tok.lemma_.lower() for tok in sentence if tok.pos_ in ("VERB", "NOUN", "AUX")}
    for activity, words in ACTIVITY_LEMMAS.items():
        if lemmas & words:
            return activity
    return None
