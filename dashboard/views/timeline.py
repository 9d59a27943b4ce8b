"""The timeline: events per day by actor, the busiest actors named and the rest grouped."""

from __future__ import annotations

import altair as alt
import pandas as pd

TOP_ACTORS = 8


def timeline_data(events: pd.DataFrame, top: int = TOP_ACTORS) -> pd.DataFrame:
    """Rows of (date, actor, events); an event with several actors counts once for each."""
    dated = events.dropna(subset=["event_date"])
    if dated.empty:
        return pd.DataFrame(columns=["date", "actor", "events"])
    exploded = dated[["event_date", "actors"]].explode("actors")
    exploded["actors"] = exploded["actors"].fillna("(no actor named)")
    busiest = exploded["actors"].value_counts().head(top).index
    exploded.loc[~exploded["actors"].isin(busiest), "actors"] = "other actors"
    counts = exploded.groupby(["event_date", "actors"]).size().reset_index(name="events")
    counts = counts.rename(columns={"event_date": "date", "actors": "actor"})
    counts["date"] = pd.to_datetime(counts["date"])
    return counts


def timeline_chart(events: pd.DataFrame) -> alt.Chart:
    data = timeline_data(events)
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("date:T", title="event date"),
            y=alt.Y("sum(events):Q", title="events (per actor)"),
            color=alt.Color("actor:N", legend=alt.Legend(title="actor", orient="bottom", columns=4)),
            tooltip=[alt.Tooltip("date:T"), "actor:N", "events:Q"],
        )
        .properties(height=220)
    )
