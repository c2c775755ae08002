"""MT501 and MT502: passages in another script or language, and untranslated words."""

from __future__ import annotations

import re

from mtcheck.core.document import Document, Token
from mtcheck.core.text import APOSTROPHES
from mtcheck.core.wordfreq import rare_english, zipf_table

from ..english import typo_of
from .lexicon import Lexicon, lexicon
from .scripts import (
    _CLOSING, _LANG_NAMES, _OPENING, _SENTENCE_END, _UNSPACED, guess_language, word_script)
from .vocabulary import _Scan, CITATION_CUES, LOANWORDS


def _zipf_en(word: str) -> float:
    """wordfreq Zipf band of an English word: exact from 3 up, 2.0 for 1-3, 0.0 below 1."""
    z = zipf_table().get(word)
    if z is not None:
        return z
    return 2.0 if word in rare_english() else 0.0


class ForeignChecks:
    """Mixed into :class:`TranslationArtifacts`: the sentence scan for foreign text."""

    def _scan_sentences(self, doc: Document) -> "_Scan":
        """Foreign-script passages (MT501), then one pass over the words of each sentence:
        sentences in another Latin-script language (MT501), untranslated words (MT502), and
        the counts behind english_share."""
        lex = lexicon()
        english_set, foreign_lang = lex.english, lex.foreign_lang
        scan = _Scan()
        scan.passages.extend(self._script_passages(doc, scan))
        for sent in doc.sentences:
            toks = doc.tokens_in(sent)
            latin_foreign = latin_english = latin_words = 0
            langs: dict[str, int] = {}
            candidates: list[int] = []
            first_word = True
            for k, t in enumerate(toks):
                if t.kind != "word":
                    continue
                w = t.text
                if not w.isascii() and word_script(w) != "Latin":
                    continue  # counted by _script_passages
                latin_words += 1
                low = w.lower()
                if "'" in low or "’" in low:
                    low = re.split(f"[{APOSTROPHES}]", low)[0]
                if low in english_set:
                    if low not in foreign_lang:
                        latin_english += 1
                elif low in foreign_lang and (first_word or w.islower()):
                    latin_foreign += 1
                    lang = foreign_lang[low]
                    langs[lang] = langs.get(lang, 0) + 1
                if len(w) >= 3 and w.islower() and low == w and low not in english_set:
                    candidates.append(k)
                first_word = False
            scan.english_words += latin_english
            scan.foreign_words += latin_foreign
            if latin_foreign >= 4 and latin_foreign >= 2 * latin_english:
                scan.foreign_latin_words += latin_words
                code = max(sorted(langs), key=langs.__getitem__)
                end = sent.start + len(doc.text[sent.start:sent.end].rstrip())
                scan.latin_sentences.append((sent.start, end, _LANG_NAMES.get(code, ""),
                                             latin_words))
                continue
            for k in candidates:
                f = self._untranslated(toks, k, lex)
                if f is not None:
                    scan.untranslated.append(f)
        scan.passages.extend(self._latin_passages(doc, scan.latin_sentences))
        scan.passages.sort(key=lambda f: f.start)
        return scan

    def _script_passages(self, doc: Document, scan: "_Scan"):
        """Runs of words in a non-Latin script (numbers, punctuation and capitalised Latin
        names may sit inside a run), long enough to be text rather than a name."""
        text = doc.text
        runs: list[tuple[int, int, str, int, int]] = []  # start, end, script, words, letters
        cur = None  # [start, end, scripts{}, words, letters]
        pending_gap = False
        prev_end = -1
        for t in doc.tokens:
            gap_break = cur is not None and "\n" in text[prev_end:t.start] \
                and doc.is_excluded(prev_end, t.start)
            prev_end = t.end
            if gap_break:
                runs.append(cur)
                cur = None
            if t.kind == "word":
                script = "Latin" if t.text.isascii() else word_script(t.text)
                if script and script != "Latin":
                    scan.foreign_script_words += 1
                    if cur is None:
                        cur = [t.start, t.end, {}, 0, 0]
                    cur[1] = t.end
                    cur[2][script] = cur[2].get(script, 0) + len(t.text)
                    cur[3] += 1
                    cur[4] += len(t.text)
                    pending_gap = False
                    continue
                if cur is not None and t.text[0].isupper() and not pending_gap:
                    pending_gap = True  # a Latin name inside the run: "Sky News"
                    continue
                if cur is not None and t.text[0].isupper():
                    continue
                if cur is not None:
                    runs.append(cur)
                    cur = None
                pending_gap = False
            elif cur is not None and t.text in _CLOSING and not pending_gap:
                if text[cur[1]:t.start].strip() == "" or t.text in ".!?。！？":
                    cur[1] = t.end
        if cur is not None:
            runs.append(cur)
        for start, end, scripts, n_words, letters in runs:
            script = max(sorted(scripts), key=scripts.__getitem__)
            if n_words < 3 and not (script in _UNSPACED and letters >= 6):
                continue
            if text[start - 1:start] in _OPENING:
                start -= 1
            passage = text[start:end]
            n_sent = len(_SENTENCE_END.findall(passage))
            yield self._passage_finding(doc, start, end, script, "", n_sent, n_words)

    def _latin_passages(self, doc: Document, sentences: list):
        """Merge consecutive sentences in another Latin-script language into passages."""
        i = 0
        while i < len(sentences):
            start, end, lang, n_words = sentences[i]
            n_sent = 1
            while (i + 1 < len(sentences) and sentences[i + 1][2] == lang
                   and not re.search(r"\w", doc.text[end:sentences[i + 1][0]])):
                i += 1
                end = sentences[i][1]
                n_words += sentences[i][3]
                n_sent += 1
            yield self._passage_finding(doc, start, end, "Latin", lang, n_sent, n_words)
            i += 1

    def _untranslated(self, toks: list[Token], k: int, lex: Lexicon):
        """MT502 for the lower-case word toks[k], which is not an English word."""
        w = toks[k].text
        if not w.isalpha() or w in LOANWORDS or w in self._loanwords:
            return None
        lang = lex.foreign_lang.get(w)
        if lang and w not in lex.foreign_in_english:
            reason, conf = f"a {_LANG_NAMES[lang]} word English text essentially never uses", 0.75
        elif lang and w in lex.foreign_common:
            reason, conf = f"a very common {_LANG_NAMES[lang]} word, rare in English", 0.7
        elif not lang and not w.isascii() and w not in lex.english_accented \
                and word_script(w) == "Latin":
            reason, conf = "spelled with accents no English word has", 0.6
        else:
            return None
        if typo_of(w, lex.english) or (w not in lex.foreign_common and _zipf_en(w) >= 1.0):
            # Rare or archaic English ("conduce") and learner typos one edit from a common
            # English word ("continuos", "responsable") are not untranslated words.
            return None
        # Cited terms ("the so-called latifundios, or large estates") are not slips.
        before = [x.lower for x in toks[max(0, k - 4):k] if x.kind == "word"]
        if any(b in CITATION_CUES for b in before):
            return None
        after = toks[k + 1:k + 3]
        if after and after[0].kind == "word" and after[0].text[0].isupper():
            return None  # a particle inside a name: "D dal Maso", "da Silva"
        if after and after[0].text == "(":
            return None
        if len(after) == 2 and after[0].text == "," and after[1].lower == "or":
            return None
        if k > 0 and toks[k - 1].text in "\"“‘'" and after and after[0].text in "\"”’'":
            return None
        t = toks[k]
        return self.finding(
            "MT502", t.start, t.end, w, f"'{w}' looks untranslated: {reason}",
            evidence={"language": _LANG_NAMES.get(lang, "unknown") if lang else "unknown"},
            confidence=conf)

    def _passage_finding(self, doc, start, end, script, lang_name, n_sentences, n_words):
        text = doc.text
        passage = text[start:end]
        if script != "Latin":
            lang_name = guess_language(script, passage)
        what = (f"{lang_name} text ({script} script)" if lang_name and script != "Latin"
                else f"{lang_name} text" if lang_name else f"text in {script} script")
        size = (f"{n_sentences} sentence{'s' if n_sentences != 1 else ''}" if n_sentences
                else f"{n_words} word{'s' if n_words != 1 else ''}")
        return self.finding(
            "MT501", start, end, passage,
            f"untranslated {what}, {size}: foreign-language passage, not spinning",
            evidence={"script": script, "language": lang_name or "unknown",
                      "sentences": n_sentences, "words": n_words},
            confidence=0.95 if script != "Latin" else 0.8)

    # ----------------------------------------------------------------------------------------
