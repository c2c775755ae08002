"""Candidate translationese measures for English text (research code for issue 9).

``features(text)`` is a pure function of the text: it returns document-level measurements
(function-word, punctuation, lexical-diversity, sentence-length, LM-surprisal, word-frequency,
pronoun, repetition and interference profiles) as ``{name: float}``. ``sentences(text)`` gives
the sentence spans (character offsets) with per-sentence measurements, so that a rule can point
at the sentences that carry the evidence.

Everything here keys on form, not on content words, except the features whose name starts with
``topic_`` (proper-name and number density), which are measured only to show how much of the
separation topic alone would give.

The language model is the English 3-gram model inside the pocketsphinx wheel (lower case,
numbers spelled out), reached through ``mtcheck.rules.lm``.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass

from mtcheck.rules.translationese import _mattr as mattr  # the rule's own measure

WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+(?:[.,:]\d+)*(?:s|st|nd|rd|th)?")
# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) before whitespace and
# an upper-case letter, digit or opening quote; a paragraph break always ends one.
_SENT_END = re.compile(r"(?<=[.!?…])[\"'”’»)\]]*\s+(?=[\"'“‘«(\[]?[A-Z0-9])")
_PARA_RE = re.compile(r"\n\s*\n|\n")

FUNCTION_WORDS = (
    "the a an of that which this these those it its is was were are be been and but or in on at "
    "to for with by from as also said not there will would can could has have had he she they we "
    "i you his her their our who what when where while however so such very all one more most "
    "only about after into over than then if"
).split()
_FW = frozenset(FUNCTION_WORDS)
_PRON1 = frozenset("i me my mine we us our ours myself ourselves".split())
_PRON2 = frozenset("you your yours yourself yourselves".split())
_PRON3 = frozenset("he him his she her hers they them their theirs it its".split())
_PREPS = frozenset("of in on at to for with by from about into over after before under between "
                   "through during against among within without towards toward upon".split())
_DETERMINERS = frozenset("the a an this that these those its his her their our my your some any "
                         "every each no".split())
_INITIAL_ADVERBIAL = frozenset("in on at according for with after during since as from by "
                               "under at meanwhile however therefore moreover furthermore "
                               "additionally also besides thus".split())
_CONTRACTION_RE = re.compile(r"[A-Za-z](?:n['’]t|['’](?:re|ve|ll|m|d))\b", re.I)
_NOMINAL_RE = re.compile(r"(?:tion|sion|ment|ness|ity|ance|ence)s?$")


@dataclass
class Sentence:
    start: int
    end: int
    words: list[str]  # lower-cased word tokens
    raw: list[str]  # tokens as written
    offsets: list[int]  # start offset of each token in the text


@functools.lru_cache(maxsize=1)
def _lm():
    try:
        from mtcheck.rules.lm import load_model  # current layout
    except ImportError:  # pragma: no cover - layout after the restructure
        from mtcheck.rules.lm import load_model  # type: ignore
    return load_model()


@functools.lru_cache(maxsize=1)
def _number_words():
    from mtcheck.rules.lm import number_words
    return number_words


@functools.lru_cache(maxsize=200_000)
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency
    return zipf_frequency(word, "en")


def split_sentences(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    pos = 0
    for para in _PARA_RE.split(text):
        pstart = text.find(para, pos) if para else pos
        pos = pstart + len(para)
        if not para.strip():
            continue
        s = 0
        cuts = [m.end() for m in _SENT_END.finditer(para)] + [len(para)]
        for c in cuts:
            chunk = para[s:c]
            toks = [(m.group(), m.start() + pstart + s) for m in WORD_RE.finditer(chunk)]
            if toks:
                lead = len(chunk) - len(chunk.lstrip())
                tail = len(chunk.rstrip())
                out.append(Sentence(pstart + s + lead, pstart + s + tail,
                                    [t.lower().replace("’", "'") for t, _ in toks],
                                    [t for t, _ in toks], [o for _, o in toks]))
            s = c
    return out


def _lm_tokens(words: list[str]) -> list[tuple[int, str]]:
    """(token index, LM word) pairs: digits spelled out (each spelled word points back at its
    token), possessive/contraction pieces kept as the model spells them."""
    spell = _number_words()
    out: list[tuple[int, str]] = []
    for i, w in enumerate(words):
        if w[0].isdigit():
            for p in spell(w) or ["<unk>"]:
                out.append((i, p))
        else:
            out.append((i, w))
    return out


def sentence_logprobs(words: list[str]) -> list[float]:
    """log10 P(word | two previous words) per token (the mean over a number's spelled words),
    with the sentence start as context. Unknown words are None-free: they get -7.0 (capped)."""
    lm = _lm()
    ctx = ["<s>"]
    per_tok: dict[int, list[float]] = {}
    for i, w in _lm_tokens(words):
        lp = lm.logprob(w, ctx[-2:])
        if lp <= -98:
            lp = -7.0
        per_tok.setdefault(i, []).append(max(lp, -7.0))
        ctx.append(w)
    return [sum(v) / len(v) for _, v in sorted(per_tok.items())]


def _mean(xs):
    return sum(xs) / len(xs) if xs else 0.0


def _sd(xs):
    if len(xs) < 2:
        return 0.0
    m = _mean(xs)
    return math.sqrt(sum((x - m) ** 2 for x in xs) / (len(xs) - 1))


def _quantile(xs, q):
    if not xs:
        return 0.0
    s = sorted(xs)
    k = (len(s) - 1) * q
    lo = int(k)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def _ttr_windows(words: list[str], size: int, step: int) -> list[float]:
    if len(words) < size:
        return [len(set(words)) / len(words)] if words else []
    return [len(set(words[i:i + size])) / size for i in range(0, len(words) - size + 1, step)]


def features(text: str) -> dict[str, float]:
    sents = split_sentences(text)
    words = [w for s in sents for w in s.words]
    alpha = [w for w in words if w[0].isalpha()]
    n = max(len(words), 1)
    na = max(len(alpha), 1)
    f: dict[str, float] = {"n_words": float(len(words)), "n_sentences": float(len(sents))}

    # -- function words ---------------------------------------------------------------------
    counts: dict[str, int] = {}
    for w in alpha:
        counts[w] = counts.get(w, 0) + 1
    for fw in FUNCTION_WORDS:
        f[f"fw_{fw}"] = counts.get(fw, 0) / na
    f["fw_share"] = sum(counts.get(fw, 0) for fw in _FW) / na
    f["prep_share"] = sum(c for w, c in counts.items() if w in _PREPS) / na
    f["det_share"] = sum(c for w, c in counts.items() if w in _DETERMINERS) / na
    f["pron1"] = sum(c for w, c in counts.items() if w in _PRON1) / na
    f["pron2"] = sum(c for w, c in counts.items() if w in _PRON2) / na
    f["pron3"] = sum(c for w, c in counts.items() if w in _PRON3) / na
    f["the_over_a"] = (counts.get("the", 0) + 1) / (counts.get("a", 0) + counts.get("an", 0) + 1)
    f["that_over_which"] = (counts.get("that", 0) + 1) / (counts.get("which", 0) + 1)

    # -- bigram patterns on function words (interference) ------------------------------------
    bigrams: dict[tuple[str, str], int] = {}
    for s in sents:
        for a, b in zip(s.words, s.words[1:]):
            bigrams[(a, b)] = bigrams.get((a, b), 0) + 1
    for a, b in [("of", "the"), ("in", "the"), ("to", "the"), ("on", "the"), ("at", "the"),
                 ("it", "is"), ("there", "is"), ("there", "are"), ("according", "to"),
                 ("in", "order"), ("as", "well"), ("at", "the"), ("the", "same"),
                 ("such", "as"), ("in", "addition"), ("is", "also"), ("was", "also"),
                 ("also", "said"), ("said", "that"), ("so", "that"), ("that", "the")]:
        f[f"bg_{a}_{b}"] = bigrams.get((a, b), 0) / na

    # "the" immediately before a capitalised word not at sentence start (the Kremlin, the Diet)
    the_cap = cap_mid = 0
    init_adv = init_the = init_and_but = init_pron = 0
    for s in sents:
        for i in range(1, len(s.raw)):
            t = s.raw[i]
            if t[0].isupper():
                cap_mid += 1
                if s.words[i - 1] == "the":
                    the_cap += 1
        w0 = s.words[0]
        init_adv += w0 in _INITIAL_ADVERBIAL
        init_the += w0 == "the"
        init_and_but += w0 in ("and", "but", "so", "or")
        init_pron += w0 in _PRON1 or w0 in _PRON2 or w0 in _PRON3
    ns = max(len(sents), 1)
    f["the_before_name"] = the_cap / na
    f["the_share_of_names"] = the_cap / max(cap_mid, 1)
    f["topic_cap_mid_share"] = cap_mid / na
    f["sent_init_adverbial"] = init_adv / ns
    f["sent_init_the"] = init_the / ns
    f["sent_init_and_but"] = init_and_but / ns
    f["sent_init_pronoun"] = init_pron / ns
    f["topic_digits_share"] = sum(1 for w in words if w[0].isdigit()) / n

    # -- punctuation ----------------------------------------------------------------------
    for name, pat in [("comma", ","), ("semicolon", ";"), ("colon", ":"), ("question", "?"),
                      ("exclaim", "!"), ("paren", "("), ("bracket", "[")]:
        f[f"p_{name}"] = text.count(pat) / n
    f["p_dash"] = (text.count("—") + text.count("–") + len(re.findall(r" - ", text))) / n
    f["p_quote"] = sum(text.count(c) for c in "\"“”«»") / n
    f["p_curly_share"] = (sum(text.count(c) for c in "“”") + 1) / (sum(text.count(c) for c in "\"“”") + 2)
    f["p_hyphen_word"] = len(re.findall(r"\w-\w", text)) / n
    f["p_ellipsis"] = (text.count("...") + text.count("…")) / n
    f["comma_per_sentence"] = text.count(",") / ns
    f["contractions"] = len(_CONTRACTION_RE.findall(text)) / na
    f["possessive_s"] = len(re.findall(r"\w['’]s\b", text)) / na

    # -- lexical diversity ------------------------------------------------------------------
    f["ttr200"] = len(set(alpha[:200])) / max(min(len(alpha), 200), 1)
    f["mattr50"] = mattr(alpha, 50)
    f["mattr100"] = mattr(alpha, 100)
    w50 = _ttr_windows(alpha, 50, 25)
    f["ttr50_sd"] = _sd(w50)
    f["ttr50_min"] = min(w50) if w50 else 0.0
    content = [w for w in alpha if w not in _FW and len(w) > 2]
    f["content_mattr50"] = mattr(content, 50)
    hapax = sum(1 for w in set(alpha[:200]) if alpha[:200].count(w) == 1)
    f["hapax200"] = hapax / max(min(len(alpha), 200), 1)
    f["word_len_mean"] = _mean([len(w) for w in alpha])
    f["word_len_sd"] = _sd([len(w) for w in alpha])
    f["nominal_share"] = sum(1 for w in alpha if len(w) > 5 and _NOMINAL_RE.search(w)) / na

    # repetition: content words repeated within the next 50 words; repeated word 3-grams
    rep = 0
    last: dict[str, int] = {}
    for i, w in enumerate(content):
        if w in last and i - last[w] <= 30:
            rep += 1
        last[w] = i
    f["content_repeat30"] = rep / max(len(content), 1)
    tri: dict[tuple, int] = {}
    for s in sents:
        for i in range(len(s.words) - 2):
            k = tuple(s.words[i:i + 3])
            tri[k] = tri.get(k, 0) + 1
    ntri = sum(tri.values())
    f["repeated_trigram_share"] = sum(c for c in tri.values() if c > 1) / max(ntri, 1)

    # -- sentence length --------------------------------------------------------------------
    lens = [len(s.words) for s in sents]
    f["sent_len_mean"] = _mean(lens)
    f["sent_len_sd"] = _sd(lens)
    f["sent_len_cv"] = _sd(lens) / max(_mean(lens), 1e-9)
    f["sent_len_median"] = _quantile(lens, 0.5)
    f["sent_short_share"] = sum(1 for x in lens if x < 8) / ns
    f["sent_long_share"] = sum(1 for x in lens if x > 35) / ns
    diffs = [abs(a - b) for a, b in zip(lens, lens[1:])]
    f["sent_len_absdiff"] = _mean(diffs) / max(_mean(lens), 1e-9)
    paras = [p for p in _PARA_RE.split(text) if p.strip()]
    f["para_words_mean"] = n / max(len(paras), 1)
    f["sent_per_para"] = ns / max(len(paras), 1)

    # -- word frequency ---------------------------------------------------------------------
    zl = [_zipf(w) for w in alpha]
    f["zipf_mean"] = _mean(zl)
    zc = [_zipf(w) for w in content]
    f["zipf_content_mean"] = _mean(zc)
    f["zipf_content_sd"] = _sd(zc)
    f["zipf_lt3_share"] = sum(1 for z in zl if z < 3) / na
    f["zipf_lt4_share"] = sum(1 for z in zl if z < 4) / na
    f["zipf_ge6_share"] = sum(1 for z in zl if z >= 6) / na
    lower_rare = sum(1 for s in sents for i, (w, r) in enumerate(zip(s.words, s.raw))
                     if r[0].islower() and r[0].isalpha() and _zipf(w) < 2.0)
    f["lower_rare_share"] = lower_rare / na
    caps_unknown = sum(1 for s in sents for i, (w, r) in enumerate(zip(s.words, s.raw))
                       if i > 0 and r[0].isupper() and _zipf(w) < 2.0)
    f["topic_translit_name_share"] = caps_unknown / na

    # -- LM surprisal -----------------------------------------------------------------------
    all_lp: list[float] = []
    sent_means: list[float] = []
    fw_lp: list[float] = []
    cw_lp: list[float] = []
    for s in sents:
        lps = sentence_logprobs(s.words)
        # names (capitalised, not sentence-initial) and numbers are topic: leave them out
        keep = [lp for i, (lp, r) in enumerate(zip(lps, s.raw))
                if r[0].isalpha() and not (i > 0 and r[0].isupper())]
        all_lp += keep
        for i, (lp, w, r) in enumerate(zip(lps, s.words, s.raw)):
            if not r[0].isalpha() or (i > 0 and r[0].isupper()):
                continue
            (fw_lp if w in _FW else cw_lp).append(lp)
        if len(keep) >= 4:
            sent_means.append(_mean(keep))
    f["lm_mean"] = _mean(all_lp)
    f["lm_sd"] = _sd(all_lp)
    f["lm_p10"] = _quantile(all_lp, 0.1)
    f["lm_p25"] = _quantile(all_lp, 0.25)
    f["lm_median"] = _quantile(all_lp, 0.5)
    f["lm_very_low_share"] = sum(1 for x in all_lp if x < -5) / max(len(all_lp), 1)
    f["lm_low_share"] = sum(1 for x in all_lp if x < -4) / max(len(all_lp), 1)
    f["lm_high_share"] = sum(1 for x in all_lp if x > -1.5) / max(len(all_lp), 1)
    f["lm_fw_mean"] = _mean(fw_lp)
    f["lm_cw_mean"] = _mean(cw_lp)
    f["lm_sent_sd"] = _sd(sent_means)
    f["lm_sent_range"] = (_quantile(sent_means, 0.9) - _quantile(sent_means, 0.1)) if sent_means else 0.0
    # burstiness of surprisal: lag-1 autocorrelation over tokens; sd of 20-token window means
    if len(all_lp) > 3:
        m = _mean(all_lp)
        num = sum((a - m) * (b - m) for a, b in zip(all_lp, all_lp[1:]))
        den = sum((a - m) ** 2 for a in all_lp) or 1.0
        f["lm_autocorr"] = num / den
    else:
        f["lm_autocorr"] = 0.0
    wins = [_mean(all_lp[i:i + 20]) for i in range(0, max(len(all_lp) - 19, 1), 10)]
    f["lm_win20_sd"] = _sd(wins)
    f["lm_burst"] = ((_sd(all_lp) - _mean([abs(x) for x in all_lp]))
                     / (_sd(all_lp) + _mean([abs(x) for x in all_lp]) or 1.0))
    return f


def names() -> list[str]:
    return list(features("The cat sat on the mat. It was, however, happy.").keys())


# -- function-word skeleton n-grams (a tagger-free stand-in for POS n-grams) -------------------

SKELETON_WORDS = frozenset(FUNCTION_WORDS + (
    "an am do does did done not no nor yet just still even because although though since until "
    "unless whether both either neither each every some any many much few little other another "
    "same own how why whom whose here now never always often already again ever him them me us "
    "mine yours ours theirs himself herself itself themselves myself ourselves should may might "
    "must shall being having up down out off under between through during without within against "
    "among before around across behind beyond per via like unlike well").split())
_SK_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+(?:[.,:]\d+)*\w*|[,;:()\"“”—–?!]")


def _sk_class(tok: str, initial: bool) -> str:
    if not tok[0].isalnum():
        return {"“": '"', "”": '"', "–": "—"}.get(tok, tok)
    if tok[0].isdigit():
        return "NUM"
    low = tok.lower().replace("’", "'")
    if low in SKELETON_WORDS:
        return low
    if tok[0].isupper() and not initial:
        return "NAME"
    if "'" in low:
        return "CLITIC"
    for suf, cls in (("ly", "ADV"), ("ing", "ING"), ("ed", "ED"), ("tion", "NOM"), ("tions", "NOM"),
                     ("ment", "NOM"), ("ness", "NOM"), ("ity", "NOM"), ("s", "S")):
        if low.endswith(suf) and len(low) > len(suf) + 2:
            return cls
    return "W"


def skeleton_counts(text: str) -> tuple[dict[str, int], int]:
    """Counts of skeleton bigrams and trigrams (content words replaced by a shape class, sentence
    start marked ``<s>``) and the number of tokens."""
    counts: dict[str, int] = {}
    total = 0
    for s in split_sentences(text):
        seq = ["<s>"]
        first = True
        for m in _SK_TOKEN.finditer(text, s.start, s.end):
            seq.append(_sk_class(m.group(), first))
            if m.group()[0].isalnum():
                first = False
        total += len(seq) - 1
        for i in range(1, len(seq)):
            k2 = seq[i - 1] + " " + seq[i]
            counts[k2] = counts.get(k2, 0) + 1
            if i >= 2:
                k3 = seq[i - 2] + " " + k2
                counts[k3] = counts.get(k3, 0) + 1
    return counts, total
