"""MT1xx spinner fingerprints: phrases that article spinners produce, looked up in lexicon packs."""

from __future__ import annotations

import bisect
import gzip
import hashlib
import os
import pickle
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple
from importlib import resources
from itertools import product

from mtcheck.core.density import per_100_words_factor
from mtcheck.core.document import TOKEN_RE, Document
from mtcheck.core.finding import NEAR_CERTAIN, Severity
from mtcheck.core.rule import Code, Rule, RuleOutput, flags, passes

from .spintax import find_spintax

DATA_PACKAGE = "mtcheck.rules"
DATA_DIR = "data/spinner-fingerprints"
# Built-in packs: name -> (file, code).
BUILTIN_PACKS = {"general": ("general.tsv", "MT101"), "scientific": ("scientific.tsv", "MT102")}
USER_CODE = "MT103"
# A spintax group in published text is the spinner's own syntax: near-certain (NEAR_CERTAIN is
# 0.9); no human text of the development data or the eight genres has one.
SPINTAX_CONFIDENCE = 0.95
NUMBER = "<n>"  # in a phrase: any number; in an original: the number matched
CACHE_FILE = "compiled.pickle.gz"
CACHE_FORMAT = 1
FLAGS = frozenset({"case", "names", "strict"})
SUFFIXES = ("s", "ed", "ing")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
_ITEM_RE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|\S+")
_VOWEL_SOUND = re.compile(r"(?i)^(?:[aeio]|u(?!ni|s[eu]|r[aeiou])|h(?:our|onou?r|onest|eir))")


class PackError(ValueError):
    """A malformed lexicon line (``path:line: message``)."""


# --------------------------------------------------------------------------------------------
# Units: the token stream the lexicon is matched against
# --------------------------------------------------------------------------------------------
@dataclass
class Units:
    """Parallel lists, one item per unit. A unit is a word token, a part of a hyphenated word,
    a possessive ``'s``, a number or a punctuation mark (a hyphen glued between two words is not
    a unit: it sets ``joined`` on the unit after it)."""

    norm: list[str] = field(default_factory=list)  # lower case, curly apostrophes made straight
    raw: list[str] = field(default_factory=list)
    start: list[int] = field(default_factory=list)
    end: list[int] = field(default_factory=list)
    joined: list[bool] = field(default_factory=list)  # preceded by a glued hyphen
    number: list[bool] = field(default_factory=list)
    alpha: list[bool] = field(default_factory=list)  # a word (part), not a number or mark


def make_units(tokens) -> Units:
    """Units of a token sequence (``Token`` objects or ``(text, start, end, kind)`` tuples)."""
    toks = [(t.text, t.start, t.end, t.kind) if hasattr(t, "kind") else t for t in tokens]
    out = Units()
    norm_, raw_, start_, end_ = out.norm, out.raw, out.start, out.end
    joined_, number_, alpha_ = out.joined, out.number, out.alpha

    def add(raw: str, pos: int, joined: bool, number: bool, alpha: bool) -> None:
        norm_.append(raw.translate(_APOSTROPHES).lower() if "\u2019" in raw or "\u2018" in raw
                     or "\u02bc" in raw else raw.lower())
        raw_.append(raw)
        start_.append(pos)
        end_.append(pos + len(raw))
        joined_.append(joined)
        number_.append(number)
        alpha_.append(alpha)

    glue = False
    last = len(toks) - 1
    for i, (text, start, end, kind) in enumerate(toks):
        if kind == "word":
            if "-" not in text and not (len(text) > 2 and text[-2] in "'\u2019\u2018\u02bc"
                                        and text[-1] in "sS"):
                add(text, start, glue, False, True)
            else:
                pos = start
                for k, part in enumerate(text.split("-")):
                    if part:
                        if len(part) > 2 and part[-2] in "'\u2019\u2018\u02bc" \
                                and part[-1] in "sS":
                            add(part[:-2], pos, glue or k > 0, False, True)
                            add(part[-2:], pos + len(part) - 2, False, False, False)
                        else:
                            add(part, pos, glue or k > 0, False, True)
                    pos += len(part) + 1
            glue = False
        elif kind == "number":
            add(text, start, glue, True, False)
            glue = False
        else:
            if (text == "-" and 0 < i < last and toks[i - 1][3] != "punct"
                    and toks[i + 1][3] != "punct" and toks[i - 1][2] == start
                    and toks[i + 1][1] == end):
                glue = True
                continue
            add(text, start, False, False, False)
            glue = False
    return out


def _tokens_of(text: str) -> list[tuple[str, int, int, str]]:
    return [(m.group(), m.start(), m.end(), m.lastgroup) for m in TOKEN_RE.finditer(text)]


# --------------------------------------------------------------------------------------------
# Inflection (regular English only; irregular forms are written out in the packs)
# --------------------------------------------------------------------------------------------
def _cvc(word: str) -> bool:
    return (len(word) >= 3 and word[-1] not in "aeiouwxy" and word[-2] in "aeiou"
            and word[-3] not in "aeiou")


def inflect(word: str, suffix: str) -> list[str]:
    """Regular forms of ``word`` with ``suffix`` ("s", "ed" or "ing"); the first is the usual one."""
    if not suffix:
        return [word]
    if suffix == "s":
        if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
            return [word[:-1] + "ies"]
        if word.endswith(("s", "x", "z", "ch", "sh")):
            return [word + "es"]
        return [word + "s", word + "es"] if word.endswith("o") else [word + "s"]
    if suffix == "ed":
        if word.endswith("e"):
            return [word + "d"]
        if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
            return [word[:-1] + "ied"]
        return [word + "ed", word + word[-1] + "ed"] if _cvc(word) else [word + "ed"]
    if suffix == "ing":
        if word.endswith("ie"):
            return [word[:-2] + "ying"]
        if word.endswith("e") and not word.endswith(("ee", "ye", "oe")) and len(word) > 2:
            return [word[:-1] + "ing"]
        return [word + "ing", word + word[-1] + "ing"] if _cvc(word) else [word + "ing"]
    raise ValueError(suffix)


def inflect_original(original: str, suffix: str) -> str:
    """Apply ``suffix`` to an original wording: to its ``+``-marked words, or, for a plural,
    to its last word. Unmarked originals stay as they are for -ed/-ing."""
    words = original.split(" ")
    marked = [i for i, w in enumerate(words) if w.endswith("+")]
    words = [w[:-1] if w.endswith("+") else w for w in words]
    if not suffix:
        return " ".join(words)
    targets = marked or ([len(words) - 1] if suffix == "s" else [])
    for i in targets:
        head, sep, last = words[i].rpartition("-")
        if last.isalpha() and last.islower():
            words[i] = head + sep + inflect(last, suffix)[0]
    return " ".join(words)


# --------------------------------------------------------------------------------------------
# Packs: parsing and compiling
# --------------------------------------------------------------------------------------------
class Entry(NamedTuple):
    phrase: str  # as written in the pack
    originals: tuple[str, ...]  # may carry "+" marks (see inflect_original)
    reason: str
    confidence: float
    flags: frozenset[str]
    pack: str
    code: str
    line: int


@dataclass
class Pack:
    """A compiled lexicon pack.

    ``index`` maps a key (unit norms joined by KEY_SEP; "#" stands for any number, a leading "-"
    for a unit glued to the word before it) to one payload or a tuple of payloads; a payload is
    an int packing (entry index, core start, core end, suffix, strict, hyphen-join mask), see
    :func:`pack_payload`. ``lengths`` maps a first unit to the key lengths starting with it,
    longest first."""

    name: str
    code: str
    entries: list[Entry] = field(default_factory=list)
    index: dict[str, int | tuple[int, ...]] = field(default_factory=dict)
    lengths: dict[str, tuple[int, ...]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


KEY_SEP = "\x1f"
_SUFFIX_CODE = {"": 0, "s": 1, "ed": 2, "ing": 3}
_SUFFIX_OF = ("", "s", "ed", "ing")


def pack_payload(idx: int, lo: int, hi: int, suffix: str, joined: tuple[bool, ...] | None) -> int:
    """Entry index (20 bits), core start/end (6 bits each), suffix (2 bits), strict flag, then
    the hyphen joins of units 1.. (strict entries only)."""
    value = idx | lo << 20 | hi << 26 | _SUFFIX_CODE[suffix] << 32
    if joined is not None:
        value |= 1 << 34
        for k, j in enumerate(joined):
            if j:
                value |= 1 << (35 + k)
    return value


def unpack_payload(value: int) -> tuple[int, int, int, str, int | None]:
    """(entry index, core start, core end, suffix, join mask or None when not strict)."""
    mask = value >> 35 if value >> 34 & 1 else None
    return (value & 0xFFFFF, value >> 20 & 63, value >> 26 & 63, _SUFFIX_OF[value >> 32 & 3],
            mask)


def _item_alternatives(item: str, where: str) -> tuple[list[list[tuple]], bool]:
    """One phrase item -> (alternatives, is_context); an alternative is a list of
    (norm, joined, inflectable) units."""
    if item[0] in "([":
        context = item[0] == "["
        alts = []
        for alt in item[1:-1].split("|"):
            units: list[tuple] = []
            for word in alt.split():
                units.extend(_word_units(word, where))
            alts.append(units)
        if not any(alts):
            raise PackError(f"{where}: empty group {item!r}")
        return alts, context
    return [_word_units(item, where)], False


def _word_units(word: str, where: str) -> list[tuple]:
    if word == NUMBER:
        return [("#", False, False)]
    glued = word.startswith("-") and len(word) > 1  # "-run" in "kingdom [-run|-owned]"
    if glued:
        word = word[1:]
    inflectable = word.endswith("+")
    if inflectable:
        word = word[:-1]
    if not word or any(c in word for c in "()[]|+#<>"):
        raise PackError(f"{where}: bad word {word!r}")
    units = make_units(_tokens_of(word))
    if not units.norm:
        raise PackError(f"{where}: bad word {word!r}")
    out = [(n, j or (glued and k == 0), False)
           for k, (n, j) in enumerate(zip(units.norm, units.joined))]
    if inflectable:
        if not out[-1][0].isalpha():
            raise PackError(f"{where}: only a word can take '+': {word!r}")
        out[-1] = (out[-1][0], out[-1][1], True)
    return out


def expand_phrase(phrase: str, where: str = "<phrase>", implicit_plural: bool = True):
    """Every literal unit sequence a phrase stands for: yields (norms, joined, core_lo, core_hi,
    suffix). ``(a|b)`` are alternatives, ``[a|b]`` context that must be present but is not part of
    the replaced words, ``word+`` takes -s/-ed/-ing, ``<n>`` is any number. The last word of a
    phrase without ``+`` and without right context also matches its plural."""
    items = [_item_alternatives(m.group(), where) for m in _ITEM_RE.finditer(phrase)]
    if not items:
        raise PackError(f"{where}: empty phrase")
    for choice in product(*(alts for alts, _ in items)):
        seq: list[tuple] = []
        ctx: list[bool] = []
        for (_, context), units in zip(items, choice):
            for u in units:
                seq.append(u)
                ctx.append(context)
        core = [i for i, c in enumerate(ctx) if not c]
        if not core:
            raise PackError(f"{where}: the phrase needs words outside [context]")
        lo, hi = core[0], core[-1] + 1
        if any(ctx[lo:hi]):
            raise PackError(f"{where}: [context] may only open or close a phrase")
        marked = [i for i in range(lo, hi) if seq[i][2]]
        norms = [u[0] for u in seq]
        if seq[0][1]:  # "-based ..." starts inside a hyphenated word
            norms[0] = "-" + norms[0]
        joined = tuple(u[1] for u in seq[1:])
        yield tuple(norms), joined, lo, hi, ""
        if marked:
            suffix_targets = marked
        elif (implicit_plural and hi == len(seq) and norms[-1].isalpha() and len(norms[-1]) >= 3
              and not norms[-1].endswith("s") and "'" not in norms[-1]):
            suffix_targets = [hi - 1]
        else:
            continue
        for suffix in (SUFFIXES if marked else ("s",)):
            forms = [inflect(norms[i], suffix) for i in suffix_targets]
            for combo in product(*forms):
                variant = list(norms)
                for i, form in zip(suffix_targets, combo):
                    variant[i] = ("-" + form) if i == 0 and seq[0][1] else form
                yield tuple(variant), joined, lo, hi, suffix


def parse_pack(text: str, name: str, code: str, path: str = "<pack>",
               min_confidence: float = 0.0) -> Pack:
    """Parse a pack (see the rule documentation for the format). Malformed lines are skipped and
    reported in ``Pack.errors``."""
    pack = Pack(name, code)
    firsts: dict[str, set[int]] = {}
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        where = f"{path}:{lineno}"
        try:
            entry = _parse_line(line, where, name, code, lineno)
            if entry.confidence < min_confidence:
                continue
            idx = len(pack.entries)
            pack.entries.append(entry)
            strict = "strict" in entry.flags
            for norms, joined, lo, hi, suffix in expand_phrase(entry.phrase, where):
                payload = pack_payload(idx, lo, hi, suffix, joined if strict else None)
                key = KEY_SEP.join(norms)
                old = pack.index.get(key)
                if old is None:
                    pack.index[key] = payload
                    firsts.setdefault(norms[0], set()).add(len(norms))
                elif isinstance(old, int):
                    if old != payload:
                        pack.index[key] = (old, payload)
                elif payload not in old:
                    pack.index[key] = old + (payload,)
        except PackError as exc:
            pack.errors.append(str(exc))
    pack.lengths = {k: tuple(sorted(v, reverse=True)) for k, v in firsts.items()}
    return pack


def _parse_line(line: str, where: str, name: str, code: str, lineno: int) -> Entry:
    cols = line.rstrip("\r\n").split("\t")
    if len(cols) < 4 or len(cols) > 5:
        raise PackError(f"{where}: expected 4 or 5 tab-separated columns "
                        f"(phrase, original, reason, confidence[, flags]), got {len(cols)}")
    phrase, original, reason, conf = (c.strip() for c in cols[:4])
    flag_set = frozenset(f for f in re.split(r"[,\s]+", cols[4].strip()) if f) if len(cols) > 4 \
        else frozenset()
    if flag_set - FLAGS:
        raise PackError(f"{where}: unknown flag(s) {', '.join(sorted(flag_set - FLAGS))}")
    try:
        confidence = float(conf)
    except ValueError:
        raise PackError(f"{where}: confidence {conf!r} is not a number") from None
    if not 0.0 <= confidence <= 1.0:
        raise PackError(f"{where}: confidence must be between 0 and 1")
    originals = tuple(o.strip() for o in original.split("|") if o.strip())
    if not phrase or not originals:
        raise PackError(f"{where}: phrase and original are required")
    return Entry(" ".join(phrase.lower().split()), originals, reason, confidence, flag_set,
                 name, code, lineno)


def _read_builtin(filename: str) -> bytes:
    return resources.files(DATA_PACKAGE).joinpath(DATA_DIR, filename).read_bytes()


def source_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@lru_cache(maxsize=1)
def _compiled_cache() -> dict:
    """The pre-compiled built-in packs (``python -m tools.spinner_fingerprints_build``):
    pack name -> {"sha256" of the source TSV, "entries", "index", "lengths"}; {} when absent."""
    try:
        data = pickle.loads(gzip.decompress(_read_builtin(CACHE_FILE)))
    except (OSError, EOFError, ValueError, pickle.UnpicklingError):
        return {}
    if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
        return {}
    return data["packs"]


def compile_cache() -> bytes:
    """Serialised pre-compiled built-in packs (deterministic bytes)."""
    packs = {}
    for name, (filename, code) in sorted(BUILTIN_PACKS.items()):
        raw = _read_builtin(filename)
        pack = parse_pack(raw.decode("utf-8"), name, code, f"{DATA_DIR}/{filename}")
        if pack.errors:
            raise PackError("; ".join(pack.errors[:5]))
        packs[name] = {"sha256": source_digest(raw), "entries": [tuple(e) for e in pack.entries],
                       "index": pack.index, "lengths": pack.lengths}
    payload = pickle.dumps({"format": CACHE_FORMAT, "packs": packs}, protocol=4)
    return gzip.compress(payload, compresslevel=9, mtime=0)


@lru_cache(maxsize=None)
def builtin_pack(name: str) -> Pack:
    """A built-in pack, loaded once per process from the pre-compiled cache when it matches the
    source file, else compiled from the source."""
    filename, code = BUILTIN_PACKS[name]
    raw = _read_builtin(filename)
    cached = _compiled_cache().get(name)
    if cached and cached["sha256"] == source_digest(raw):
        return Pack(name, code, [Entry(*e) for e in cached["entries"]], cached["index"],
                    cached["lengths"])
    return parse_pack(raw.decode("utf-8"), name, code, f"{DATA_DIR}/{filename}")


@lru_cache(maxsize=32)
def _user_pack(path: str, mtime: float, size: int) -> Pack:
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    name = os.path.splitext(os.path.basename(path))[0]
    return parse_pack(text, name, USER_CODE, path)


def user_pack(path: str) -> Pack:
    """A user pack (MT103), recompiled when the file changes."""
    st = os.stat(path)
    return _user_pack(os.path.abspath(path), st.st_mtime, st.st_size)


# --------------------------------------------------------------------------------------------
# Matching
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Match:
    lo: int  # unit range of the whole match (context included)
    hi: int
    core_lo: int
    core_hi: int
    entry: Entry
    suffix: str


class _Context:
    """Per-document facts used to vet a candidate match."""

    def __init__(self, doc: Document, units: Units):
        self.doc = doc
        self.units = units
        self.sentence_starts = [s.start for s in doc.sentences]
        self._heading: dict[int, bool] = {}

    def sentence_index(self, offset: int) -> int:
        return max(bisect.bisect_right(self.sentence_starts, offset) - 1, 0)

    def is_heading(self, sent: int) -> bool:
        """Title Case lines (headlines): capitalised words are no sign of a name there."""
        if sent not in self._heading:
            span = self.doc.sentences[sent]
            text = self.doc.text[span.start:span.end].rstrip()
            words = [w for w in re.findall(r"[^\W\d_]+", text) if len(w) >= 4]
            caps = sum(1 for w in words if w[0].isupper())
            self._heading[sent] = (bool(words) and caps >= 0.6 * len(words)
                                   and not text.endswith((".", "\u2026", ";", ",")))
        return self._heading[sent]

    def sentence_initial(self, i: int) -> bool:
        if not self.sentence_starts:
            return i == 0
        k = bisect.bisect_right(self.sentence_starts, self.units.start[i]) - 1
        if k < 0:
            return True
        s = self.sentence_starts[k]
        text = self.doc.text[s:self.units.start[i]]
        return not re.search(r"[^\W\d_]", text)

    def acceptable(self, lo: int, hi: int, entry: Entry) -> bool:
        u = self.units
        if "case" in entry.flags:
            for i in range(lo, hi):
                raw = u.raw[i][1:] if i == lo else u.raw[i]
                if raw != raw.lower():
                    return False
        if "names" not in entry.flags:
            words = [i for i in range(lo, hi) if u.raw[i][:1].isalpha()]
            if words and all(u.raw[i][0].isupper() for i in words):
                if len(words) > 1 or not self.sentence_initial(words[0]):
                    if not self.is_heading(self.sentence_index(u.start[lo])):
                        return False
            # the tail of a name: "United Kingdom media"
            first = words[0] if words else lo
            if (u.raw[first][:1].isupper() and first > 0 and u.raw[first - 1][:1].isupper()
                    and u.alpha[first - 1] and not self.sentence_initial(first - 1)
                    and not self.is_heading(self.sentence_index(u.start[lo]))):
                return False
        return True


def find_matches(pack: Pack, units: Units, ctx: _Context) -> list[Match]:
    """The longest acceptable match starting at each unit (overlaps resolved later)."""
    out: list[Match] = []
    norm, number, joined = units.norm, units.number, units.joined
    alpha = units.alpha
    n = len(norm)
    lengths_of = pack.lengths
    index = pack.index
    hash_lengths = lengths_of.get("#", ())
    get = lengths_of.get
    for i in range(n):
        inside = bool(i and joined[i] and alpha[i] and alpha[i - 1])
        # inside a hyphenated word only entries written with a leading hyphen may start
        first = "-" + norm[i] if inside else norm[i]
        lengths = get(first)
        if number[i] and hash_lengths and not inside:
            lengths = tuple(sorted(set(lengths or ()) | set(hash_lengths), reverse=True))
        if not lengths:
            continue
        found = None
        for length in lengths:
            if i + length > n:
                continue
            j = i + length
            if j < n and joined[j] and alpha[j] and alpha[j - 1]:
                continue  # never end inside a hyphenated word
            window = [first] + norm[i + 1:i + length]
            keys = [KEY_SEP.join(window)]
            if hash_lengths and any(number[i:i + length]):
                keys.append(KEY_SEP.join("#" if number[i + k] else w for k, w in enumerate(window)))
            best = None
            for key in keys:
                found_payloads = index.get(key)
                if found_payloads is None:
                    continue
                if isinstance(found_payloads, int):
                    found_payloads = (found_payloads,)
                for payload in found_payloads:
                    idx, lo, hi, suffix, want_mask = unpack_payload(payload)
                    entry = pack.entries[idx]
                    if want_mask is not None and want_mask != sum(
                            1 << k for k in range(length - 1) if joined[i + 1 + k]):
                        continue
                    if best is not None and best[0].confidence >= entry.confidence:
                        continue
                    if ctx.acceptable(i, i + length, entry):
                        best = (entry, lo, hi, suffix)
            if best:
                entry, lo, hi, suffix = best
                found = Match(i, i + length, i + lo, i + hi, entry, suffix)
                break
        if found:
            out.append(found)
    return out


def resolve_overlaps(matches: list[Match]) -> list[Match]:
    """Of matches whose replaced words overlap keep the longest (then the more confident, then
    the earlier). Context words may be shared: "that issues many" and "many in the global
    network" both stand."""
    chosen: list[Match] = []
    taken: set[int] = set()
    ranked = sorted(matches, key=lambda m: (-(m.hi - m.lo), -m.entry.confidence, m.lo,
                                            m.entry.pack))
    for m in ranked:
        if any(k in taken for k in range(m.core_lo, m.core_hi)):
            continue
        chosen.append(m)
        taken.update(range(m.core_lo, m.core_hi))
    return sorted(chosen, key=lambda m: (m.lo, m.hi))


def _fix_articles(text: str) -> str:
    words = text.split(" ")
    for k in range(len(words) - 1):
        low = words[k].lower()
        if low in ("a", "an"):
            want = "an" if _VOWEL_SOUND.match(words[k + 1]) else "a"
            if want != low:
                words[k] = want if words[k].islower() else want.capitalize()
    return " ".join(words)


def suggestions_for(match: Match, units: Units, text: str) -> list[str]:
    left = text[units.start[match.lo]:units.start[match.core_lo]] if match.core_lo > match.lo \
        else ""
    right = text[units.end[match.core_hi - 1]:units.end[match.hi - 1]] if match.hi > match.core_hi \
        else ""
    numbers = [units.raw[k] for k in range(match.core_lo, match.core_hi) if units.number[k]]
    out = []
    for original in match.entry.originals:
        original = inflect_original(original, match.suffix)
        if numbers and NUMBER in original:
            original = original.replace(NUMBER, numbers[0])
        s = _fix_articles(left + original + right)
        if units.raw[match.lo][:1].isupper() and s[:1].islower():
            s = s[0].upper() + s[1:]
        out.append(s)
    return list(dict.fromkeys(out))


# --------------------------------------------------------------------------------------------
# The rule
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SpinnerSettings:
    packs: tuple[str, ...] = tuple(BUILTIN_PACKS)  # built-in packs to use (general, scientific)
    lexicons: tuple[str, ...] = ()  # extra pack files (also --lexicons)
    min_confidence: float = 0.0  # drop entries below this confidence

    def __post_init__(self) -> None:
        if not 0.0 <= self.min_confidence <= 1.0:
            raise ValueError(f"min_confidence must be between 0 and 1, not {self.min_confidence}")


class SpinnerFingerprints(Rule):
    """Phrases that article spinners produce, matched against lexicon packs.

    What it does
    ------------
    Looks up every multi-word phrase of the article in lexicon packs of known spinner output.
    Each pack entry maps a spun phrase to the wording it most likely replaced and says why the
    phrase gives spinning away. A match is reported with that original wording as the suggestion:

    - MT101 (general pack): phrases spinners produce in news and general prose: word-sense
      confusions ("kingdom media" for state media, "changed into" for was/became before a
      participle or a role such as "the country's leader", "dating
      between" for relationship between), garbled fixed expressions ("satellite tv for pc",
      "most cancers" after a body part, "upward thrust"), function words swapped inside
      constructions ("the usage of" after is/was, "in opposition to" after played/war).
    - MT102 (scientific pack): "tortured phrases" found in published scientific papers
      ("counterfeit consciousness" for artificial intelligence, "profound learning" for deep
      learning), cleaned of entries that also occur in ordinary English.
    - MT103: matches from your own packs (setting ``lexicons``).
    - MT104: a spinner's template left unspun, ``{quick|fast|rapid}``: two or more
      alternatives of one to six words in braces, separated by ``|`` (one may be empty: an
      optional word). Set-builder and code notation (``{x | x > 0}``, a lone letter, symbols)
      and template filters in double braces (``{{ name | upper }}``) are not spintax. Error
      severity, confidence 0.95; suggestions: the alternatives, the first one first. None of the
      3,888 texts of the development data and the genre files (human, spun, translated) has
      one; no benchmark text has one either, so the scorer weighs MT104 as it learnt to weigh
      near-certain spinner phrases (the counts below include it).

    Matching is case-insensitive and word-bounded (a phrase never matches inside a longer word),
    tolerates curly/straight apostrophes and hyphen-vs-space spelling, and the plural of a
    phrase's last word. Of overlapping matches the longest is kept. A phrase whose words are all
    capitalised in the middle of an ordinary sentence is taken for a proper name and skipped.

    Why
    ---
    A thesaurus spinner replaces words without knowing their sense, so it leaves phrases that
    no writer produces: they are near-certain evidence on their own, and they tell the reader
    what the text originally said. Each finding's confidence is that of its entry: 0.9 and above
    only for phrases that essentially never occur in human-written text.

    Example
    -------
    ``North Korea's kingdom media posted an editorial penned by using Putin.`` gives
    ``spinner phrase "kingdom media" (likely "state media")`` and
    ``spinner phrase "penned by using" (likely "penned by")``.

    Pack format
    -----------
    UTF-8 text, one entry per line, ``#`` starts a comment line; four or five tab-separated
    columns::

        phrase<TAB>original[|another original]<TAB>reason<TAB>confidence[<TAB>flags]

    - *phrase*: lower-case words separated by spaces. ``(a|b c)`` gives alternatives (``(a|)``
      makes a word optional); ``[a|b]`` is context that must be present but is not what the
      spinner changed (only at the start or end; the suggestion keeps the context words as
      written); ``word+`` also matches word+s/es, +ed and +ing (regular spelling); ``<n>``
      matches any number (and stands for it in the original: ``<n> rd`` -> ``<n>rd``). Without ``+`` and without right context the last word also matches its plural.
      A hyphen in a phrase matches a hyphen or a space and vice versa (flag ``strict``: only as
      written).
    - *original*: the likely original wording, alternatives separated by ``|``. A ``+`` on a
      word receives the matched suffix; otherwise a plural match pluralises the last word.
    - *reason*: a short explanation shown in the message.
    - *confidence*: 0..1, how rarely the phrase occurs in human text (>= 0.9: essentially never).
    - *flags* (optional, comma-separated): ``case`` (match only when written in lower case
      apart from the first letter, e.g. "the united states" for "the country"), ``names``
      (also match inside capitalised names, e.g. "Nineteen Nineties"), ``strict`` (hyphens and
      spaces must be as written).

    Data and licence
    ----------------
    ``general.tsv`` was written for mtcheck (MIT) from knowledge of spinner output and checked
    against a development corpus; ``scientific.tsv`` is derived from the Problematic Paper
    Screener's tortured-phrases list (Cabanac, Labbé, Magazinov), CC BY 4.0, as published in
    giladfeldman/torturedcheck; see ``rules/data/spinner-fingerprints/README.md`` for the
    changes made and ``tools/spinner_fingerprints_tortured.py`` for the cleaning script.

    Settings
    --------
    - ``lexicons``: list of paths to extra packs in the format above (codes MT103); also the
      ``lexicons`` configuration key and the ``--lexicons`` flag. Malformed lines are skipped
      and listed in the report notes.
    - ``packs``: built-in packs to use (default ``["general", "scientific"]``).
    - ``min_confidence``: ignore entries below this confidence (default 0).
    """

    family = "MT1"
    name = "spinner-fingerprints"
    codes = (
        Code("MT101", "spinner-phrase", Severity.WARNING,
             "A phrase article spinners produce (general pack), with its likely original", "spun"),
        Code("MT102", "tortured-phrase", Severity.WARNING,
             "A tortured phrase from spun scientific papers, with its likely original", "spun"),
        Code("MT103", "user-lexicon-phrase", Severity.WARNING,
             "A phrase from a user-supplied spinner lexicon pack", "spun"),
        Code("MT104", "spintax-leftover", Severity.ERROR,
             "A spinner's template left unspun: word choices in braces", "spun"),
    )
    features = tuple("spinner-fingerprints." + n for n in (
        "distinct_hits", "hits_per_100w", "scientific_hits_per_100w", "weighted_hits_per_100w",
    ))
    Settings = SpinnerSettings
    examples = (
        flags("North Korea's kingdom media posted an editorial penned by using the president.",
              "MT101"),
        flags("The best previous go to by the president occurred in July 2000.", "MT101"),
        flags("This shared enjoy gives a sturdy impetus to their navy cooperation.", "MT101"),
        flags("We trained a counterfeit consciousness model for breast most cancers detection.",
              "MT102", "MT101"),
        flags("Both international locations warned in opposition to the move.", "MT101"),
        flags("Kim Jong Il changed into the country's leader.", "MT101"),
        passes("North Korea's state media published an article written by the president."),
        passes("The previous visit by the president took place in July 2000."),
        passes("The Kingdom Media Group announced a merger with the United States Navy."),
        passes("Both countries warned against the move, and the military cooperation continues."),
        passes("We trained an artificial intelligence model for breast cancer detection."),
        passes("The caterpillar changed into a butterfly, and he changed into his pyjamas."),
        passes("We extracted image features for the classifier."),
        flags("Our {quick|fast|rapid} guide shows the {best|greatest} way to save money.",
              "MT104"),
        passes("Let S = {x | x > 0} be the set of positive numbers."),
        passes("Write {{ name | upper }} in the template to print the name in capitals."),
    )

    def _packs(self) -> tuple[list[Pack], list[str]]:
        notes: list[str] = []
        names = self.settings.packs
        packs = [builtin_pack(n) for n in names if n in BUILTIN_PACKS]
        for n in names:
            if n not in BUILTIN_PACKS:
                notes.append(f"spinner-fingerprints: unknown built-in pack {n!r} "
                             f"(known: {', '.join(BUILTIN_PACKS)})")
        for path in self.settings.lexicons:
            try:
                pack = user_pack(path)
            except (OSError, UnicodeDecodeError) as exc:
                notes.append(f"spinner-fingerprints: cannot read lexicon {path}: {exc}")
                continue
            packs.append(pack)
            for err in pack.errors[:10]:
                notes.append(f"spinner-fingerprints: skipped {err}")
            if len(pack.errors) > 10:
                notes.append(f"spinner-fingerprints: {len(pack.errors) - 10} more malformed "
                             f"lines in {path}")
        return packs, notes

    def run(self, doc: Document) -> RuleOutput:
        packs, notes = self._packs()
        min_conf = self.settings.min_confidence
        units = make_units(doc.tokens)
        ctx = _Context(doc, units)
        matches: list[Match] = []
        for pack in packs:
            matches.extend(m for m in find_matches(pack, units, ctx)
                           if m.entry.confidence >= min_conf)
        matches = resolve_overlaps(matches)
        findings = []
        for m in matches:
            start, end = units.start[m.lo], units.end[m.hi - 1]
            text = doc.text[start:end]
            suggestions = suggestions_for(m, units, doc.text)
            e = m.entry
            label = {"MT101": "spinner phrase", "MT102": "tortured phrase"}.get(
                e.code, f"spinner phrase from lexicon {e.pack!r}")
            message = f'{label} "{text}" (likely "{suggestions[0]}")'
            if e.reason:
                message += f": {e.reason}"
            findings.append(self.finding(
                e.code, start, end, text, message, suggestions=suggestions,
                evidence={"pack": e.pack, "entry": e.phrase, "entry_confidence": e.confidence,
                          "line": e.line},
                confidence=e.confidence,
                severity=Severity.ERROR if e.confidence >= NEAR_CERTAIN else None))
        spintax = [g for g in find_spintax(doc.text) if not doc.is_excluded(g.start, g.end)]
        for g in spintax:
            text = doc.text[g.start:g.end]
            shown = " / ".join(f'"{a}"' for a in g.alternatives)
            findings.append(self.finding(
                "MT104", g.start, g.end, text,
                f"spintax left unspun {text}: a spinner's template, one of {shown} was meant",
                suggestions=g.alternatives, evidence={"alternatives": list(g.alternatives)},
                confidence=SPINTAX_CONFIDENCE))
        words = max(doc.word_count, 1)
        per100 = per_100_words_factor(words)
        distinct = {" ".join(units.norm[m.lo:m.hi]) for m in matches}
        distinct |= {doc.text[g.start:g.end].lower() for g in spintax}
        features = {
            f"{self.name}.hits_per_100w": (len(matches) + len(spintax)) * per100,
            f"{self.name}.distinct_hits": float(len(distinct)),
            f"{self.name}.scientific_hits_per_100w":
                sum(1 for m in matches if m.entry.code == "MT102") * per100,
            f"{self.name}.weighted_hits_per_100w": (sum(m.entry.confidence for m in matches)
                                                    + SPINTAX_CONFIDENCE * len(spintax)) * per100,
        }
        return RuleOutput(findings, features, notes)
