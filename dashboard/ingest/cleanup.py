"""Separate a report's own words from page furniture: date line, breadcrumb, repeated title, teasers.

Works on lines, so it applies to any plain-text export of a news page. What is removed is returned
too, so nothing is lost and the analyst can see why a word did not reach the map.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

_MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|"
    "september|october|november|december"
)
# A line that is a date, with perhaps a time and a zone after it ("Monday, 2 November 2026, 07:40 WAT | Updated:
# 10:15 WAT", "23 November 2026, 11:05 (GMT+3)"); `core` is the date alone.
_DATE_LIKE = re.compile(
    rf"^\W*(?P<core>(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day\W*)?"
    rf"(?:\d{{1,2}}\W*(?:{_MONTHS})\.?\W*\d{{4}}|(?:{_MONTHS})\.?\W*\d{{1,2}}(?:st|nd|rd|th)?\W*\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}"
    rf"|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{4}}))\b[\w\s:,.+()|/-]*$",
    re.IGNORECASE,
)
_BREADCRUMB = re.compile(r"^\s*(?:home|accueil|start|main)\s*[/>»›|]", re.IGNORECASE)
_TEASER = re.compile(
    r"^\s*(?:check also|related(?: articles| posts| news| stories)?|read (?:also|more)|see also|also read|"
    r"you may also like|more from|recommended(?: for you)?|most read|latest news|more stories)\s*:?\s*$",
    re.IGNORECASE,
)
# Newswire slugs before a headline or a first line: Reuters' "UPDATE 2-", "EXCLUSIVE-", "FACTBOX-", Xinhua's
# "1st LD-Writethru:", "Roundup:", AP's "AP Exclusive:". They name no one and nowhere ("LD" is a town code).
_WIRE_SLUG = re.compile(
    r"^\s*(?:(?:(?:UPDATE|WRAPUP)(?: \d+)?|RPT|REFILE|CORRECTED|EXCLUSIVE|FACTBOX|ANALYSIS|INSIGHT|FOCUS|"
    r"INSTANT VIEW|EXPLAINER|TIMELINE|PREVIEW|URGENT|BREAKING|FLASH|BULLETIN)\s*[-:]+\s*(?=\S)|"
    r"(?:\d+(?:st|nd|rd|th)\s+LD(?:\s*[-,]\s*Writethru)?|LD\s*[-,]\s*Writethru|Writethru|"
    r"(?i:roundup|spotlight|xinhua headlines|ap exclusive|ap explains|ap photos))\s*[-:,]+\s*(?=\S))+"
)
# Header lines naming who wrote or published the report: "By Sami Zaptia", "The Libya Observer | 15 November
# 2026", "Libya Update, 2 December 2026", "Published 14 September 2025", or a publisher's name alone ("Libya
# Herald") between title and text.
_BY_LINE = re.compile(r"^by\s+[A-Z][\w.'’ -]{1,60}(?:,\s*[A-Z][\w.'’ -]{1,40})?$", re.IGNORECASE)  # (", Sebha")
_NAME_AND_DATE = re.compile(r"^(?-i:[A-Z][\w.'’&]*(?: [A-Z][\w.'’&]*){0,4})\s*(?:[|,–—-]|\s-\s)\s*(.{6,40})$")
_DATED_LINE = re.compile(
    r"^(?:first\s+)?(?:published|posted|updated|last\s+updated|issued|released|dated|date)(?:\s+on)?\s*:?\s*(.{6,60})$",
    re.IGNORECASE,
)
_ABOVE_TITLE = 4  # short lines of page furniture that may stand above a headline
_ABOVE_TITLE_WORDS = 6
_HEADLINE_WORDS = 5
_FURNITURE_WORDS = 7
_NAME_ALONE = re.compile(r"^(?-i:(?:The )?[A-Z][\w.'’&]*(?: [A-Z][\w.'’&]*){0,3})$")
# Who reported, wrote and edited a wire story, at its end: "(Reporting by Khalid Abdelaziz in Cairo; Editing by
# Aidan Lewis)", "Additional reporting by ...", "Associated Press writer X in Y contributed to this report." Their
# names are no actors and their towns ("in Cairo") no places of the story. Unbracketed, a credit holds only names
# and small words ("Reporting by the BBC found that ..." is a sentence).
_CREDIT = r"(?:(?:additional|further)\s+)?(?:reporting|writing|editing|compiled|translated)(?:\s+and\s+\w+)?\s+by\s"
_CREDIT_LINE = re.compile(
    rf"^\(\s*{_CREDIT}[^()]{{1,300}}\)\.?$|^[^()]{{1,200}}\bcontributed\s+(?:reporting|to\s+this\s+(?:report|story))\W*$",
    re.IGNORECASE,
)
_BARE_CREDIT = re.compile(rf"^{_CREDIT}(.{{1,300}}?)\.?$", re.IGNORECASE)
_CREDIT_WORDS = {"in", "and", "at", "from", "by", "with", "for", "de", "del", "al", "el", "bin", "van", "von"}
_CREDIT_WORDS |= {"reporting", "writing", "editing", "additional", "further"}
_CAPTION_MARK = re.compile(r"^\s*\[(?:photo|image|picture|video|graphic)s?(?:\s*\d+)?\]\s*", re.IGNORECASE)
_INLINE_TEASER = re.compile(r"^\s*(?:read also|also read|read more|see also|related)\s*:\s+\S", re.IGNORECASE)


@dataclass
class Cleaned:
    text: str
    title: str = ""
    published: date | None = None
    removed: list[str] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)  # (line number, message)


def parse_date_line(line: str, day_first: bool = True) -> date | None:
    """A line that is only a date ("Monday , 4 March 2024") as a date, else None. A numeric date is read
    day first ("03/11/2026" is 3 November), as news sites outside the United States write it, unless
    `day_first` is False."""
    found = _DATE_LIKE.match(line.strip()) if len(line) <= 60 else None
    if not found:
        return None
    import dateparser  # slow to import: only when a line looks like a date

    order = "DMY" if day_first else "MDY"
    settings = {"STRICT_PARSING": True, "PREFER_DAY_OF_MONTH": "first", "DATE_ORDER": order}
    parsed = dateparser.parse(found.group("core"), languages=["en"], settings=settings)
    return parsed.date() if parsed else None


def _same(a: str, b: str) -> bool:
    return re.sub(r"\W+", "", a).lower() == re.sub(r"\W+", "", b).lower() != ""


def clean_report(raw: str, reference: date | None = None) -> Cleaned:
    """Split a plain-text news page into title, publication date, body and what was removed.

    `reference` is the file's date: a dateline without a year ("TRIPOLI, Nov 18 (Reuters) -") is read as the
    last such day on or before it, with a warning. Without it such a report has no date."""
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out = Cleaned(text="")
    body: list[str] = []
    header_done = False
    crumb_title = ""
    for number, line in enumerate(lines, start=1):
        slug = _WIRE_SLUG.match(line)
        if slug:
            out.removed.append(slug.group().strip())
            line = line[slug.end() :]
        stripped = line.strip()
        if _TEASER.match(stripped):
            out.removed.append("\n".join(lines[number - 1 :]).strip())
            break
        if not header_done:
            if not stripped:
                continue
            if out.published is None and not body and _DATE_LIKE.match(stripped) and len(stripped) <= 60:
                out.published = parse_date_line(stripped)
                if out.published is None:
                    out.warnings.append((number, f"'{stripped}' looks like a date but is not a valid one"))
                out.removed.append(stripped)
                continue
            if _BREADCRUMB.match(stripped):
                crumb_title = re.split(r"\s+[/>»›|]\s+", stripped)[-1].strip()
                out.removed.append(stripped)
                continue
            if not out.title and _above_title(lines, number):
                out.removed.append(stripped)  # "PRESS RELEASE", "For immediate release", "IN BRIEF | IRAQ"
                continue
            if not out.title and _is_title(stripped, lines, number):
                if _is_kicker(stripped) and _next_is_title(lines, number):
                    out.removed.append(stripped)  # "ANALYSIS | LIBYA", "PAKISTAN": a section label, then the title
                    continue
                out.title = stripped
                out.removed.append(stripped)
                continue
            byline, when = _byline(stripped) if out.title else (False, None)
            if byline:
                out.removed.append(stripped)
                out.published = out.published or when
                continue
            if (
                out.title
                and not body
                and number <= _HEADER_LINES + 3
                and _header_furniture(stripped)
                and any(rest.strip() for rest in lines[number:])  # (not the text's only line)
            ):
                out.removed.append(stripped)  # "Libyan News Agency (LANA)", "By our correspondent in Agadez"
                continue
            header_done = True
        if header_done and out.title and _same(stripped, out.title) and not "".join(body).strip():
            out.removed.append(stripped)
            continue
        if _INLINE_TEASER.match(stripped) or _is_credit(stripped):
            out.removed.append(stripped)
            continue
        mark = _CAPTION_MARK.match(line)
        if mark:  # "[Photo 2] Residents walk past ...": the caption stays, its marker names no one
            out.removed.append(mark.group().strip())
            line = line[mark.end() :]
        body.append(line.rstrip())
    if not out.title and crumb_title:
        out.title = crumb_title
    if out.published is None:
        out.published = _header_date(body, out.removed)
    out.text = "\n".join(body).strip()
    if out.published is None:
        out.published = dateline_date(out.text)
    if out.published is None and reference is not None:
        out.published = _yearless_dateline(out.text, reference, lines, out.warnings)
    return out


def _header_date(body: list[str], removed: list[str]) -> date | None:
    """The date of a "Published: 20 November 2026" or "Issued: ..." line among the report's first lines,
    below header lines the byline rules do not know ("Issued by: OCHA South Sudan, with inputs from ...").
    The line is removed from the body: it is page furniture, not a sentence."""
    seen = 0
    for i, line in enumerate(body):
        if not line.strip():
            continue
        seen += 1
        if seen > _HEADER_LINES:
            return None
        when = _dated_line(line.strip())
        if when is not None:
            removed.append(body.pop(i).strip())
            return when
    return None


def _yearless_dateline(text: str, reference: date, lines: list[str], warnings: list[tuple[int, str]]) -> date | None:
    """ "TRIPOLI, Nov 18 (Reuters) -": wire copy gives no year. The report is taken as the latest such day
    on or before `reference` (the file's date), and a warning says so."""
    found = _DATELINE_NO_YEAR.match(text)
    if not found:
        return None
    when = parse_date_line(f"{found.group(1)} {reference.year}")
    if when is None:
        return None
    if when > reference:
        try:
            when = when.replace(year=reference.year - 1)
        except ValueError:  # 29 February
            return None
    first = found.group(0).rstrip("(-–—: ")
    number = next((n for n, line in enumerate(lines, start=1) if line.strip().startswith(first[:20])), 1)
    warnings.append(
        (
            number,
            f"the dateline '{first}' gives no year: read as {when.isoformat()}, the last such "
            f"day on or before the file's date ({reference.isoformat()})",
        )
    )
    return when


# "CAIRO, " / "ADEN, Yemen, " / "Tripoli – ": a dateline's town (and country), before its date
_DATELINE_TOWN = r"^(?-i:[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}(?:,\s*[A-Z][\w .'’-]{1,30})?)(?:,\s+|\s+[-–—]\s+)"
_DATELINE_DATE = re.compile(
    _DATELINE_TOWN + rf"((?:\d{{1,2}}\s+(?:{_MONTHS})\.?,?\s+\d{{4}})|(?:(?:{_MONTHS})\.?\s+\d{{1,2}},?\s+\d{{4}}))"
    r"\s*(?:\(|[-–—:])",
    re.IGNORECASE,
)


_DATELINE_NO_YEAR = re.compile(
    _DATELINE_TOWN + rf"((?:\d{{1,2}}\s+(?:{_MONTHS})\.?)|(?:(?:{_MONTHS})\.?\s+\d{{1,2}}))"
    r"\s*(?:\(|[-–—:])",
    re.IGNORECASE,
)
_HEADER_LINES = 6  # a report's header (outlet, byline, date) is in its first few lines
_KICKER = re.compile(r"^(?:[^\W\d_]+(?:[ -][^\W\d_]+)*)(?:\s*[|/]\s*[^\W\d_]+(?:[ -][^\W\d_]+)*)*$")


def _is_kicker(stripped: str) -> bool:
    """A section label above a headline: a few capitalised words ("PAKISTAN", "MYANMAR / BANGLADESH",
    "ANALYSIS | LIBYA")."""
    return len(stripped.split()) <= 5 and stripped.isupper() and bool(_KICKER.match(stripped))


def _header_furniture(line: str) -> bool:
    """A short line between the headline and the text that is no sentence: the outlet, the desk, the author
    ("Libyan News Agency (LANA)", "Libya Herald - Analysis", "United Nations Support Mission in Libya",
    "Press Statement", "By our correspondent in Agadez")."""
    words = line.split()
    return (
        len(words) <= _FURNITURE_WORDS
        and not line.endswith((".", "!", "?", ",", ";", ":"))
        and line[:1].isupper()
        and not dateline_date(line)
        and sum(w[:1].isupper() for w in words) * 2 > len(words)
    )


def _above_title(lines: list[str], number: int) -> bool:
    """Whether line `number` opens, or is within, a block of a few short lines at the top that is page
    furniture: a label, the issuer, a release note ("PRESS RELEASE" / "Humanitas Medical Relief (HMR)" /
    "For immediate release", then a blank line and the headline), or a label right above the headline
    ("IN BRIEF | IRAQ" / "Three soldiers killed in Kirkuk ambush; ...")."""
    start = number - 1
    while start > 0 and lines[start - 1].strip():
        start -= 1
    block = []
    for line in lines[start:]:
        if not line.strip():
            break
        block.append(line.strip())
    if not 2 <= len(block) <= _ABOVE_TITLE + 1:
        return False
    *above, last = block
    if not all(_short_furniture(line) for line in above):
        return False
    if len(last.split()) >= _HEADLINE_WORDS and not last.endswith("."):
        return number - 1 < start + len(above)  # the block's last line is the headline: the lines above it go
    if not _short_furniture(last):
        return False
    after = start + len(block)  # the blank line below the block; then the headline
    following = next((n for n in range(after, len(lines)) if lines[n].strip()), None)
    return following is not None and _is_title(lines[following].strip(), lines, following + 1)


def _short_furniture(line: str) -> bool:
    """A line of a block above the headline: a few words, no sentence, no byline or date line."""
    return (
        len(line.split()) <= _ABOVE_TITLE_WORDS
        and not line.endswith((".", ",", ";", ":"))
        and not (_dated_line(line) or _BY_LINE.match(line))
    )


def _next_is_title(lines: list[str], number: int) -> bool:
    following = next((n for n in range(number, len(lines)) if lines[n].strip()), None)
    return following is not None and _is_title(lines[following].strip(), lines, following + 1)


def dateline_date(text: str) -> date | None:
    """ "CAIRO, March 3, 2026 (Xinhua) --": the full date a report's dateline gives, for a report that
    came without a publication date (its relative dates, "on Tuesday", count from it)."""
    found = _DATELINE_DATE.match(text)
    return parse_date_line(found.group(1)) if found else None


def _byline(stripped: str) -> tuple[bool, date | None]:
    """Whether a line between the title and the text names the author or the publisher, and the date it
    gives, if any (the publication date of a report that has none)."""
    if _BY_LINE.match(stripped) or _NAME_ALONE.match(stripped):
        return True, None
    when = _dated_line(stripped)  # "Published 14 September 2025", "Updated: 3 May 2026 10:15"
    if when is None and not stripped.endswith(":"):  # ("Tripoli, 21 May 2026:" opens the text)
        found = _NAME_AND_DATE.match(stripped)
        when = parse_date_line(found.group(1)) if found else None
    return when is not None, when


def _dated_line(line: str) -> date | None:
    """The date of a "Published 14 September 2025" line, else None."""
    found = _DATED_LINE.match(line)
    return parse_date_line(found.group(1)) if found else None


def _is_credit(stripped: str) -> bool:
    """A wire story's credit line (see `_CREDIT_LINE`)."""
    if _CREDIT_LINE.match(stripped):
        return True
    bare = _BARE_CREDIT.match(stripped)
    if not bare:
        return False
    words = re.split(r"[\s;,]+", bare.group(1))
    return all(w[:1].isupper() or w.lower() in _CREDIT_WORDS for w in words if w)


def _is_title(stripped: str, lines: list[str], number: int) -> bool:
    """A short line without a closing full stop, followed by a blank line, another copy of itself, or a line
    that dates the report ("Published 14 September 2025"); not a dateline on a line of its own
    ("Misrata, 21 August 2025 (LANA) –"), which opens the text."""
    if len(stripped.split()) > 25 or stripped.endswith((".", ":", ";", ",")) or dateline_date(stripped):
        return False
    rest = [ln.strip() for ln in lines[number:] if ln.strip()]
    if not rest:
        return False
    following = lines[number].strip() if number < len(lines) else ""
    return following == "" or _same(rest[0], stripped) or _dated_line(following) is not None
