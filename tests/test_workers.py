"""How articles are cut into chunks for the workers."""

from __future__ import annotations

from dashboard.model import Article
from dashboard.workers import chunked


def _articles(n: int, words: int = 10) -> list[Article]:
    return [Article(id=f"a{i}", text=" ".join(["word"] * words)) for i in range(n)]


def test_chunks_keep_every_article_once_in_order() -> None:
    articles = _articles(203)
    chunks = list(chunked(articles, 32, 12_000, total=203, workers=2))
    assert [a.id for chunk in chunks for a in chunk] == [a.id for a in articles]


def test_chunks_respect_the_article_and_word_limits() -> None:
    assert {len(c) for c in chunked(_articles(100), 32, 12_000)} == {32, 4}
    assert max(len(c) for c in chunked(_articles(40, words=1_000), 32, 3_000)) == 3


def test_chunks_shrink_towards_the_end_so_the_workers_finish_together() -> None:
    sizes = [len(c) for c in chunked(_articles(400), 32, 12_000, total=400, workers=2)]
    assert sizes[0] == 32
    assert sizes[-1] == 1  # the last pieces are small
    assert sizes == sorted(sizes, reverse=True)
    left = 400
    for size in sizes:  # each chunk at most a (2 x workers)-th of what is left, once that is below the cap
        assert size <= max(1, min(32, left // 4))
        left -= size


def test_one_worker_keeps_full_chunks() -> None:
    assert [len(c) for c in chunked(_articles(70), 32, 12_000, total=70, workers=1)] == [32, 32, 6]
