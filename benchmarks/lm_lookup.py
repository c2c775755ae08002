"""Could batched n-gram look-ups make the rare-collocations rule cheaper? (issue 14; the answer
measured here is no, so nothing of this is used by the rules.)

    python benchmarks/lm_lookup.py CORPUS.jsonl [--articles 100] [--random 20000]

It prints (1) whether :class:`TrieModel` below gives exactly pocketsphinx's integer score for
every n-gram of the corpus texts and for random (mostly unseen, back-off) ones; (2) the CPU cost
per query of pocketsphinx's ``NGramModel.prob`` and of one vectorised batch; (3) how many
queries the rule makes per article, and their CPU time inside pocketsphinx when replayed alone,
against the rule's own CPU time per article.

:class:`TrieModel` reads the default model straight from pocketsphinx's binary trie file
(``en-us.lm.bin``, the "Trie Language Model" format of pocketsphinx's ``lm_trie.c``): it
memory-maps the file and answers a batch of ``(word, previous word, the one before)`` queries
with numpy (a vectorised binary search over the bit-packed trie, then the same float32 sums and
the same truncation to integer log-base-1.0001 scores as ``lm_trie_score`` and
``ngram_model_trie_raw_score``). Nothing is copied or shipped.
"""

from __future__ import annotations

import math
from pathlib import Path
import argparse
import json
import random
import re
import statistics
import sys
import time
from typing import Iterable, Sequence

import numpy as np

HEADER = b"Trie Language Model"
# pocketsphinx's quantiser: 16-bit probabilities and back-offs (lm_trie_quant.c)
_QBITS = 16
_QMASK = (1 << _QBITS) - 1
# log10 value reported for a word the model does not know (= lm.UNKNOWN)
UNKNOWN = -99.0
# pocketsphinx's integer scores are log base 1.0001 (lm.py converts the same way)
PS_TO_LOG10 = math.log10(1.0001)

_UNIGRAM = np.dtype([("prob", "<f4"), ("bo", "<f4"), ("next", "<u4")])


def _bits(max_value: int) -> int:
    """bitarr_required_bits: bits needed for integers up to ``max_value``."""
    return int(max_value).bit_length()


class TrieFormatError(ValueError):
    pass


class TrieModel:
    """A 3-gram pocketsphinx trie binary, queried in vectorised batches (see the module doc)."""

    order = 3

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        buf = np.memmap(self.path, dtype=np.uint8, mode="r")
        if bytes(buf[:len(HEADER)]) != HEADER:
            raise TrieFormatError(f"{self.path}: not a pocketsphinx trie binary")
        off = len(HEADER)
        order = int(buf[off])
        if order != 3:
            raise TrieFormatError(f"{self.path}: order {order}, only 3-gram tries are read")
        counts = [int(c) for c in np.frombuffer(buf, "<u4", order, off + 1)]
        off += 1 + 4 * order + 4  # counts, then an unused int (the old quantisation type)
        n_quant = (order - 2) * 2 * (1 << _QBITS) + (1 << _QBITS)
        quant = np.frombuffer(buf, "<f4", n_quant, off)
        off += 4 * n_quant
        # bigram tables: probabilities, then back-offs; then the trigram probabilities
        self._mid_prob = quant[:1 << _QBITS]
        self._mid_bo = quant[1 << _QBITS:2 << _QBITS]
        self._long_prob = quant[2 << _QBITS:3 << _QBITS]
        n_uni = counts[0]
        uni = np.frombuffer(buf, _UNIGRAM, n_uni + 1, off)
        off += _UNIGRAM.itemsize * (n_uni + 1)
        self._uni_prob = np.ascontiguousarray(uni["prob"])
        self._uni_bo = np.ascontiguousarray(uni["bo"])
        self._uni_next = uni["next"].astype(np.int64)
        word_bits = _bits(n_uni)
        self._word_mask = (1 << word_bits) - 1
        self._next_bits = _bits(counts[2])
        self._next_mask = (1 << self._next_bits) - 1
        self._word_bits = word_bits
        self._mid_total = word_bits + 2 * _QBITS + self._next_bits
        self._long_total = word_bits + _QBITS
        mid_size = ((1 + counts[1]) * self._mid_total + 7) // 8 + 8
        long_size = ((1 + counts[2]) * self._long_total + 7) // 8 + 8
        self._mid = self._u32_at(buf, off, mid_size)
        off += mid_size
        self._long = self._u32_at(buf, off, long_size)
        off += long_size
        k = int(np.frombuffer(buf, "<u4", 1, off)[0])
        off += 4
        if off + k != len(buf):
            raise TrieFormatError(f"{self.path}: size does not match its header")
        self.vocab: dict[str, int] = {}
        for i, w in enumerate(bytes(buf[off:off + k]).split(b"\0")[:n_uni]):
            try:
                s = w.decode("utf-8")
            except UnicodeDecodeError:  # pocketsphinx looks up UTF-8: such a word is unreachable
                continue
            self.vocab.setdefault(s, i)  # a duplicate: pocketsphinx's hash keeps the first
        # pocketsphinx maps unknown words to <UNK> when the model has it
        self._unk = self.vocab.get("<UNK>", -1)
        self._buf = buf
        self._unigram: dict[str, float] = {}

    @staticmethod
    def _u32_at(buf, off: int, size: int) -> np.ndarray:
        """A little-endian uint32 read at every byte offset of ``buf[off:off + size]``
        (overlapping, unaligned: bitarr_read_int25 reads 4 bytes at the field's byte)."""
        return np.ndarray(shape=(size - 3,), dtype="<u4", buffer=buf, offset=off, strides=(1,))

    # -- vectorised trie search ---------------------------------------------------------

    def _find(self, table: np.ndarray, total_bits: int, lo: np.ndarray, hi: np.ndarray,
              key: np.ndarray) -> np.ndarray:
        """Index of ``key`` among the word fields of entries ``lo[i]..hi[i]-1`` (sorted within
        each range, as the trie stores them), or -1."""
        lo = lo.copy()
        hi = hi.copy()
        end = hi.copy()
        mask = self._word_mask
        act = np.nonzero(lo < hi)[0]
        while act.size:
            l, h = lo[act], hi[act]
            mid = (l + h) >> 1
            bit = mid * total_bits
            v = (table[bit >> 3] >> (bit & 7).astype(np.uint32)) & mask
            less = v < key[act]
            l = np.where(less, mid + 1, l)
            h = np.where(less, h, mid)
            lo[act] = l
            hi[act] = h
            act = act[l < h]
        out = np.full(lo.shape, -1, dtype=np.int64)
        cand = np.nonzero(lo < end)[0]
        if cand.size:
            bit = lo[cand] * total_bits
            v = (table[bit >> 3] >> (bit & 7).astype(np.uint32)) & mask
            hit = v == key[cand]
            out[cand[hit]] = lo[cand[hit]]
        return out

    def _field(self, table: np.ndarray, total_bits: int, idx: np.ndarray, at: int,
               mask: int) -> np.ndarray:
        bit = idx * total_bits + at
        return (table[bit >> 3] >> (bit & 7).astype(np.uint32)) & mask

    def _mid_find(self, w: np.ndarray, h: np.ndarray) -> np.ndarray:
        """Bigram entry "h w" (the node of ``h`` under unigram ``w``), or -1."""
        return self._find(self._mid, self._mid_total, self._uni_next[w], self._uni_next[w + 1], h)

    def raw_ids(self, w: np.ndarray, h0: np.ndarray, h1: np.ndarray) -> np.ndarray:
        """pocketsphinx's integer score of word ids ``w`` after ``h0`` (previous) and ``h1`` (the
        one before); -1 marks a missing word: ``w`` -1 gives the log-zero sentinel, a history
        is cut at its first -1 (ngram_model_trie_raw_score)."""
        n = w.size
        out = np.full(n, -536870912, dtype=np.int64)  # logmath zero: an unknown word
        known = w >= 0
        h1 = np.where(h0 >= 0, h1, -1)
        score = np.zeros(n, dtype=np.float32)
        # unigrams (no history)
        uni = known & (h0 < 0)
        score[uni] = self._uni_prob[w[uni]]
        # one history word: get_available_prob, then the unigram back-off of h0 if no bigram
        one = np.nonzero(known & (h0 >= 0) & (h1 < 0))[0]
        if one.size:
            ww, hh = w[one], h0[one]
            e = self._mid_find(ww, hh)
            found = e >= 0
            p = self._uni_prob[ww] + self._uni_bo[hh]  # float32, as the C sum
            if found.any():
                q = self._field(self._mid, self._mid_total, e[found], self._word_bits + _QBITS,
                                _QMASK)
                p[found] = self._mid_prob[q]
            score[one] = p
        # two history words: lm_trie_hist_score with update_backoff's cache values
        two = np.nonzero(known & (h1 >= 0))[0]
        if two.size:
            ww, a, b = w[two], h0[two], h1[two]
            bc0 = self._uni_bo[a]
            ctx = self._mid_find(a, b)  # the bigram "b a": its back-off, 0 if absent
            bc1 = np.zeros(two.size, dtype=np.float32)
            has = ctx >= 0
            if has.any():
                bc1[has] = self._mid_bo[self._field(self._mid, self._mid_total, ctx[has],
                                                    self._word_bits, _QMASK)]
            e = self._mid_find(ww, a)
            p = (self._uni_prob[ww] + bc0) + bc1
            f2 = np.nonzero(e >= 0)[0]
            if f2.size:
                e2 = e[f2]
                p2 = self._mid_prob[self._field(self._mid, self._mid_total, e2,
                                                self._word_bits + _QBITS, _QMASK)]
                nxt = self._word_bits + 2 * _QBITS
                lo = self._field(self._mid, self._mid_total, e2, nxt, self._next_mask)
                hi = self._field(self._mid, self._mid_total, e2 + 1, nxt, self._next_mask)
                t = self._find(self._long, self._long_total, lo.astype(np.int64),
                               hi.astype(np.int64), b[f2])
                p2 = p2 + bc1[f2]
                f3 = t >= 0
                if f3.any():
                    q = self._field(self._long, self._long_total, t[f3], self._word_bits, _QMASK)
                    p2[f3] = self._long_prob[q]
                p[f2] = p2
            score[two] = p
        out[known] = score[known].astype(np.int32)  # (int32) cast: truncation toward zero
        return out

    # -- word-level queries ---------------------------------------------------------------

    def ids(self, words: Iterable[str | None]) -> np.ndarray:
        get = self.vocab.get
        unk = self._unk
        return np.fromiter((-1 if x is None else get(x, unk) for x in words), dtype=np.int64)

    def raw_many(self, queries: Sequence[tuple]) -> np.ndarray:
        """Integer scores for ``(word, previous, before)`` triples (``None`` = no word)."""
        if not queries:
            return np.zeros(0, dtype=np.int64)
        w = self.ids(q[0] for q in queries)
        h0 = self.ids(q[1] for q in queries)
        h1 = self.ids(q[2] for q in queries)
        return self.raw_ids(w, h0, h1)

    def logprob_many(self, queries: Sequence[tuple]) -> list[float]:
        """log10 P for each ``(word, previous, before)`` triple: UNKNOWN for an unknown word,
        else the integer score times log10(1.0001) (the same float operations as lm.py)."""
        raw = self.raw_many(queries)
        vals = raw.astype(np.float64) * PS_TO_LOG10
        vals[raw <= -536870912] = UNKNOWN
        return vals.tolist()

    # -- the NGramModel protocol (one query at a time: correct, but use the batch forms) --

    def logprob(self, word: str, context: Sequence[str] = ()) -> float:
        if not context:
            return self.unigram(word)
        a = context[-1]
        b = context[-2] if len(context) >= 2 else None
        return self.logprob_many([(word, a, b)])[0]

    def logprobs(self, words: Sequence[str], context: Sequence[str] = ()) -> list[float]:
        if not context:
            return [self.unigram(w) for w in words]
        a = context[-1]
        b = context[-2] if len(context) >= 2 else None
        return self.logprob_many([(w, a, b) for w in words])

    def sequence(self, words: Sequence[str], context: Sequence[str] = ()) -> float:
        a = context[-1] if context else None
        b = context[-2] if len(context) >= 2 else None
        qs = []
        for w in words:
            qs.append((w, a, b))
            a, b = w, a
        total = 0.0
        for (w, a, _), v in zip(qs, self.logprob_many(qs)):
            total += self.unigram(w) if a is None else v
        return total

    def unigram(self, word: str) -> float:
        v = self._unigram.get(word)
        if v is None:
            i = self.vocab.get(word, self._unk)
            raw = -536870912 if i < 0 else int(self._uni_prob[i])
            v = UNKNOWN if raw <= -536870912 else raw * PS_TO_LOG10
            if len(self._unigram) < 200_000:
                self._unigram[word] = v
        return v

    def in_vocab(self, word: str) -> bool:
        return self.unigram(word) > UNKNOWN


# -- the measurement ----------------------------------------------------------------------

def _ps_raw(prob, q: tuple) -> int:
    w, a, b = q
    return prob([w]) if a is None else prob([w, a] if b is None else [w, a, b])


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", help="JSON Lines with a text field (development records only)")
    ap.add_argument("--articles", type=int, default=100)
    ap.add_argument("--random", type=int, default=20000, help="random word triples")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from speed import load_texts

    from mtcheck.input.setaside import prose_document
    from mtcheck.rules.collocations import RareCollocations
    from mtcheck.rules.lm import load_model

    texts = load_texts(Path(args.corpus), args.articles, 400)
    ps = load_model()
    trie = TrieModel(ps.path)
    prob = ps._prob
    # (1) equality on the texts' own n-grams and on random triples
    toks = [w.lower() for t in texts for w in re.findall(r"[A-Za-z']+", t)]
    qs = []
    for i in range(2, len(toks)):
        qs += [(toks[i], toks[i - 1], toks[i - 2]), (toks[i], toks[i - 1], None), (toks[i], None, None)]
    rng = random.Random(14)
    words = list(trie.vocab)
    for _ in range(args.random):
        qs.append((rng.choice(words), rng.choice(words), rng.choice(words)))
        qs.append((toks[rng.randrange(len(toks))], rng.choice(words), toks[rng.randrange(len(toks))]))
    qs += [("qzxv", "the", "of"), ("the", "qzxv", "of"), ("the", "of", "qzxv")]
    t0 = time.process_time()
    ref = np.array([_ps_raw(prob, q) for q in qs])
    t1 = time.process_time()
    got = trie.raw_many(qs)
    t2 = time.process_time()
    print(f"queries: {len(qs)}; scores differing from pocketsphinx: {int((ref != got).sum())}")
    print(f"CPU per query: pocketsphinx prob() {1e6 * (t1 - t0) / len(qs):.2f} µs, "
          f"trie batch {1e6 * (t2 - t1) / len(qs):.2f} µs")
    # (3) the rule's own queries, replayed alone
    rule = RareCollocations()
    docs = [prose_document(t) for t in texts]
    rule.run(docs[0])
    model = rule.tester.model
    log: list = []

    def recording(ws):
        log.append(ws)
        return prob(ws)

    per_article = []
    for d in docs:
        t0 = time.process_time()
        rule.run(d)
        per_article.append(time.process_time() - t0)
    model._prob = recording
    for d in docs:
        rule.run(d)
    model._prob = prob
    t0 = time.process_time()
    for ws in log:
        prob(ws)
    replay = time.process_time() - t0
    print(f"rule: {1000 * statistics.median(per_article):.2f} ms CPU per article (median), "
          f"{len(log) / len(docs):.0f} pocketsphinx queries per article (unigrams cached), "
          f"{1000 * replay / len(docs):.2f} ms of them inside pocketsphinx when replayed alone")


if __name__ == "__main__":
    main()
