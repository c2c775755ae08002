"""Set-aside decisions: furniture, appeals and comment threads are bounded by structure."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from mtcheck.input.setaside import prose_document


def para(n: int, topic: str = "harbour") -> str:
    """An ordinary paragraph of about ``n`` words (written for the tests)."""
    sentence = f"The {topic} committee met again on Tuesday to discuss the repairs and the budget. "
    words = sentence.split()
    out = (words * (n // len(words) + 1))[:n]
    return " ".join(out).rstrip(".") + "."


ARTICLE = "\n\n".join(para(60, t) for t in ("harbour", "bridge", "school", "library"))


def aside(text: str) -> dict[str, int]:
    return prose_document(text).set_aside()


@pytest.mark.parametrize("cue", ["June 18, 2024 10:40 am", "Comments", "## Comments", "3 comments",
                                 "Leave a reply", "Notify of"])
def test_one_cue_line_sets_aside_only_itself(cue):
    for text in (cue + "\n\n" + ARTICLE, ARTICLE.replace("\n\n", "\n\n" + cue + "\n\n", 1)):
        assert sum(aside(text).values()) <= len(cue.split())


def thread(posts: int, words: int = 12) -> str:
    out = ["5 comments"]
    for k in range(posts):
        out += [f"Reader {k}", f"June {10 + k}, 2024 at 9:{10 + k} am", para(words, "comment")]
    return "\n\n".join(out)


def test_a_real_thread_after_the_article_is_set_aside():
    counts = aside(ARTICLE + "\n\n" + thread(4))
    assert counts.get("comments", 0) >= 4 * 12


def test_a_thread_needs_a_body_before_it():
    assert "comments" not in aside(thread(4) + "\n\n" + ARTICLE)


def test_long_posts_are_not_a_thread():
    # Stamps between article-length paragraphs: an article with dates, not a thread.
    text = ARTICLE + "\n\n" + thread(4, words=300)
    assert "comments" not in aside(text)


def test_thread_ends_with_its_last_post():
    text = ARTICLE + "\n\n" + thread(3) + "\n\n" + "\n\n".join(para(80, "museum") for _ in range(5))
    counts = aside(text)
    assert 0 < counts.get("comments", 0) < 3 * 20 + 10


APPEAL = ("If you value this site, please donate via PayPal or send a cheque to our PO Box; "
          "subscribe to the newsletter for more.")


def test_appeal_in_the_tail_is_set_aside():
    assert aside(ARTICLE + "\n\n" + APPEAL).get("boilerplate", 0) >= 15


def test_appeal_words_inside_the_article_are_prose():
    middle = ("The store also asked shoppers to contribute to a fund for the flood victims, and "
              "several charities said donations had doubled since the storm. " * 2).strip()
    text = ARTICLE.replace("\n\n", "\n\n" + middle + "\n\n", 1)
    assert aside(text).get("boilerplate", 0) == 0


def test_a_single_paragraph_with_appeal_words_is_prose():
    text = ("Friends donated their albums and a charitable store took donations; " + para(180)).strip()
    assert aside(text) == {}


def test_sprinkled_appeal_words_do_not_hide_the_article():
    paras = [p.replace("repairs", "repairs donate subscribe") for p in ARTICLE.split("\n\n")]
    assert aside("\n\n".join(paras)).get("boilerplate", 0) == 0


def test_long_furniture_lookalike_is_prose():
    text = ARTICLE + "\n\nPhoto: " + para(80, "photo")
    assert aside(text).get("boilerplate", 0) == 0


# -- the development corpora: human prose is hardly ever set aside --------------------------------

# ../shared/data beside the repository (MTCHECK_SHARED_DATA names another place, e.g. for a
# checkout elsewhere).
DATA = Path(os.environ.get("MTCHECK_SHARED_DATA")
            or Path(__file__).resolve().parents[3].parent / "shared" / "data")
HUMAN_FILES = ["dev/human.jsonl"] + [f"genres/human-{g}.jsonl" for g in (
    "encyclopedic", "fiction", "informal", "news", "nonnative", "science", "technical")]


@pytest.mark.parametrize("name", HUMAN_FILES)
def test_at_most_one_percent_of_human_prose_is_set_aside(name):
    path = DATA / name
    if not path.exists():
        pytest.skip(f"{path} not found (development data beside the repository)")
    total = aside_words = 0
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            if record.get("label", "human") != "human":
                continue
            doc = prose_document(record["text"])
            total += doc.word_count + sum(doc.set_aside().values())
            aside_words += sum(n for k, n in doc.set_aside().items()
                               if k in ("boilerplate", "comments", "byline"))
    assert total > 10_000
    assert aside_words / total <= 0.01, f"{name}: {aside_words} of {total} words set aside"
