"""MT6xx translationese: English that reads like a translation (function-word, punctuation,
predictability and word-class-sequence profile), located at the passages that carry it.

A small logistic model (``data/translationese/model.json``, fitted by
``python -m tools.translationese.fit``) reads a profile of the article that does not look at
content words (so not at topic): rates of function words and punctuation, sentence openers,
lexical diversity, word frequency, the 3-gram LM predictability of the words (pocketsphinx model),
and the rates of "skeleton" n-grams (function words and punctuation kept, content words replaced
by a shape class such as NAME, NOM for -tion/-ment nouns, ING, ED, ADV, W).
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from mtcheck.core.document import Document, Span
from mtcheck.core.finding import Severity
from mtcheck.core.rule import Code, Rule, RuleOutput, flags, passes
from mtcheck.core.wordfreq import zipf_table

NAME = "translationese"
PROFILE_VERSION = 1  # bump when profile() changes what it counts (fit.py caches profiles by it)
DATA = Path(__file__).resolve().parent / "data" / NAME

MIN_WORDS = 150  # shorter texts get features but no finding
PASSAGE_WORDS = 40  # a located passage is the shortest run of whole sentences with this many words
MAX_PASSAGES = 2
MAX_SENTENCES = 5000  # the profile reads at most this many sentences (a bound for huge inputs)
UNLISTED_ZIPF = 2.5  # wordfreq's "small" list stops at Zipf 3
LM_FLOOR = -7.0  # log10 floor for one word (unknown words)

FUNCTION_WORDS = tuple((
    "the a an of that which this these those it its is was were are be been and but or in on at "
    "to for with by from as also said not there will would can could has have had he she they we "
    "i you his her their our who what when where while however so such very all one more most "
    "only about after into over than then if").split())
_FW = frozenset(FUNCTION_WORDS)
_PRON1 = frozenset("i me my mine we us our ours myself ourselves".split())
_PRON3 = frozenset("he him his she her hers they them their theirs it its".split())
_PREPS = frozenset("of in on at to for with by from about into over after before under between "
                   "through during against among within without towards toward upon".split())
_DETS = frozenset("the a an this that these those its his her their our my your some any every "
                  "each no".split())
_OPENERS = frozenset("in on at according for with after during since as from by under meanwhile "
                     "however therefore moreover furthermore additionally also besides thus".split())
_NOMINAL = ("tion", "sion", "ment", "ness", "ity", "ance", "ence")
# Words kept as themselves in skeleton n-grams; every other word becomes a shape class.
SKELETON_WORDS = _FW | frozenset((
    "an am do does did done not no nor yet just still even because although though since until "
    "unless whether both either neither each every some any many much few little other another "
    "same own how why whom whose here now never always often already again ever him them me us "
    "mine yours ours theirs himself herself itself themselves myself ourselves should may might "
    "must shall being having up down out off under between through during without within against "
    "among before around across behind beyond per via like unlike well").split())
_SK_PUNCT = {",": ",", ";": ";", ":": ":", "(": "(", ")": ")", '"': '"', "“": '"', "”": '"',
             "—": "—", "–": "—", "?": "?", "!": "!"}
_PUNCT_FEATURES = {",": "p_comma", ";": "p_semicolon", ":": "p_colon", "?": "p_question",
                   "!": "p_exclaim", "(": "p_paren", "—": "p_dash", "–": "p_dash",
                   '"': "p_quote", "“": "p_quote", "”": "p_quote"}


def _shape(low: str, raw: str, initial: bool) -> str:
    if low in SKELETON_WORDS:
        return low
    if raw[0].isupper() and not initial:
        return "NAME"
    if "'" in low:
        return "CLITIC"
    n = len(low)
    if low.endswith("ly") and n > 4:
        return "ADV"
    if low.endswith("ing") and n > 5:
        return "ING"
    if low.endswith("ed") and n > 4:
        return "ED"
    if low.endswith(("tion", "tions")) and n > 6 or low.endswith(("ment", "ness")) and n > 6 \
            or low.endswith("ity") and n > 5:
        return "NOM"
    if low.endswith("s") and n > 3:
        return "S"
    return "W"


@lru_cache(maxsize=1)
def _lm():
    from mtcheck.rules.lm import load_model

    return load_model()


@lru_cache(maxsize=1)
def _spell():
    from mtcheck.rules.lm import number_words

    return number_words


@dataclass
class SentenceCounts:
    span: Span
    words: int
    counts: dict[str, float] = field(default_factory=dict)  # numerators of the rate features
    denoms: dict[str, float] = field(default_factory=dict)  # their denominators (W, T, S, L, F, C)


@dataclass
class Profile:
    """The article's counts (sums over sentences) and its whole-text measures."""

    sentences: list[SentenceCounts]
    counts: dict[str, float]
    denoms: dict[str, float]
    whole: dict[str, float]  # measures that are not sums (lexical diversity, spreads)
    words: int


# Rate features: name -> (numerator key, denominator key). Denominators: W words, S sentences,
# T skeleton tokens, L LM-scored words, F LM-scored function words, C LM-scored content words.
def _rate_features() -> dict[str, tuple[str, str]]:
    out = {f"fw_{w}": (f"fw_{w}", "W") for w in FUNCTION_WORDS}
    out.update({k: (k, "W") for k in (
        "fw_share", "pron1", "pron3", "prep_share", "det_share", "p_comma", "p_semicolon",
        "p_colon", "p_question", "p_exclaim", "p_paren", "p_dash", "p_quote", "contractions",
        "possessive_s", "zipf_sum", "zipf_lt3", "zipf_lt4", "zipf_ge6", "word_len_sum",
        "nominal")})
    out.update({k: (k, "S") for k in ("init_opener", "init_the", "init_pronoun", "init_and_but",
                                       "sent_short", "sent_long")})
    out.update({k: (k, "L") for k in ("lm_sum", "lm_high", "lm_low", "lm_very_low")})
    out["lm_fw_mean"] = ("lm_fw_sum", "F")
    out["lm_cw_mean"] = ("lm_cw_sum", "C")
    return out


RATE_FEATURES = _rate_features()
WHOLE_FEATURES = ("mattr50", "mattr100", "ttr200", "hapax200", "ttr50_min", "content_mattr50",
                  "sent_len_mean", "sent_len_sd", "lm_sd", "lm_sent_sd", "content_repeat30",
                  "repeated_trigram_share", "word_len_sd")


def _mattr(words: list[str], size: int) -> float:
    """Moving-average type-token ratio: the mean distinct share over every window of ``size``."""
    n = len(words)
    if n == 0:
        return 0.0
    if n <= size:
        return len(set(words)) / n
    counts: dict[str, int] = {}
    for w in words[:size]:
        counts[w] = counts.get(w, 0) + 1
    total = len(counts)
    for i in range(size, n):
        out, inn = words[i - size], words[i]
        c = counts[out] - 1
        if c:
            counts[out] = c
        else:
            del counts[out]
        counts[inn] = counts.get(inn, 0) + 1
        total += len(counts)
    return total / (n - size + 1) / size


def _sd(xs: list[float]) -> float:
    if len(xs) < 2:
        return 0.0
    m = sum(xs) / len(xs)
    return math.sqrt(sum((x - m) ** 2 for x in xs) / (len(xs) - 1))


def _lm_scorer():
    """log10 P(word | two previous words) with the floor applied: the pocketsphinx model queried
    directly when it is the backend (the hot loop), else through the NGramModel protocol."""
    lm = _lm()
    prob = getattr(lm, "_prob", None)
    if prob is None or getattr(lm, "order", 3) != 3:  # another backend
        return lambda w, a, b: max(LM_FLOOR, lm.logprob(w, [b, a]))
    from mtcheck.rules.lm import _PS_SENTINEL, _PS_TO_LOG10

    floor_raw = LM_FLOOR / _PS_TO_LOG10

    def score(w: str, a: str, b: str) -> float:  # a: previous word, b: the one before
        raw = prob([w, a, b])
        return LM_FLOOR if raw <= _PS_SENTINEL or raw < floor_raw else raw * _PS_TO_LOG10
    return score


@lru_cache(maxsize=65536)
def _word_info(raw: str, initial: bool) -> tuple[str, str, tuple[str, ...], bool, float, bool]:
    """(lower-case form, skeleton shape, count keys, is a function word, Zipf, is a name) of a
    word token as written, at the start of its sentence or not."""
    low = raw.lower().replace("’", "'")
    keys: list[str] = []
    fw = low in _FW
    if fw:
        keys += ["fw_" + low, "fw_share"]
    if low in _PRON1:
        keys.append("pron1")
    elif low in _PRON3:
        keys.append("pron3")
    if low in _PREPS:
        keys.append("prep_share")
    if low in _DETS:
        keys.append("det_share")
    if "'" in low:
        if low.endswith("'s"):
            keys.append("possessive_s")
        elif low.endswith(("n't", "'re", "'ve", "'ll", "'m", "'d")):
            keys.append("contractions")
    z = zipf_table().get(low, UNLISTED_ZIPF)
    if z < 3:
        keys.append("zipf_lt3")
    if z < 4:
        keys.append("zipf_lt4")
    elif z >= 6:
        keys.append("zipf_ge6")
    if len(low) > 5 and low.rstrip("s").endswith(_NOMINAL):
        keys.append("nominal")
    if initial:
        if low in _OPENERS:
            keys.append("init_opener")
        elif low == "the":
            keys.append("init_the")
        elif low in _PRON1 or low in _PRON3 or low == "you":
            keys.append("init_pronoun")
        elif low in ("and", "but", "so", "or"):
            keys.append("init_and_but")
    name = not initial and raw[0].isupper()
    return low, _shape(low, raw, initial), tuple(keys), fw, z, name


def profile(doc: Document) -> Profile:
    """Count everything the model can read, per sentence, in one pass over the tokens."""
    score = _lm_scorer()
    spell = _spell()
    sents: list[SentenceCounts] = []
    words_all: list[str] = []
    lens: list[int] = []
    lm_all: list[float] = []
    lm_sent_means: list[float] = []
    trigrams: Counter = Counter()
    for span in doc.sentences[:MAX_SENTENCES]:
        toks = doc.tokens_in(span)
        keys: list[str] = []
        seq = ["<s>"]
        a, b = "<s>", "<s>"  # the previous LM word and the one before
        words: list[str] = []
        first_word = True
        keep_lp: list[float] = []
        zsum = lensum = fwsum = cwsum = 0.0
        nf = nc = 0
        for t in toks:
            raw = t.text
            if t.kind == "punct":
                p = _SK_PUNCT.get(raw)
                if p:
                    seq.append(p)
                f = _PUNCT_FEATURES.get(raw)
                if f:
                    keys.append(f)
                continue
            if t.kind == "number":
                seq.append("NUM")
                for w in spell(raw) or ["<unk>"]:
                    a, b = w, a
                first_word = False
                continue
            low, shape, wk, fw, z, name = _word_info(raw, first_word)
            words.append(low)
            seq.append(shape)
            lp = score(low, a, b)
            a, b = low, a
            keys += wk
            zsum += z
            lensum += len(low)
            if not name:  # names are topic: out of the LM measures
                keep_lp.append(lp)
                if lp > -1.5:
                    keys.append("lm_high")
                elif lp < -4:
                    keys.append("lm_low")
                    if lp < -5:
                        keys.append("lm_very_low")
                if fw:
                    fwsum += lp
                    nf += 1
                else:
                    cwsum += lp
                    nc += 1
            first_word = False
        if not words:
            continue
        n = len(words)
        if n < 8:
            keys.append("sent_short")
        elif n > 35:
            keys.append("sent_long")
        keys += [f"sk_{x} {y}" for x, y in zip(seq, seq[1:])]
        keys += [f"sk_{x} {y} {z}" for x, y, z in zip(seq, seq[1:], seq[2:])]
        trigrams.update(zip(words, words[1:], words[2:]))
        c: dict[str, float] = dict(Counter(keys))
        c.update(zipf_sum=zsum, word_len_sum=lensum, lm_sum=fwsum + cwsum, lm_fw_sum=fwsum,
                 lm_cw_sum=cwsum)
        denoms = {"W": n, "S": 1, "T": len(seq) - 1, "L": len(keep_lp), "F": nf, "C": nc}
        sents.append(SentenceCounts(span, n, c, denoms))
        words_all += words
        lens.append(n)
        lm_all += keep_lp
        if len(keep_lp) >= 4:
            lm_sent_means.append(sum(keep_lp) / len(keep_lp))
    counts: dict[str, float] = {}
    denoms: dict[str, float] = {"W": 0, "S": 0, "T": 0, "L": 0, "F": 0, "C": 0}
    for s in sents:
        for k, v in s.counts.items():
            counts[k] = counts.get(k, 0) + v
        for k, v in s.denoms.items():
            denoms[k] += v
    alpha = [w for w in words_all if w[0].isalpha()]
    content = [w for w in alpha if w not in _FW and len(w) > 2]
    head = alpha[:200]
    wins = ([len(set(alpha[i:i + 50])) / 50 for i in range(0, len(alpha) - 49, 25)]
            if len(alpha) >= 50 else [len(set(alpha)) / max(len(alpha), 1)])
    hc: dict[str, int] = {}
    for w in head:
        hc[w] = hc.get(w, 0) + 1
    rep = 0
    last: dict[str, int] = {}
    for i, w in enumerate(content):
        if i - last.get(w, -99) <= 30:
            rep += 1
        last[w] = i
    ntri = sum(trigrams.values())
    whole = {
        "mattr50": _mattr(alpha, 50), "mattr100": _mattr(alpha, 100),
        "ttr200": len(hc) / max(len(head), 1),
        "hapax200": sum(1 for v in hc.values() if v == 1) / max(len(head), 1),
        "ttr50_min": min(wins), "content_mattr50": _mattr(content, 50),
        "sent_len_mean": sum(lens) / max(len(lens), 1), "sent_len_sd": _sd(lens),
        "lm_sd": _sd(lm_all), "lm_sent_sd": _sd(lm_sent_means),
        "content_repeat30": rep / max(len(content), 1),
        "repeated_trigram_share": sum(v for v in trigrams.values() if v > 1) / max(ntri, 1),
        "word_len_sd": _sd([len(w) for w in alpha]),
    }
    return Profile(sents, counts, denoms, whole, len(words_all))


def feature_value(prof: Profile, name: str) -> float:
    """One model input: a rate (``sk_...`` skeleton n-grams per skeleton token included) or a
    whole-text measure."""
    if name in prof.whole:
        return prof.whole[name]
    num, den = RATE_FEATURES.get(name) or (name, "T")
    return prof.counts.get(num, 0.0) / max(prof.denoms.get(den, 0.0), 1.0)


def _denominator(name: str) -> tuple[str, str]:
    return RATE_FEATURES.get(name) or (name, "T")


@dataclass(frozen=True)
class Model:
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    threshold: float  # the decision value at which MT601 fires
    meta: dict

    def decision(self, prof: Profile) -> float:
        s = self.intercept
        whole, counts, denoms = prof.whole, prof.counts, prof.denoms
        for name, num, den, m, sc, w in self._terms():
            if name in whole:
                x = whole[name]
            else:
                d = denoms.get(den, 0.0)
                x = counts.get(num, 0.0) / (d if d > 1.0 else 1.0)
            z = (x - m) / sc
            s += w * (-5.0 if z < -5.0 else 5.0 if z > 5.0 else z)
        return s

    def _terms(self) -> list[tuple[str, str, str, float, float, float]]:
        terms = self.__dict__.get("_terms_cache")
        if terms is None:
            terms = [(n,) + _denominator(n) + (m, sc, w) for n, m, sc, w in
                     zip(self.features, self.mean, self.scale, self.coef)]
            object.__setattr__(self, "_terms_cache", terms)
        return terms

    def sentence_contributions(self, prof: Profile) -> list[tuple[float, dict[str, float]]]:
        """Each sentence's share of the rate features' part of the decision value: the
        (coefficient / scale)-weighted excess of its counts over the model's mean rates. The
        shares add up to that part of the article's decision value (before clipping); the parts
        name the features the sentence holds. Linear in the sentences' own counts."""
        by_num: dict[str, list[tuple[str, float, float, str]]] = {}
        base: dict[str, float] = {}  # per denominator: sum of weight * mean rate
        for name, num, den, m, sc, w in self._terms():
            total = prof.denoms.get(den, 0.0)
            if name in prof.whole or not total:
                continue
            wt = w / sc / total
            by_num.setdefault(num, []).append((name, wt, m, den))
            base[den] = base.get(den, 0.0) + wt * m
        out = []
        for s in prof.sentences:
            parts: dict[str, float] = {}
            share = -sum(b * s.denoms.get(den, 0.0) for den, b in base.items())
            for num, v in s.counts.items():
                for name, wt, m, den in by_num.get(num, ()):
                    parts[name] = wt * (v - m * s.denoms.get(den, 0.0))
                    share += wt * v
            out.append((share, parts))
        return out


    def passage_parts(self, prof: Profile, first: int, last: int) -> dict[str, float]:
        """Per rate feature, the weighted excess of sentences ``first``..``last`` over the mean
        rate: the passage's share of the decision value, feature by feature."""
        counts: dict[str, float] = {}
        denoms: dict[str, float] = {}
        for s in prof.sentences[first:last + 1]:
            for k, v in s.counts.items():
                counts[k] = counts.get(k, 0.0) + v
            for k, v in s.denoms.items():
                denoms[k] = denoms.get(k, 0.0) + v
        parts = {}
        for name, num, den, m, sc, w in self._terms():
            total = prof.denoms.get(den, 0.0)
            if name in prof.whole or not total:
                continue
            v = w / sc * (counts.get(num, 0.0) - m * denoms.get(den, 0.0)) / total
            if v:
                parts[name] = v
        return parts


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> Model:
    with open(Path(path).expanduser() if path else DATA / "model.json", encoding="utf-8") as f:
        d = json.load(f)
    return Model(tuple(d["features"]), tuple(d["mean"]), tuple(d["scale"]), tuple(d["coef"]),
                 float(d["intercept"]), float(d["threshold"]), d.get("meta", {}))


_LABELS = {"p_comma": "commas", "init_opener":
           "prepositional/adverbial sentence openers", "lm_sum": "predictable word sequences",
           "lm_high": "predictable word sequences", "lm_fw_mean": "predictable function words",
           "fw_share": "function words", "prep_share": "prepositions", "det_share": "determiners"}


def describe(name: str) -> str:
    """A pattern name in words: skeleton n-grams in backquotes (`the NOM of`), function-word
    rates as the word in quotes ('who'), other rates by label."""
    if name.startswith("sk_"):
        return "`" + name[3:] + "`"
    if name in _LABELS:
        return _LABELS[name]
    if name.startswith("fw_"):
        return f"'{name[3:]}'"
    return name.replace("_", " ")


@dataclass(frozen=True)
class TranslationeseSettings:
    """``model_path``: another fitted model (same JSON layout, e.g. refitted on your own data by
    ``python -m tools.translationese.fit``)."""

    model_path: str | None = None

    def __post_init__(self) -> None:
        if self.model_path is not None and not Path(self.model_path).expanduser().is_file():
            raise ValueError(f"model_path: no such file: {self.model_path}")


class Translationese(Rule):
    """Translationese: the article reads like a translation into English.

    What it does: measures a profile that ignores content words (so not the topic): how often
    function words and punctuation occur, how sentences open, lexical diversity, word frequency,
    how predictable the words are under a 3-gram language model, and the rates of word-class
    sequences such as "the W of" (the X of the Y) or ", the". A logistic model fitted on machine
    translations from Japanese, Russian, Ukrainian and Chinese (seven engines) against human
    writing of many genres gives the article a score (feature ``translationese.score``, a log-odds).
    When the score passes the threshold at which about 1 % of human texts of any genre would be
    flagged, MT601 marks the passages (runs of whole sentences) that carry most of the score and
    names the patterns that weigh most there (word-class sequences in backquotes: W a word,
    NOM a -tion/-ment/-ness/-ity noun, S a plural, ED/ING/ADV by ending, NAME a capitalised word
    inside a sentence, NUM a number, <s> the sentence start).

    MT601 is a profile, not an error: like the MT4 passage measures it is not located evidence
    (``located = False``), so it can sharpen a machine-translated verdict but never carry one.

    Why it matters: content farms launder copied articles through online translation. Machine
    translation is more literal and more predictable than writing in English: more "the X of the
    Y" noun phrases, more sentence-initial prepositional phrases, more commas, fewer pronouns and
    contractions, less varied vocabulary.

    Limits (measured, see tools/translationese/RESULTS.md): the profile separates translated from
    native English well (ROC-AUC ~0.95 cross-validated) but machine from human translation only
    moderately (~0.75): a human translation can carry the same profile (8 % of human reference
    translations reach the MT601 threshold). At that threshold about 1 in 4 machine translations
    is flagged. Texts under 150 words get the score but no
    finding; the profile reads the first 5,000 sentences. Encyclopedic prose and LLM-written text are the human genres closest to the profile.

    Example (flagged when the whole article keeps this up): "In the framework of the
    implementation of the program of the development of the region, the head of the
    administration of the district noted the importance of the strengthening of the cooperation."
    """

    family = "MT6"
    name = NAME
    Settings = TranslationeseSettings
    codes = (
        Code("MT601", "translationese-passage", Severity.INFO,
             "a passage of an article whose overall profile reads like a translation",
             kind="machine_translated", located=False),
    )
    # Written for mtcheck (no corpus text): literal, noun-phrase-heavy prose must be flagged;
    # chatty, narrative and short texts must not.
    examples = (
        flags("In the framework of the implementation of the program of the development of the "
              "region, the head of the administration of the district held a meeting with the "
              "representatives of the business community. According to the head of the "
              "administration, the volume of the investments in the economy of the district "
              "increased by the end of the year. At the meeting, the participants discussed the "
              "questions of the development of the infrastructure of the district, the "
              "construction of the roads and the modernization of the system of the water supply. "
              "In addition, the head of the administration noted the importance of the support of "
              "the small and medium business. In the opinion of the representatives of the "
              "business community, the measures of the support of the entrepreneurs must be "
              "expanded. At the same time, the participants of the meeting noted that the level of "
              "the wages in the district remains low. As a result of the meeting, the decision on "
              "the creation of the working group on the questions of the investment activity was "
              "adopted.", "MT601"),
        flags("On the 15th, the press conference on the development of the digital economy was "
              "held in the city. At the press conference, the relevant person in charge of the "
              "municipal bureau of the industry and the information technology introduced the "
              "situation of the development of the digital economy of the city in the first half "
              "of the year. According to the introduction, in the first half of the year, the "
              "scale of the digital economy of the city continued to expand, and the added value "
              "of the core industries of the digital economy increased by 12 percent. In the next "
              "step, the city will further promote the deep integration of the digital economy and "
              "the real economy, accelerate the construction of the new infrastructure, and "
              "strengthen the cultivation of the talents. At the same time, the city will also "
              "improve the policy system of the support of the enterprises, optimize the "
              "environment of the business, and promote the high-quality development of the "
              "digital economy.", "MT601"),
        flags("On the 3rd, the prefecture announced the plan of the opening of the new bus line "
              "between the station of the city and the village in the mountains. According to the "
              "prefecture, the purpose of the plan is the improvement of the convenience of the "
              "movement of the elderly residents of the village. At present, in the village, the "
              "operation of the bus of the private company was stopped in the spring of the last "
              "year, and the residents use the taxi or the cars of the family. In the plan, the "
              "bus will run four times a day on the weekdays, and the fare will be the same as the "
              "fare of the city bus. In the prefecture, the test operation of the line is planned "
              "from the autumn, and the results of the test operation will be reflected in the "
              "decision on the continuation of the line. The person in charge of the prefecture "
              "said, \"We want to support the life of the residents of the area.\"", "MT601"),
        passes("I wasn't sure what to expect when we pulled into the campsite last Friday. My "
               "brother had booked it months ago, and honestly I'd forgotten all about it until he "
               "texted me a photo of the lake. We got there late, of course, because I can't pack "
               "a car to save my life. The kids didn't care. They ran straight down to the water "
               "while I fought with the tent poles and lost, twice. By the time the fire was going "
               "it was pitch dark and everyone was starving. Hot dogs never tasted so good. Later "
               "my niece asked if bears could smell marshmallows, which kept her awake for about "
               "five minutes before she fell asleep mid-sentence. Saturday it rained. We played "
               "cards under the tarp, lost half the deck to the wind, and laughed until my sides "
               "hurt. Would I go again? Absolutely, but next time I'm bringing a better tent."),
        passes("Mara had never liked the harbour at night. She walked fast, hands deep in her "
               "pockets, counting the boats she knew by name and ignoring the ones she didn't. "
               "Somebody was singing on the far pier, badly, and a dog answered him. She stopped "
               "at the last bollard and waited. He was late, which meant he was nervous, which "
               "meant he had something to sell. When he finally came he didn't say hello. He held "
               "out a paper bag and she took it without looking inside. \"You're sure?\" she asked. "
               "He shrugged. \"Sure as anybody is.\" She laughed at that, though nothing was funny, "
               "and he laughed too, and for a moment they were just two tired people by the water. "
               "Then a light came on in the harbourmaster's hut and they both turned away, walking "
               "in different directions, neither of them looking back. By the time she reached "
               "the bakery on the corner her hands had stopped shaking, mostly."),
        passes("The cat sat on the mat. It was happy there, and it didn't want to move."),
    )
    features = tuple(f"{NAME}.{n}" for n in (
        "score", "the_per_100w", "of_per_100w", "commas_per_100w", "opener_share",
        "function_word_logprob", "mattr50"))
    # The readable rates describe the text; alone they tell genre, not translation (see
    # tools/translationese/RESULTS.md). Only the model's score is evidence for the scorer.
    context_features = tuple(f for f in features if not f.endswith(".score"))

    def run(self, doc: Document) -> RuleOutput:
        model = load_model(self.settings.model_path)
        prof = profile(doc)
        score = model.decision(prof) if prof.words else 0.0
        w = max(prof.denoms["W"], 1)
        feats = {
            "score": round(score, 4),
            "the_per_100w": round(100 * prof.counts.get("fw_the", 0) / w, 4),
            "of_per_100w": round(100 * prof.counts.get("fw_of", 0) / w, 4),
            "commas_per_100w": round(100 * prof.counts.get("p_comma", 0) / w, 4),
            "opener_share": round(prof.counts.get("init_opener", 0) / max(prof.denoms["S"], 1), 4),
            "function_word_logprob": round(feature_value(prof, "lm_fw_mean"), 4),
            "mattr50": round(prof.whole["mattr50"], 4),
        }
        out = RuleOutput(features={f"{NAME}.{k}": v for k, v in feats.items()})
        if prof.words >= MIN_WORDS and score >= model.threshold:
            out.findings = self._passages(doc, prof, model, score)
        return out

    def _passages(self, doc: Document, prof: Profile, model: Model, score: float) -> list:
        contrib = model.sentence_contributions(prof)
        sents = prof.sentences
        # candidate passages: for each start, the shortest run of sentences with enough words
        # (two pointers over prefix sums: linear in the number of sentences)
        cw, cs = [0], [0.0]
        for sent, (share, _) in zip(sents, contrib):
            cw.append(cw[-1] + sent.words)
            cs.append(cs[-1] + share)
        cands = []
        j = 0
        for i in range(len(sents)):
            j = max(j, i)
            while j < len(sents) and cw[j] - cw[i] < PASSAGE_WORDS:
                j += 1
            if cw[j] - cw[i] < PASSAGE_WORDS:
                break
            cands.append(((cs[j] - cs[i]) / (cw[j] - cw[i]), i, j - 1))
        cands.sort(key=lambda c: (-c[0], c[1]))
        chosen: list[tuple[float, int, int, dict]] = []
        for density, i, j in cands:
            if density <= 0 or len(chosen) == MAX_PASSAGES:
                break
            if all(j < c[1] or i > c[2] for c in chosen):
                chosen.append((density, i, j, model.passage_parts(prof, i, j)))
        prob = 1 / (1 + math.exp(-score))
        findings = []
        for density, i, j, parts in sorted(chosen, key=lambda c: c[1]):
            start, end = sents[i].span.start, sents[j].span.end
            top = sorted((kv for kv in parts.items() if kv[1] > 0), key=lambda kv: -kv[1])[:3]
            patterns = ", ".join(dict.fromkeys(describe(k) for k, _ in top))
            findings.append(self.finding(
                "MT601", start, end, doc.text[start:end],
                f"reads like a translation (article score {score:.1f}, threshold "
                f"{model.threshold:.1f}); weighing most here: {patterns}",
                evidence={"score": round(score, 3), "threshold": round(model.threshold, 3),
                          "passage_weight_per_word": round(density, 5),
                          "patterns": [k for k, _ in top]},
                confidence=round(min(0.85, 0.5 + 0.35 * (prob - 0.5) * 2), 3)))
        return findings
