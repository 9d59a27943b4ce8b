"""Name keys that make spellings of one place meet: accents, case, articles, hyphens, transliteration.

`name_key` is exact enough to index every gazetteer name; `skeleton` is a loose consonant key used
only among candidates already plausible from context (the article's countries), never on its own.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_ARTICLES = {
    "al",
    "el",
    "ash",
    "ad",
    "adh",
    "an",
    "ar",
    "as",
    "at",
    "ath",
    "az",
    "ed",
    "en",
    "er",
    "es",
    "et",
    "ez",
    "the",
}
# Abbreviated first words, spelled out: "St. Petersburg" is Saint Petersburg, "Mt. Kenya" Mount Kenya.
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}
_APOSTROPHES = "'’‘`ʻʼʿʾ´"
_NO_APOSTROPHES = {ord(ch): None for ch in _APOSTROPHES}
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_./,()]+")


def fold(text: str) -> str:
    """Lower case, no diacritics, no apostrophes, separators as single spaces."""
    if text.isascii():  # most names: nothing to decompose
        stripped = text
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.translate(_NO_APOSTROPHES)
    return _SEPARATORS.sub(" ", stripped.casefold()).strip()


@lru_cache(maxsize=1 << 16)  # news repeats the same names; the extraction asks for each one many times
def name_key(text: str) -> str:
    """The key a place name is indexed and looked up under: folded, leading articles dropped, a leading
    abbreviation spelled out.

    "Al-Jufra", "al Jufra" and "Jufra" share the key "jufra"; "Ash-Shati'" becomes "shati"; "St. Kitts"
    and "Saint Kitts" share "saint kitts" (a trailing "St." stays: "Victoria St." is a street); a trailing
    "Co." is "County".
    """
    words = fold(text).split()
    while len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    if len(words) > 1 and words[0] in _ABBREVIATIONS:
        words[0] = _ABBREVIATIONS[words[0]]
    if len(words) > 1 and words[-1] == "co":
        words[-1] = "county"  # "Loudon Co." is Loudon County
    return " ".join(words)


_VOWELS = re.compile(r"[aeiouy]+")
_LEADING_VOWEL = re.compile(r"^(?:[aeo]w(?=[^aeiouy])|[aeiou]+)")


def skeleton(key: str) -> str:
    """A transliteration-tolerant consonant key: Benina/Banina -> "bnn", Zawiya/Zawiyah -> "zw".

    Collapses doubled letters, then drops vowels (but the first letter) and a final "h" after a
    vowel; the first letter is kept so the key stays selective. A leading vowel (or "aw", "ow", a
    vowel written as a glide) is one mark whatever its spelling: Obari/Ubari/Awbari, Idlib/Edlib,
    Ajdabiya/Ejdabiya.
    """
    if not key:
        return ""
    words = []
    for word in spelling_key(key).split():
        word = _LEADING_VOWEL.sub("_", word)
        words.append(word[0] + _VOWELS.sub("", word[1:]))
    return " ".join(words)


def spelling_key(key: str) -> str:
    """A name key without the commonest transliteration differences, vowels kept: a final "h" after a
    vowel, "ou" for "u", doubled letters (Soussa/Susah -> "susa", Kufra/Kufrah -> "kufra")."""
    words = []
    for word in key.split():
        word = re.sub(r"(?<=[aeiouy])h$", "", word)
        word = re.sub(r"ou", "u", word)
        words.append(re.sub(r"(.)\1+", r"\1", word))
    return " ".join(words)
