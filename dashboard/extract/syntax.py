"""Small questions asked of spaCy's parse: which words govern a mention, is a clause in the future.

Dates, activities and the future flag all belong to the clause that says where something
happened, so they are read along the chain of heads from the place upwards.
"""

from __future__ import annotations

from spacy.tokens import Token

FUTURE_AUX = {"will", "shall", "'ll", "’ll"}
# "plans to visit", "is expected to arrive": the visit has not happened yet.
INTENT_LEMMAS = {"plan", "intend", "expect", "schedule", "due", "set", "aim", "prepare", "hope", "seek", "want"}
REPORTING_LEMMAS = {"say", "announce", "state", "add", "tell", "report", "reveal", "claim", "confirm", "declare"}


def head_chain(token: Token) -> list[Token]:
    """The token's ancestors from the nearest up to the sentence root (the token itself excluded)."""
    chain = []
    while token.head.i != token.i:
        token = token.head
        chain.append(token)
    return chain


def first_conjunct(token: Token) -> Token:
    """The first item of the list a token is in ("Kongor" in "near Panyagor and Kongor" -> "Panyagor"): the
    item whose relation to the rest of the sentence the whole list shares."""
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    return token


def clause_verb(token: Token) -> Token:
    """The nearest verb governing a token, else the sentence root."""
    for head in [token, *head_chain(token)]:
        if head.pos_ in ("VERB", "AUX"):
            return head
    return token.sent.root


def _future_verb(verb: Token) -> bool | None:
    """True/False when this verb settles the tense, None when it is non-finite and its head decides."""
    for child in verb.children:
        if child.dep_ in ("aux", "auxpass"):
            if child.lower_ in FUTURE_AUX:
                return True
            if child.lower_ == "would" and verb.dep_ == "ccomp" and verb.head.lemma_.lower() in REPORTING_LEMMAS:
                return True  # "said it would send troops": still to come when reported
            if child.lower_ == "going" or (child.lower_ == "to" and verb.head.lemma_.lower() == "be"):
                return True
    if verb.tag_ in ("VBD", "VBZ", "VBP") or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ == "MD" for c in verb.children
    ):
        return False
    if verb.dep_ in ("xcomp", "advcl") and verb.head.lemma_.lower() in INTENT_LEMMAS:
        return True
    if verb.lemma_.lower() in INTENT_LEMMAS and verb.tag_ == "VBN":
        return True  # "a burial planned for Tuesday", "talks scheduled in Geneva"
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() == "go" and verb.head.tag_ == "VBG":
        return True  # "is going to visit"
    return None


def is_future(token: Token) -> bool:
    """Whether the clause that governs `token` speaks of something still to come ("will arrive at X")."""
    for head in [token, *head_chain(token)]:
        if head.pos_ in ("VERB", "AUX"):
            settled = _future_verb(head)
            if settled is not None:
                return settled
    return False
