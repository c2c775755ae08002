"""N-gram language-model backends for the rare-collocations family (MT3xx).

The rules talk to a language model only through :class:`NGramModel`: ``logprob(word, context)``
(log10 probability of ``word`` after the context words, oldest first) and ``in_vocab(word)``. The
default backend is the English 3-gram model that ships inside the ``pocketsphinx`` wheel
(``model/en-us/en-us.lm.bin``: 72k words, lower-case, numbers spelled out). A user can point the
rule at any other ARPA or binary (DMP/bin) n-gram model that pocketsphinx can read with the rule
setting ``lm_path``.

The text side of the contract lives here too: :func:`lm_word` and :func:`number_words` turn
document tokens into the words such a model expects (lower case, straight apostrophes, digits
spelled out).
"""

from __future__ import annotations

import functools
import math
import re
from pathlib import Path
from typing import Protocol, Sequence, runtime_checkable

from mtcheck.core.text import TEENS, TENS, UNITS

# Log10 probability the backends report for a word the model does not know.
UNKNOWN = -99.0
# pocketsphinx returns log base 1.0001 integers; this turns them into log10.
_PS_TO_LOG10 = math.log10(1.0001)
_PS_SENTINEL = -536870912


@runtime_checkable
class NGramModel(Protocol):
    """What the MT3xx rules need from a language model.

    ``logprob(word, context)``: log10 P(word | context), ``context`` the preceding words oldest
    first (a backend uses as many as its order allows; an empty context means the unigram).
    Unknown words return :data:`UNKNOWN` (or less). ``in_vocab(word)``: the model knows ``word``.
    Words are lower case with numbers spelled out; ``"<s>"`` marks a sentence start.
    """

    order: int

    def logprob(self, word: str, context: Sequence[str] = ()) -> float: ...

    def in_vocab(self, word: str) -> bool: ...


def next_logprobs(model: NGramModel, words: Sequence[str],
                  context: Sequence[str] = ()) -> list[float]:
    """log10 P(w | context) for each of ``words``; uses the backend's batch method if it has one."""
    batch = getattr(model, "logprobs", None)
    if batch is not None:
        return batch(words, context)
    return [model.logprob(w, context) for w in words]


def sequence_logprobs(model: NGramModel, words: Sequence[str],
                      contexts: Sequence[Sequence[str]]) -> list[float]:
    """:func:`sequence_logprob` of ``words`` after each of ``contexts``; uses the backend's
    ``sequences`` method if it has one."""
    batch = getattr(model, "sequences", None)
    if batch is not None:
        return batch(words, contexts)
    return [sequence_logprob(model, words, c) for c in contexts]


class PocketSphinxModel:
    """An ARPA or binary n-gram model read by pocketsphinx (query only: its ``write()`` crashes)."""

    def __init__(self, path: str | Path, order: int = 3) -> None:
        from pocketsphinx import NGramModel as _PS  # imported lazily: it loads a C extension

        self.path = str(path)
        self.order = order
        self._lm = _PS.readfile(self.path)
        self._prob = self._lm.prob
        self._unigram: dict[str, float] = {}

    def logprob(self, word: str, context: Sequence[str] = ()) -> float:
        if not context:
            return self.unigram(word)
        n = self.order - 1
        if len(context) > n:
            context = context[-n:]
        raw = self._prob([word, *reversed(context)])
        if raw <= _PS_SENTINEL:
            return UNKNOWN
        return raw * _PS_TO_LOG10

    def logprobs(self, words: Sequence[str], context: Sequence[str] = ()) -> list[float]:
        """Batch form of :meth:`logprob` for many words after the same context."""
        if not context:
            return [self.unigram(w) for w in words]
        n = self.order - 1
        rev = list(reversed(context[-n:] if len(context) > n else context))
        prob = self._prob
        scale = _PS_TO_LOG10
        if len(rev) == 2:
            a, b = rev
            raws = [prob([w, a, b]) for w in words]
        else:
            raws = [prob([w, *rev]) for w in words]
        return [UNKNOWN if raw <= _PS_SENTINEL else raw * scale for raw in raws]

    def sequence(self, words: Sequence[str], context: Sequence[str] = ()) -> float:
        """log10 P(words | context): the sum of :meth:`logprob` word by word, each word then
        joining the context (same values, added in the same order, as that loop)."""
        return sum(self.in_order(words, context))

    def in_order(self, words: Sequence[str], prefix: Sequence[str] = ()) -> list[float]:
        """``[self.logprob(w, (*prefix, *words before w)[-(order - 1):]) for w in words]``, the
        same values, with less work per word (the rare-collocations rule asks this for every
        word of every article)."""
        n = self.order - 1
        if n != 2:
            ctx = list(prefix)
            out = []
            for w in words:
                out.append(self.logprob(w, ctx[-n:]))
                ctx.append(w)
            return out
        prob = self._prob
        scale = _PS_TO_LOG10
        sentinel = _PS_SENTINEL
        unknown = UNKNOWN
        a = prefix[-1] if prefix else None
        b = prefix[-2] if len(prefix) >= 2 else None
        out = []
        for w in words:
            if a is None:
                out.append(self.unigram(w))
            else:
                raw = prob([w, a] if b is None else [w, a, b])
                out.append(unknown if raw <= sentinel else raw * scale)
            a, b = w, a
        return out

    def sequences(self, words: Sequence[str], contexts: Sequence[Sequence[str]]) -> list[float]:
        """``[self.sequence(words, c) for c in contexts]`` (same values, added in the same order)
        with one call: the rare-collocations rule scores each candidate's right neighbours
        (``words``) after its own context, and the per-call overhead was most of that cost."""
        if self.order != 3 or not words:
            return [self.sequence(words, c) for c in contexts]
        prob = self._prob
        scale = _PS_TO_LOG10
        sentinel = _PS_SENTINEL
        unknown = UNKNOWN
        first, rest = words[0], words[1:]
        out = []
        for context in contexts:
            a = context[-1] if context else None
            b = context[-2] if len(context) >= 2 else None
            if a is None:
                total = 0.0 + self.unigram(first)
            else:
                raw = prob([first, a] if b is None else [first, a, b])
                total = 0.0 + (unknown if raw <= sentinel else raw * scale)
            a, b = first, a
            for w in rest:
                raw = prob([w, a] if b is None else [w, a, b])
                total += unknown if raw <= sentinel else raw * scale
                a, b = w, a
            out.append(total)
        return out

    def unigram(self, word: str) -> float:
        v = self._unigram.get(word)
        if v is None:
            raw = self._prob([word])
            v = UNKNOWN if raw <= _PS_SENTINEL else raw * _PS_TO_LOG10
            if len(self._unigram) < 200_000:
                self._unigram[word] = v
        return v

    def in_vocab(self, word: str) -> bool:
        return self.unigram(word) > UNKNOWN


def default_model_path() -> Path:
    import pocketsphinx

    return Path(pocketsphinx.get_model_path()) / "en-us" / "en-us.lm.bin"


def load_model(path: str | None = None) -> NGramModel:
    """The model at ``path`` (ARPA or pocketsphinx binary), or the default English model.
    Loaded once per process per file: ``load_model()``, ``load_model(None)`` and the default
    file's own path share one copy (the rules ask in different ways; each copy of the default
    model costs ~40 ms to read and ~30 MB)."""
    p = Path(path).expanduser() if path else default_model_path()
    return _load_file(str(p))


@functools.lru_cache(maxsize=4)
def _load_file(path: str) -> NGramModel:
    if not Path(path).is_file():
        raise FileNotFoundError(f"language model not found: {path}")
    return PocketSphinxModel(path)


def sequence_logprob(model: NGramModel, words: Sequence[str], context: Sequence[str] = ()) -> float:
    """log10 P(words | context), word by word with the model's own context length; uses the
    backend's ``sequence`` method if it has one."""
    fast = getattr(model, "sequence", None)
    if fast is not None:
        return fast(words, context)
    seq = list(context)
    total = 0.0
    for w in words:
        total += model.logprob(w, seq)
        seq.append(w)
    return total


# -- numbers -> words ---------------------------------------------------------------------

_ONES = [*UNITS, *TEENS]
_TENS = ["_", "_", *TENS]
_ORD = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
        "nine": "ninth", "twelve": "twelfth"}
_PLURAL_TENS = {t: t[:-1] + "ies" for t in _TENS[2:]}
_NUMBER_RE = re.compile(r"^(\d+(?:[.,:]\d+)*)(s|st|nd|rd|th)?$")


def _below_1000(n: int) -> list[str]:
    out: list[str] = []
    if n >= 100:
        out += [_ONES[n // 100], "hundred"]
        n %= 100
        if n:
            out.append("and")
    if n >= 20:
        out.append(_TENS[n // 10])
        if n % 10:
            out.append(_ONES[n % 10])
    elif n or not out:
        out.append(_ONES[n])
    return out


def _cardinal(n: int) -> list[str]:
    if n < 1000:
        return _below_1000(n)
    out: list[str] = []
    for value, name in ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"),
                        (1000, "thousand")):
        if n >= value:
            out += _below_1000(n // value if n // value < 1000 else 999) + [name]
            n %= value
    if n:
        out += _below_1000(n)
    return out


def _year(n: int) -> list[str]:
    if 2000 <= n < 2010:
        return ["two", "thousand"] + (_below_1000(n - 2000) if n > 2000 else [])
    hi, lo = divmod(n, 100)
    if lo == 0:
        return _below_1000(hi) + ["hundred"]
    return _below_1000(hi) + (["oh"] + _ONES[lo:lo + 1] if lo < 10 else _below_1000(lo))


def _ordinal(words: list[str]) -> list[str]:
    last = words[-1]
    if last in _ORD:
        last = _ORD[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return words[:-1] + [last]


def number_words(token: str) -> list[str]:
    """Spell a number token the way a speech-style model has seen it: ``"1990s"`` ->
    ``["nineteen", "nineties"]``, ``"13th"`` -> ``["thirteenth"]``, ``"11,000"`` ->
    ``["eleven", "thousand"]``, ``"3.5"`` -> ``["three", "point", "five"]``. Unparseable -> []."""
    m = _NUMBER_RE.match(token.lower())
    if not m:
        return []
    body, suffix = m.groups()
    if "," in body and re.fullmatch(r"\d{1,3}(?:,\d{3})+", body):
        body = body.replace(",", "")
    if "." in body or ":" in body or "," in body:
        parts = re.split(r"([.,:])", body)
        out: list[str] = []
        for p in parts:
            if p == ".":
                out.append("point")
            elif p in ",:":
                continue
            elif p:
                out += _cardinal(int(p)) if len(p) < 16 else []
        return out
    if len(body) > 15:
        return []
    n = int(body)
    if suffix == "s":  # decades: 1990s, 90s
        words = _year(n) if 1100 <= n < 2100 else _cardinal(n)
        last = words[-1]
        words[-1] = _PLURAL_TENS.get(last, last + "s")
        return words
    if suffix in ("st", "nd", "rd", "th"):
        return _ordinal(_cardinal(n))
    if 1100 <= n < 2100 and len(body) == 4:
        return _year(n)
    return _cardinal(n)


_NUMBER_WORDS = frozenset(_ONES + _TENS[2:] + ["hundred", "thousand", "million", "billion",
                                               "trillion", "dozen"])


def is_number_word(word: str) -> bool:
    """"twenty-four", "eleven", "hundred": spelled-out numbers are never replaced."""
    return all(part in _NUMBER_WORDS for part in word.split("-"))


_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})


def lm_word(text: str) -> str:
    """A word token as the model spells it (lower case, straight apostrophes)."""
    return text.translate(_APOSTROPHES).lower()
