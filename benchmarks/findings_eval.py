"""Can an editor trust the findings? Located substitutions, precision, suggestions, overlaps,
and unlisted tortured phrases. Uses only the public API (``mtcheck.make_engine``,
``mtcheck.check_text``)::

    python benchmarks/findings_eval.py CORPUS_DIR [--folds 5] [--human 100] [--limit N]
        [--tortured-templates 4] [--genres DIR] [--genre-limit 60] [--skip-pairs]
        [--skip-tortured] [--json OUT]

CORPUS_DIR holds ``human.jsonl``, ``spun.jsonl`` (records with ``original_id``) and
``tortured-phrases.tsv`` (``tortured<TAB>expected``).

Part 1, aligned pairs (cross-validated). Articles are split into folds by a hash of the original
article id (``tools.collocations_build.fold_of``). For each fold the spinner pairs of MT302 are
learned without the fold (``python -m tools.collocations_build CORPUS --exclude FILE`` with the
fold's ids) and the fold's spun texts (and up to ``--human`` human texts in all) are checked.

Ground truth: each spun text and its original are cut into tokens (``TOKEN`` below: a run of
letters/digits with inner apostrophes, or one punctuation character), compared lower-cased with
curly apostrophes straightened, and aligned with ``difflib.SequenceMatcher(autojunk=False)``.
Every ``replace`` or ``delete`` block that holds at least one word token on the spun side is one
*substitution span* (characters from its first to its last spun token); the original tokens of
the block are what it replaced. ``insert`` blocks (original words the spinner dropped) have no
place in the spun text and are only counted.

Word-level findings are all findings except the passage-level families MT4 (rarity passages)
and MT501 (foreign-script passages), which are counted apart. Reported:

- located: share of substitution spans overlapped (by at least one character) by a word-level
  finding; precision: share of word-level findings on spun texts that overlap a substitution;
- first suggestion right: for located single-word substitutions (one spun word for one original
  word), the finding shown for it (after merging there is one; before, the most confident one,
  then the narrowest) has a first suggestion whose tokens equal the original tokens aligned to
  the finding's own span (so "primary quarter" -> "first quarter" is right for primary/first);
- per code: findings, precision, first-suggestion accuracy;
- overlapping findings: word-level findings that share a character with another word-level
  finding of the same report (spun and human texts); with passage findings counted too;
- human texts: word-level findings per 100 words (false alarms in clean prose).

MT101 (the general pack) was curated with the help of these pairs as a whole; it is not
cross-validated (its numbers are in-sample). MT302's pairs are.

Part 2, held-out tortured phrases. The tortured-phrase list is cleaned (lower case, parenthesised
parts dropped; both sides 2-4 words of letters, hyphens or apostrophes; at least one tortured word
not in the expected phrase; first expected wording per tortured phrase) and split by
``crc32(tortured) % 5``: part 0 is held out. Held-out entries are removed from the scientific pack
for this measurement (the rest is passed as a user lexicon), so a flag is never a list lookup.
Each held-out tortured phrase and its expected phrase are put into the same neutral sentences
(``TEMPLATES``, written for this benchmark); a phrase counts as flagged in a sentence when a
word-level finding overlaps it. Reported: share of (phrase, sentence) flagged, tortured vs
expected.

Part 3 (with ``--genres DIR``, a folder of ``human-*.jsonl`` files of other genres: science,
technical, informal, encyclopedic, fiction, non-native writing): word-level findings per 100 words
by genre, and the codes that fire most (false alarms outside news: every finding on these human
texts is one). Up to ``--genre-limit`` records per genre (the first ones of each file).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
import zlib
from collections import Counter, defaultdict
from difflib import SequenceMatcher
from pathlib import Path

import mtcheck

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tools/ (not installed)
from tools.collocations_build import fold_of, read_jsonl  # noqa: E402

TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|[^\w\s]")
PASSAGE_CODES = ("MT4", "MT501")
SCIENTIFIC_PACK = ROOT / "rules" / "data" / "spinner-fingerprints" / "scientific.tsv"
HOLDOUT_PARTS = 5

# Neutral sentences for the tortured-phrase test: the phrase sits mid-sentence, where a noun
# phrase fits, among ordinary words (written for this benchmark).
TEMPLATES = (
    "In this paper we give a short overview of {} and its uses.",
    "Recent work on {} has attracted much attention from researchers.",
    "The second section explains how {} is applied in practice.",
    "We compare several methods based on {} in the experiments below.",
)


def norm(tok: str) -> str:
    return tok.lower().replace("’", "'")


def tokens(text: str) -> list[tuple[str, int, int]]:
    return [(norm(m.group()), m.start(), m.end()) for m in TOKEN.finditer(text)]


def is_word(tok: str) -> bool:
    return tok[:1].isalnum()


class Alignment:
    """Spun tokens aligned with original tokens; the substitution spans of the spun text."""

    def __init__(self, spun: str, original: str) -> None:
        self.a = tokens(spun)
        self.b = tokens(original)
        sm = SequenceMatcher(None, [t for t, _, _ in self.a], [t for t, _, _ in self.b],
                             autojunk=False)
        self.ops = sm.get_opcodes()
        self.subs: list[dict] = []
        self.dropped = 0
        for op, i1, i2, j1, j2 in self.ops:
            if op == "insert":
                self.dropped += 1
            elif op in ("replace", "delete") and any(is_word(t) for t, _, _ in self.a[i1:i2]):
                self.subs.append({"start": self.a[i1][1], "end": self.a[i2 - 1][2],
                                  "spun": [t for t, _, _ in self.a[i1:i2]],
                                  "orig": [t for t, _, _ in self.b[j1:j2]]})
        self._starts = [s for _, s, _ in self.a]

    def original_of(self, start: int, end: int) -> list[str]:
        """The original tokens aligned to the spun tokens overlapping [start, end)."""
        idx = [i for i, (_, s, e) in enumerate(self.a) if s < end and start < e]
        if not idx:
            return []
        lo, hi = idx[0], idx[-1] + 1
        out: list[str] = []
        for op, i1, i2, j1, j2 in self.ops:
            if op == "equal":
                a, b = max(i1, lo), min(i2, hi)
                if a < b:
                    out.extend(t for t, _, _ in self.b[j1 + a - i1:j1 + b - i1])
            elif op == "insert":
                if lo < i1 < hi:
                    out.extend(t for t, _, _ in self.b[j1:j2])
            elif i1 < hi and lo < i2:
                out.extend(t for t, _, _ in self.b[j1:j2])
        return out


def overlaps(f, start: int, end: int) -> bool:
    return f.start < end and start < f.end


def word_level(findings) -> list:
    return [f for f in findings if not f.code.startswith(PASSAGE_CODES)]


def overlapping_count(findings) -> int:
    """Findings that share at least one character with another finding of the list."""
    fs = sorted(findings, key=lambda f: (f.start, f.end))
    hit = set()
    for i, f in enumerate(fs):
        for j in range(i + 1, len(fs)):
            g = fs[j]
            if g.start >= f.end:
                break
            if g.end > g.start and f.end > f.start:
                hit.update((i, j))
    return len(hit)


def shown_for(findings, start: int, end: int):
    """The finding an editor reads for a span: the most confident, then the narrowest."""
    cands = [f for f in findings if overlaps(f, start, end)]
    if not cands:
        return None
    return min(cands, key=lambda f: (-f.confidence, f.end - f.start, f.start, f.code))


def suggestion_right(f, align: Alignment) -> bool:
    if not f.suggestions:
        return False
    want = [t for t in align.original_of(f.start, f.end)]
    got = [t for t, _, _ in tokens(f.suggestions[0])]
    return got == want


# -- part 1 ----------------------------------------------------------------------------------

def learn_pairs_without(corpus: Path, ids: list[str], out: Path) -> None:
    excl = out.with_suffix(".exclude")
    excl.write_text("\n".join(ids) + "\n")
    subprocess.run([sys.executable, "-m", "tools.collocations_build", str(corpus), "--out",
                    str(out), "--exclude", str(excl)], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)


def eval_pairs(corpus: Path, folds: int, n_human: int, limit: int | None,
               settings: dict | None = None) -> dict:
    human = read_jsonl(corpus / "human.jsonl")
    spun = read_jsonl(corpus / "spun.jsonl")
    originals = {r["id"]: r for r in human}
    spun = [r for r in spun if r["original_id"] in originals]
    spun_ids = {r["original_id"] for r in spun}
    clean = [r for r in human if r["id"] not in spun_ids][:n_human]
    per_code = defaultdict(Counter)
    tot = Counter()
    missed_kinds = Counter()
    with tempfile.TemporaryDirectory() as tmp:
        for fold in range(folds):
            f_spun = [r for r in spun if fold_of(r["original_id"], folds) == fold][:limit]
            f_human = [r for r in clean if fold_of(r["id"], folds) == fold]
            held = [r["id"] for r in human if fold_of(r["id"], folds) == fold]
            pairs = Path(tmp) / f"pairs{fold}.tsv"
            learn_pairs_without(corpus, held, pairs)
            engine = mtcheck.make_engine(rule_settings={"rare-collocations": {
                **(settings or {}), "pairs_path": str(pairs)}})
            t0 = time.perf_counter()
            for r in f_spun:
                align = Alignment(r["text"], originals[r["original_id"]]["text"])
                rep = mtcheck.check_text(r["text"], engine=engine)
                fs = word_level(rep.findings)
                tot["spun_articles"] += 1
                tot["subs"] += len(align.subs)
                tot["dropped"] += align.dropped
                tot["overlap_word"] += overlapping_count(fs)
                tot["overlap_all"] += overlapping_count(rep.findings)
                tot["findings_word"] += len(fs)
                tot["findings_passage"] += len(rep.findings) - len(fs)
                for f in fs:
                    ok = any(overlaps(f, s["start"], s["end"]) for s in align.subs)
                    per_code[f.code]["n"] += 1
                    per_code[f.code]["on_sub"] += ok
                    if ok:
                        per_code[f.code]["sugg_right"] += suggestion_right(f, align)
                    tot["findings_on_sub"] += ok
                for s in align.subs:
                    single = len(s["spun"]) == 1 and len(s["orig"]) == 1
                    tot["single"] += single
                    f = shown_for(fs, s["start"], s["end"])
                    if f is None:
                        missed_kinds["single word" if single else
                                      f"{len(s['spun'])}->{len(s['orig'])} words"] += 1
                        continue
                    tot["located"] += 1
                    if single:
                        tot["single_located"] += 1
                        tot["single_right"] += suggestion_right(f, align)
            for r in f_human:
                rep = mtcheck.check_text(r["text"], engine=engine)
                fs = word_level(rep.findings)
                tot["human_articles"] += 1
                tot["human_words"] += rep.words
                tot["human_findings"] += len(fs)
                tot["overlap_word"] += overlapping_count(fs)
                tot["overlap_all"] += overlapping_count(rep.findings)
                for f in fs:
                    per_code[f.code]["human"] += 1
            print(f"fold {fold}: {len(f_spun)} spun + {len(f_human)} human in "
                  f"{time.perf_counter() - t0:.0f} s", file=sys.stderr)
    return {"totals": dict(tot), "per_code": {k: dict(v) for k, v in sorted(per_code.items())},
            "missed": dict(missed_kinds.most_common())}


def ratio(a: float, b: float) -> float:
    return a / b if b else float("nan")


def print_pairs(res: dict) -> None:
    t = res["totals"]
    print("== aligned spun/original pairs (cross-validated MT302 pairs)")
    print(f"spun articles {t.get('spun_articles', 0)}, substitution spans {t.get('subs', 0)} "
          f"(+{t.get('dropped', 0)} dropped-word places not locatable)")
    print(f"located                      {ratio(t.get('located', 0), t.get('subs', 0)):.3f}  "
          f"(target >= 0.90)")
    print(f"precision                    {ratio(t.get('findings_on_sub', 0), t.get('findings_word', 0)):.3f}  "
          f"({t.get('findings_word', 0)} word-level findings; target >= 0.90)")
    print(f"first suggestion = original  {ratio(t.get('single_right', 0), t.get('single_located', 0)):.3f}  "
          f"({t.get('single_located', 0)} located single-word substitutions of "
          f"{t.get('single', 0)}; target >= 0.80)")
    print(f"overlapping findings         {t.get('overlap_word', 0)} word-level, "
          f"{t.get('overlap_all', 0)} counting passage findings (target 0)")
    if t.get("human_articles"):
        print(f"human texts                  {100 * ratio(t['human_findings'], t['human_words']):.2f} "
              f"word-level findings per 100 words ({t['human_articles']} articles)")
    print("per code: findings on spun, precision, first-suggestion right (of those on a "
          "substitution), findings on human")
    for code, c in res["per_code"].items():
        print(f"  {code}  {c.get('n', 0):6d}  {ratio(c.get('on_sub', 0), c.get('n', 0)):.3f}  "
              f"{ratio(c.get('sugg_right', 0), c.get('on_sub', 0)):.3f}  {c.get('human', 0):5d}")
    print("missed substitutions by size: " + ", ".join(f"{k} {v}" for k, v in res["missed"].items()))


# -- part 2 ----------------------------------------------------------------------------------

PHRASE_WORD = re.compile(r"^[a-z][a-z'-]*$")


def norm_phrase(text: str) -> str:
    text = re.sub(r"\([^)]*\)", " ", text.lower().replace("’", "'"))
    return " ".join(text.split())


def holdout_part(phrase: str) -> int:
    return zlib.crc32(norm_phrase(phrase).encode("utf-8")) % HOLDOUT_PARTS


def is_held_out(phrase: str) -> bool:
    return holdout_part(phrase) == 0


def clean_tortured(path: Path) -> list[tuple[str, str]]:
    """(tortured, expected) pairs kept for the test, first expected wording per phrase."""
    out: dict[str, str] = {}
    with open(path, encoding="utf-8") as fh:
        next(fh, None)
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 2:
                continue
            t, e = norm_phrase(cols[0]), norm_phrase(cols[1])
            tw, ew = t.split(), e.split()
            if not (2 <= len(tw) <= 4 and 2 <= len(ew) <= 4):
                continue
            if not all(PHRASE_WORD.match(w) for w in tw + ew):
                continue
            if t == e or not set(tw) - set(ew):
                continue
            out.setdefault(t, e)
    return sorted(out.items())


def filtered_scientific_pack(out: Path) -> int:
    """The scientific pack without held-out entries, as a user lexicon; -> entries dropped."""
    dropped = 0
    lines = []
    for line in SCIENTIFIC_PACK.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            lines.append(line)
            continue
        if is_held_out(line.split("\t", 1)[0]):
            dropped += 1
            continue
        lines.append(line)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return dropped


def eval_tortured(corpus: Path, n_templates: int, limit: int | None) -> dict:
    pairs = [p for p in clean_tortured(corpus / "tortured-phrases.tsv") if is_held_out(p[0])]
    if limit:
        pairs = pairs[:limit]
    res = {"phrases": len(pairs)}
    with tempfile.TemporaryDirectory() as tmp:
        pack = Path(tmp) / "scientific-train.tsv"
        res["pack_entries_held_out"] = filtered_scientific_pack(pack)
        engine = mtcheck.make_engine(rule_settings={"spinner-fingerprints": {
            "packs": ["general"], "lexicons": [str(pack)]}})
        t0 = time.perf_counter()
        for side, idx in (("tortured", 0), ("expected", 1)):
            flagged = 0
            n = 0
            phrases_any = 0
            codes = Counter()
            for p in pairs:
                phrase = p[idx]
                any_hit = False
                for tpl in TEMPLATES[:n_templates]:
                    text = tpl.format(phrase)
                    start = text.index(phrase)
                    end = start + len(phrase)
                    rep = mtcheck.check_text(text, engine=engine)
                    hits = [f for f in word_level(rep.findings) if overlaps(f, start, end)]
                    n += 1
                    flagged += bool(hits)
                    any_hit |= bool(hits)
                    codes.update({f.code for f in hits})
                phrases_any += any_hit
            res[side] = {"instances": n, "flagged": flagged, "share": ratio(flagged, n),
                         "phrases_flagged_any": ratio(phrases_any, len(pairs)),
                         "codes": dict(codes.most_common())}
        print(f"tortured: {len(pairs)} phrases x {n_templates} sentences x 2 in "
              f"{time.perf_counter() - t0:.0f} s", file=sys.stderr)
    return res


def print_tortured(res: dict) -> None:
    print(f"== held-out tortured phrases ({res['phrases']} phrases, part 0 of "
          f"{HOLDOUT_PARTS} by crc32; {res['pack_entries_held_out']} scientific-pack entries "
          f"removed for the test)")
    for side in ("tortured", "expected"):
        r = res[side]
        target = ">= 0.80" if side == "tortured" else "<= 0.05"
        print(f"{side:9s} flagged {r['share']:.3f} of {r['instances']} sentences "
              f"(target {target}); phrases flagged in any sentence {r['phrases_flagged_any']:.3f}; "
              f"codes: " + ", ".join(f"{k} {v}" for k, v in r["codes"].items()))


# -- part 3 ----------------------------------------------------------------------------------

def eval_genres(folder: Path, limit: int) -> dict:
    engine = mtcheck.make_engine()
    out = {}
    for path in sorted(folder.glob("human-*.jsonl")):
        recs = read_jsonl(path)[:limit]
        words = 0
        codes = Counter()
        notes = 0
        reported = 0
        verdicts = Counter()
        for r in recs:
            rep = mtcheck.check_text(r["text"], engine=engine)
            words += rep.words
            shown = word_level(rep.findings)
            codes.update(f.code for f in shown)
            parts = [g for f in shown for g in (getattr(f, "supporting", ()) or (f,))]
            reported += len(parts)
            verdicts[rep.verdict] += 1
            notes += any("mojibake" in n or "repaired" in n for n in rep.notes)
        out[path.stem] = {"records": len(recs), "words": words,
                          "per_100w": 100 * ratio(sum(codes.values()), words),
                          "rule_findings_per_100w": 100 * ratio(reported, words),
                          "codes_per_100w": {c: round(100 * n / max(words, 1), 3)
                                             for c, n in codes.most_common()},
                          "verdicts": dict(verdicts), "repaired_notes": notes}
    return out


def print_genres(res: dict) -> None:
    print("== human texts of other genres: word-level findings per 100 words (all false alarms)")
    for g, r in res.items():
        top = ", ".join(f"{c} {v:.2f}" for c, v in list(r["codes_per_100w"].items())[:6])
        print(f"{g:22s} {r['per_100w']:.2f} shown, {r['rule_findings_per_100w']:.2f} as the rules "
              f"reported them ({r['records']} texts; {top}; verdicts "
              + ", ".join(f"{k} {v}" for k, v in sorted(r["verdicts"].items())) + ")")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--human", type=int, default=100, help="human articles checked (all folds)")
    ap.add_argument("--limit", type=int, help="at most this many spun articles per fold "
                                              "(and tortured phrases) for quick runs")
    ap.add_argument("--tortured-templates", type=int, default=len(TEMPLATES))
    ap.add_argument("--genres", type=Path, help="folder of human-*.jsonl texts of other genres")
    ap.add_argument("--genre-limit", type=int, default=60)
    ap.add_argument("--skip-pairs", action="store_true")
    ap.add_argument("--skip-tortured", action="store_true")
    ap.add_argument("--json", type=Path, help="write the numbers here")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                    help="a rare-collocations setting for part 1 (to compare variants)")
    args = ap.parse_args(argv)
    for name in ("human.jsonl", "spun.jsonl", "tortured-phrases.tsv"):
        if not (args.corpus / name).is_file():
            print(f"{args.corpus / name}: not found", file=sys.stderr)
            return 2
    out = {}
    if not args.skip_pairs:
        settings = {}
        for kv in args.set:
            k, _, v = kv.partition("=")
            settings[k] = int(v) if v.isdigit() else v
        out["pairs"] = eval_pairs(args.corpus, args.folds, args.human, args.limit, settings)
        print_pairs(out["pairs"])
    if not args.skip_tortured:
        out["tortured"] = eval_tortured(args.corpus, args.tortured_templates, args.limit)
        print_tortured(out["tortured"])
    if args.genres:
        out["genres"] = eval_genres(args.genres, args.genre_limit)
        print_genres(out["genres"])
    if args.json:
        args.json.write_text(json.dumps(out, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
