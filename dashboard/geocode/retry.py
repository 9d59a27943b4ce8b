"""`activity-map geocode --retry`: try again the place mentions stored unresolved.

An online geocoder that failed (no network, rate limit, time-out) leaves its mention unresolved in
the store. Retrying re-reads each affected report from the store, resolves its mentions again in
their article's context (forgetting remembered misses, so the geocoder is really asked again) and
fills in the place of every event that now has one. Nothing else of the store changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dashboard.model import Article


@dataclass
class RetrySummary:
    tried: int = 0  # unresolved events looked at
    resolved: int = 0  # of which now have a place
    articles: int = 0

    @property
    def left(self) -> int:
        return self.tried - self.resolved

    def line(self) -> str:
        return (
            f"{self.resolved} of {self.tried} unresolved place mention(s) resolved "
            f"in {self.articles} report(s); {self.left} left (see `activity-map places --unresolved`)"
        )


def _article(row: dict) -> Article:
    published = date.fromisoformat(row["published"]) if row.get("published") else None
    return Article(
        id=row["id"],
        text=row["text"],
        title=row.get("title") or "",
        published=published,
        url=row.get("url") or "",
        source=row.get("source") or "",
        origin=row.get("origin") or "",
    )


def retry_unresolved(store, pipeline) -> RetrySummary:
    """Re-resolve the store's unresolved events with `pipeline` (its geocoders and cache)."""
    summary = RetrySummary()
    pipeline.resolver.cache.forget_misses()
    pending = store.unresolved_events()
    for article_id, group in pending.groupby("article_id", sort=True):
        row = store.article(str(article_id))
        if row is None:
            continue
        summary.articles += 1
        summary.tried += len(group)
        article = _article(row)
        processed = pipeline.process_doc(pipeline.nlp(article.text), article)
        places = {event.event_id: event.place for event in processed.events}
        for event_id in group["event_id"]:
            place = places.get(event_id)
            if place is not None:
                store.update_event_place(event_id, place)
                summary.resolved += 1
    pipeline.close()
    return summary
