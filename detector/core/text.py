"""Text constants shared by the input layer and the rule families (one place for each table)."""

from __future__ import annotations

# The apostrophes a word may contain ("don't", "don’t"), as a regular-expression class body.
APOSTROPHES = "'’"

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
# Abbreviations of the month names, lower case ("sept" as well as "sep").
MONTH_ABBREVIATIONS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept",
                       "oct", "nov", "dec")

# Spelled-out numbers.
UNITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen")
TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")

# English function words (articles, pronouns, prepositions, conjunctions, auxiliaries). Rule
# families add their own (number words, reporting verbs) to make their stop lists.
FUNCTION_WORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each either else ever every few
for from further had has have having he her here hers herself him himself his how i if in into is
it its itself just least less many may me might more most much must my myself neither no nor not
now of off often on once one only or other others our ours ourselves out over own per rather same
she should since so some such than that the their theirs them themselves then there these they this
those though through thus to too under until up upon us very via was we were what when where
whether which while who whom whose why will with within without would yet you your yours yourself
""".split())
