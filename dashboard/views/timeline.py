"""The timeline: events per day, week or month by actor, with an interval brush that sets the date range.

Colours match the map's legend (same actors, same palette). Dates travel as 'YYYY-MM-DD' strings on a
UTC scale, so the brush reads back as the same calendar days wherever the browser is.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta

import altair as alt
import pandas as pd

from dashboard.filters import actor_lists, column
from dashboard.views.map import OTHER_COLOUR, PALETTE

BINS = ("day", "week", "month")
DRAWN_PRECISIONS = ("day", "week", "month", "none")  # 'none': the sentence has no date, the report's is used
OTHERS = "other actors"
NOBODY = "no actor named"
BRUSH = "brush"


def drawable(events: pd.DataFrame) -> pd.Series:
    """True for events the timeline can draw: dated to a month or finer. A year or a decade
    ('the 1980s') is no point on a timeline of days; those stay on the map and in the table."""
    precision = column(events, "date_precision").fillna("none").astype(str)
    return column(events, "event_date").notna() & precision.isin(DRAWN_PRECISIONS)


def pick_bin(events: pd.DataFrame) -> str:
    """Days for up to four months of events, weeks for up to three years, months beyond."""
    dates = pd.to_datetime(column(events, "event_date")[drawable(events)], errors="coerce").dropna()
    if dates.empty:
        return "day"
    span = (dates.max() - dates.min()).days
    return "day" if span <= 120 else "week" if span <= 3 * 366 else "month"


def _bin_start(dates: pd.Series, bin: str) -> pd.Series:
    if bin == "week":
        return dates - pd.to_timedelta(dates.dt.day_of_week, unit="D")
    if bin == "month":
        return dates.dt.to_period("M").dt.start_time
    return dates


def _bin_end(starts: pd.Series, bin: str) -> pd.Series:
    if bin == "week":
        return starts + pd.Timedelta(days=7)
    if bin == "month":
        return starts + pd.offsets.MonthBegin(1)
    return starts + pd.Timedelta(days=1)


def timeline_data(events: pd.DataFrame, legend: list[str], bin: str = "day") -> pd.DataFrame:
    """Rows of (start, end, actor, events, bottom, top): an event with several actors counts once for each.

    Only `drawable` events count. Actors outside `legend` are grouped as 'other actors';
    `start`/`end` are 'YYYY-MM-DD' strings; `bottom`/`top` stack the actors of a bin in legend order.
    """
    dates = pd.to_datetime(column(events, "event_date"), errors="coerce")
    dated = dates.notna() & drawable(events)
    if not dated.any():
        return pd.DataFrame(columns=["start", "end", "actor", "events", "bottom", "top"])
    frame = pd.DataFrame({"date": dates[dated], "actors": actor_lists(events)[dated]})
    frame["actors"] = frame["actors"].map(lambda names: names or [NOBODY])
    exploded = frame.explode("actors")
    known = set(legend)
    exploded["actor"] = exploded["actors"].where(exploded["actors"].isin(known | {NOBODY}), OTHERS)
    exploded["start"] = _bin_start(exploded["date"], bin)
    counts = exploded.groupby(["start", "actor"]).size().reset_index(name="events")
    counts["end"] = _bin_end(counts["start"], bin)
    for name in ("start", "end"):
        counts[name] = counts[name].dt.strftime("%Y-%m-%d")
    order = {name: i for i, name in enumerate([*legend, OTHERS, NOBODY])}
    counts = counts.assign(_order=counts["actor"].map(order)).sort_values(["start", "_order"], kind="stable")
    counts["top"] = counts.groupby("start")["events"].cumsum()
    counts["bottom"] = counts["top"] - counts["events"]
    return counts[["start", "end", "actor", "events", "bottom", "top"]].reset_index(drop=True)


def timeline_chart(
    events: pd.DataFrame,
    legend: list[str],
    bin: str = "day",
    selected: tuple[date, date] | None = None,
) -> alt.Chart:
    """Stacked bars per bin and actor; dragging across it selects an interval (the `brush` parameter).

    `selected` is the date range in force, drawn as the brush so that the chart shows where it is.
    """
    data = timeline_data(events, legend, bin)
    domain = [*legend, OTHERS, NOBODY]
    colours = [*PALETTE[: len(legend)], OTHER_COLOUR, "#c7c7c7"]
    if selected:
        lo, hi = selected  # the brush covers whole days: up to the end of `hi`
        brush = alt.selection_interval(name=BRUSH, encodings=["x"], value={"x": [_ms(lo), _ms(hi + timedelta(days=1))]})
    else:
        brush = alt.selection_interval(name=BRUSH, encodings=["x"])
    return (
        alt.Chart(data)
        .mark_rect(stroke="white", strokeWidth=0.5)
        .encode(
            x=alt.X(
                "start:T",
                title=f"event date (per {bin})",
                scale=alt.Scale(type="utc", domain=_domain(data, bin)),
                axis=alt.Axis(format="%Y-%m-%d", labelOverlap=True, tickMinStep=86_400_000),
            ),
            x2="end:T",
            y=alt.Y("bottom:Q", title="events per actor"),
            y2="top:Q",
            color=alt.Color(
                "actor:N",
                scale=alt.Scale(domain=domain, range=colours),
                legend=alt.Legend(
                    title="actor", orient="right", labelLimit=160, labelFontSize=11, symbolSize=60, rowPadding=1
                ),
            ),
            tooltip=[
                alt.Tooltip("start:N", title=f"{bin} from"),
                alt.Tooltip("actor:N"),
                alt.Tooltip("events:Q"),
            ],
        )
        .add_params(brush)
        .properties(height=260)
    )


def _domain(data: pd.DataFrame, bin: str) -> list[int] | alt.UndefinedType:
    """The dates shown (ms since the epoch): the data's, with room either side so one day stays readable."""
    if data.empty:
        return alt.Undefined
    pad = {"day": 3, "week": 14, "month": 45}[bin]
    lo = date.fromisoformat(data["start"].min()) - timedelta(days=pad)
    hi = date.fromisoformat(data["end"].max()) + timedelta(days=pad)
    return [_ms(lo), _ms(hi)]


def _ms(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp() * 1000)


def brush_dates(selection: Mapping | None) -> tuple[date, date] | None:
    """The calendar days a timeline brush covers, from Streamlit's selection state; None when cleared."""
    if not selection:
        return None
    brush = selection.get(BRUSH) if isinstance(selection, Mapping) else None
    if not brush:
        return None
    values = next(iter(brush.values()), None) if isinstance(brush, Mapping) else None
    if not isinstance(values, (list, tuple)) or len(values) != 2:
        return None
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        low, high = sorted(float(v) for v in values)
        values = [low, max(low, high - 1)]  # a brush ending at midnight ends the day before
    days = [_as_day(v) for v in values]
    if None in days:
        return None
    lo, hi = sorted(days)  # type: ignore[type-var]
    return lo, hi


def brush_cleared(selection: Mapping | None) -> bool:
    """True when the analyst cleared the brush (a click on the chart), not when Vega sent something odd."""
    if not selection or not isinstance(selection, Mapping):
        return True
    brush = selection.get(BRUSH)
    return not brush or (isinstance(brush, Mapping) and not any(brush.values()))


def _as_day(value: object) -> date | None:
    """A brush end as a UTC calendar day: Vega sends milliseconds since the epoch (or, rarely, a date text)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        try:
            return (datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=float(value))).date()
        except (OverflowError, ValueError):
            return None
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
        except ValueError:
            return None
    return None
