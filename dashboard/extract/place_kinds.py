"""What kind of place the words beside a name ask for: "Idlib province", "the town of X", "the New York
governor", "the Kharkiv, Odesa and Dnipropetrovsk regions", "Bourbon street". Pure functions of a parsed
document; `places.PlaceFinder` turns them into query hints.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from dashboard.extract.doc_index import tokens_lower_in

_AREA_NOUNS = {
    "province": "admin",
    "state": "admin",
    "county": "admin",
    "parish": "admin",
    "region": "admin",
    "district": "admin",
    "governorate": "admin",
    "prefecture": "admin",
    "border": "admin",  # "the New York border" is the state's (a country's name is a country anyway)
    "territory": "admin",  # "the Kalehe territory"
    "department": "admin",  # "Kolofata, Mayo-Sava department"; "the Norte de Santander department"
    "lga": "admin",  # Nigeria's local government areas: "Gwoza LGA"
    "township": "admin",
    "oblast": "admin",
    "municipality": "admin",  # "the Cúcuta municipality"
    "commune": "admin",
    "city": "city",
    "town": "city",
    "village": "city",
}
# Area nouns that end a name an organisation could not have: "flooding in Jonglei State", "Gwoza LGA" (not
# "the Health Department" or "the Unified School District").
_NAMING_AREA_NOUNS = {"state", "province", "region", "county", "governorate", "prefecture", "lga", "territory"}


def _is_area_noun(token: Token) -> bool:
    """A lower-case noun for an area that can follow a name ("Idlib province"); "border" only says whose."""
    return token.is_lower and token.lower_ in _AREA_NOUNS and token.lower_ != "border"


# Offices that say which level of government a name before them is: "the New York governor" is the state's.
_OFFICES = {
    "governor": "admin",
    "gov.": "admin",
    "governors": "admin",
    "legislature": "admin",
    "legislators": "admin",
    "lawmakers": "admin",
    "mayor": "city",
    "mayors": "city",
}


# Plural area nouns after a list of names: "the Kharkiv, Odesa and Dnipropetrovsk regions".
AREA_PLURALS = {
    "regions": "admin", "provinces": "admin", "districts": "admin", "governorates": "admin", "states": "admin",
    "oblasts": "admin", "counties": "admin", "cities": "city", "towns": "city", "villages": "city", "areas": "city",
    "neighbourhoods": "city", "neighborhoods": "city",
}  # fmt: skip
_LIST_REACH = 12  # tokens from a list item to the plural noun after the list


def list_items_before(doc: Doc, noun: int) -> list[tuple[int, int]]:
    """The capitalised names of the list right before a plural noun, as (start, end) token ranges."""
    items: list[tuple[int, int]] = []
    i = noun - 1
    while i >= 0 and noun - i <= _LIST_REACH:
        end = i + 1
        while i >= 0 and doc[i].is_title and doc[i].pos_ == "PROPN":
            i -= 1
        if i + 1 == end:
            break
        items.append((i + 1, end))
        while i >= 0 and (doc[i].text == "," or doc[i].lower_ in ("and", "or")):
            i -= 1
        if i >= 0 and not (doc[i].is_title and doc[i].pos_ == "PROPN"):
            break
    return items[::-1]


def listed_kind(doc: Doc, ent: Span) -> str:
    """The kind a plural area noun after the entity's list asks for, if the entity is one of its items (a
    list: "X and Y regions", not "Titkov, regions analyst")."""
    noun = _list_noun(doc, ent)
    return AREA_PLURALS[doc[noun].lower_] if noun >= 0 else ""


def _list_noun(doc: Doc, ent: Span) -> int:
    """The index of the plural area noun after the list the entity is an item of, or -1."""
    j = ent.end
    listed = False
    while j < len(doc) and j - ent.end < _LIST_REACH and doc[j].lower_ not in AREA_PLURALS:
        name = (doc[j].is_title and doc[j].pos_ == "PROPN") or doc[j].ent_iob_ == "I"  # (or "al-" inside one)
        if not (doc[j].text == "," or doc[j].lower_ in ("and", "or") or name):
            return -1
        listed = listed or doc[j].lower_ in ("and", "or")
        j += 1
    before_and = ent.start > 0 and doc[ent.start - 1].lower_ in ("and", "or")  # the last item
    if not (listed or before_and) or j >= len(doc) or doc[j - 1].text == ",":
        return -1
    return j if doc[j].is_lower and doc[j].lower_ in AREA_PLURALS else -1


# Area nouns that name a country's first-level divisions nearly everywhere: "the Sagaing region" is the
# region, not the district or the town of that name ("district" and "county" are first-level in some
# countries and second-level in others, so they ask for no level).
FIRST_LEVEL_NOUNS = {
    "region", "regions", "state", "states", "province", "provinces", "governorate", "governorates", "oblast",
    "oblasts",
}  # fmt: skip


def area_level(doc: Doc, span: Span) -> str:
    """ "admin1" when the area noun beside a name, or after its list, is a first-level one ("the Sagaing
    region", "the province of Idlib", "the Kharkiv and Odesa regions"); else ""."""
    beside, listed = _area_noun(doc, span), _list_noun(doc, span)
    nouns = [noun for noun in (beside, doc[listed] if listed >= 0 else None) if noun is not None]
    return "admin1" if any(noun.lower_ in FIRST_LEVEL_NOUNS for noun in nouns) else ""


def kind_around(doc: Doc, ent: Span) -> str:
    """ "Idlib province", "the province of Idlib" -> admin; "Alexandria city", "the town of X" -> city;
    "the New York Governor", "New York's governor" -> admin (the state); "the Paris mayor" -> city;
    "the Kharkiv and Dnipropetrovsk regions" -> admin; "Bourbon and Dauphine streets" -> site (a street
    of the article's town)."""
    named = area_noun_kind(doc, ent)
    if named:
        return named
    listed = listed_kind(doc, ent)
    if listed:
        return listed
    after = ent.end + 1 if ent.end < len(doc) and doc[ent.end].lower_ in ("'s", "’s") else ent.end
    if after < len(doc) and doc[after].lower_ in _OFFICES:
        return _OFFICES[doc[after].lower_]
    return "site" if _street_after(doc, ent.end) else ""


_NAME_REACH = 4  # words of a name before an area noun
_NAME_PARTICLES = {"da", "de", "do", "dos", "das", "del", "di", "du", "la", "al", "el", "ad", "ash", "ibn", "bin"}


# Parts of a town: "the Abu Salim district of Tripoli", "the Abu Salim and Salah al-Din neighbourhoods of Tripoli".
TOWN_PARTS = {
    "district", "districts", "neighbourhood", "neighbourhoods", "neighborhood", "neighborhoods", "suburb",
    "suburbs", "quarter", "quarters",
}  # fmt: skip


def part_noun_after(doc: Doc, end: int) -> int:
    """The index of the noun for a part of a town ("district", "neighbourhoods") that follows a name ending
    at token `end`, directly or after the rest of its list ("and Salah al-Din neighbourhoods"), when "of"
    follows it; -1 if none."""
    j = end
    while j < len(doc) and j - end < _LIST_REACH and doc[j].lower_ not in TOWN_PARTS:
        if not (
            doc[j].text in (",", "-") or doc[j].lower_ in ("and", "or") or doc[j].is_title or doc[j].ent_iob_ == "I"
        ):
            return -1
        j += 1
    if j + 1 >= len(doc) or not doc[j].is_lower or doc[j].lower_ not in TOWN_PARTS or doc[j + 1].lower_ != "of":
        return -1
    return j


def unlabelled_name_before(doc: Doc, i: int) -> int:
    """The start of the run of capitalised words no entity holds that ends right before token i (a proper
    noun phrase of up to `_NAME_REACH` words, all of the name), or i when there is none."""
    start = i
    while start > 0 and i - start < _NAME_REACH and not doc[start - 1].ent_type_:
        if doc[start - 1].is_title:
            start -= 1
        elif start > 1 and start < i and doc[start - 1].lower_ in _NAME_PARTICLES and doc[start - 2].is_title:
            start -= 1  # "Mocimboa da Praia", "Bir al Ghanam": a particle inside a name
        else:
            break
    if start == i or start > 0 and (doc[start - 1].is_title or not doc[start - 1].whitespace_):
        return i  # none, or only the end of a longer name ("Ouest" of "Cuvette-Ouest")
    return start if doc[start:i].root.pos_ == "PROPN" else i


def unlabelled_before_area_noun(doc: Doc) -> list[tuple[int, int, str]]:
    """ "the Dera Ismail Khan district": (start, end, kind) of each run of capitalised words no entity
    holds, right before a lower-case area noun ("district", "province"; not "border")."""
    found = []
    for i in tokens_lower_in(doc, _AREA_NOUNS):
        noun = doc[i]
        if not _is_area_noun(noun):
            continue
        start = unlabelled_name_before(doc, noun.i)
        if start < noun.i:
            found.append((start, noun.i, _AREA_NOUNS[noun.lower_]))
    return found


def followed_by_area(doc: Doc, ent: Span) -> bool:
    """ "raided Kolofata, Mayo-Sava department, Far North region": a name followed by a comma and an area
    the words call one is a place in that area (whatever spaCy took it for)."""
    i = ent.end
    if i + 2 >= len(doc) or doc[i].text != ",":
        return False
    j = i + 1
    while j < len(doc) and j < i + 6 and (doc[j].text[:1].isupper() or doc[j].text == "-"):
        j += 1
    if j == i + 1 or j >= len(doc) or not doc[i + 1].text[:1].isupper():
        return False
    noun = doc[j - 1] if doc[j - 1].text == "LGA" else doc[j]  # "Gwoza LGA"
    return _is_area_noun(noun) or noun.text == "LGA"


def _names_an_area(doc: Doc, ent: Span) -> bool:
    """Whether an organisation's or person's name ending in an area noun is only the area's name: words of
    a name before it ("Jonglei State", "Gwoza LGA"), and nothing of a longer name after it (not
    "Columbia State Community College", "Douglas County Road 4", "Church & State", "K-State")."""
    if ent.label_ not in ("ORG", "PERSON") or len(ent) < 2 or not ent[-2].whitespace_:
        return False
    words = [t for t in ent[:-1] if t.lower_ != "the"]
    glued = all(t.is_alpha or t.text == "-" and not t.whitespace_ and not doc[t.i - 1].whitespace_ for t in words)
    after = doc[ent.end] if ent.end < len(doc) else None
    continued = after is not None and (after.text[:1].isupper() or after.like_num)
    return bool(words) and glued and words[0].text[:1].isupper() and not continued


def area_noun_kind(doc: Doc, ent: Span) -> str:
    """ "Idlib province", "Tripoli's Tariq al-Sikka district", "the province of Idlib": the kind of area
    the noun beside the name calls it ("" if none); also one the entity ends with ("Saada province")."""
    noun = _area_noun(doc, ent)
    return _AREA_NOUNS[noun.lower_] if noun is not None else ""


def _area_noun(doc: Doc, ent: Span) -> Token | None:
    """The area noun beside a name, if any: the one it ends with, the one after it, or "the <noun> of"."""
    named = any(t.is_title for t in ent[:-1])  # "Saada province", not "the state"
    if named and _is_area_noun(ent[-1]):
        return ent[-1]
    if not ent[-1].is_lower and ent[-1].lower_ in _NAMING_AREA_NOUNS and _names_an_area(doc, ent):
        return ent[-1]  # "Jonglei State", "Gwoza LGA": spaCy's organisations, named as areas
    if ent.end < len(doc) and doc[ent.end].lower_ in _AREA_NOUNS and doc[ent.end].is_lower:
        return doc[ent.end]
    if ent.start >= 2 and doc[ent.start - 1].lower_ == "of" and doc[ent.start - 2].lower_ in _AREA_NOUNS:
        if ent.start >= 3 and doc[ent.start - 3].is_title:
            return None  # "the Tajoura district of Tripoli": the district is a part of the town
        return doc[ent.start - 2]
    return None


_STREET_NOUN = {"street", "avenue", "boulevard"}  # not "road": "the Swedish road", "the Kabul road"
_STREETS_NOUN = {"streets", "avenues", "roads", "boulevards"}


def _street_after(doc: Doc, i: int) -> bool:
    """ "Bourbon street", "Bourbon and Dauphine streets", "State and Hubbard streets": a street's name
    (but "North Druid Hills roads" are the roads of a place)."""
    if i < len(doc) and doc[i].lower_ in _STREET_NOUN and doc[i].is_lower:
        return True
    if i + 2 < len(doc) and doc[i].lower_ in ("and", "&") and doc[i + 1].is_title:
        j = i + 2
        while j < len(doc) and doc[j].is_title and j < i + 4:
            j += 1
        return j < len(doc) and doc[j].lower_ in _STREETS_NOUN and doc[j].is_lower
    if i >= 3 and doc[i - 2].lower_ in ("and", "&") and i < len(doc) and doc[i].lower_ in _STREETS_NOUN:
        return doc[i].is_lower  # the second name of "Bourbon and Dauphine streets"
    return False
