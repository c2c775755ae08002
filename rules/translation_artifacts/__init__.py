"""MT5xx translation artifacts (one rule family, split so each module reads in one sitting):

- :mod:`.rule`: the rule class (documentation, codes, examples, settings, features) and ``run``
- :mod:`.foreign`: MT501/MT502, passages in another script or language, untranslated words
- :mod:`.paragraphs`: MT503/MT505/MT506/MT508/MT509, numbers, dates, names, doubled words
- :mod:`.sentences`: MT504/MT507, broken sentences and missing subjects
- :mod:`.scripts`, :mod:`.vocabulary`, :mod:`.lexicon`: Unicode scripts, word lists and
  patterns, the shipped data
"""

from .lexicon import lexicon, proper_names
from .rule import TranslationArtifacts, TranslationSettings
from .vocabulary import words_to_number

__all__ = ["TranslationArtifacts", "TranslationSettings", "lexicon", "proper_names",
           "words_to_number"]
