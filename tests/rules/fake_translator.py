"""A deterministic stand-in for a translation engine, for the round-trip tests.

    python fake_translator.py SOURCE TARGET  < text > translation

Out (TARGET is not ``en``) it swaps a few English words for others; back it changes nothing. So a
text without those words is a fixed point and a text with them changes. Texts holding FAILME make
it fail, SLEEPME make it hang, EMPTYME make it write nothing, and MERGEME make it join all
paragraphs into one (an engine that does not keep the sentences apart).
"""

import re
import sys
import time

SWAP = {"ran": "went", "big": "large", "quick": "fast", "happy": "glad", "lake": "pond",
        "brother": "sibling", "kids": "children", "booked": "reserved"}


def main() -> int:
    source, target = sys.argv[1:3]
    text = sys.stdin.read()
    if "FAILME" in text:
        print("fake_translator: no model for this text\nsecond line", file=sys.stderr)
        return 3
    if "SLEEPME" in text:
        time.sleep(30)
    if "EMPTYME" in text:
        return 0
    if "MERGEME" in text:
        text = " ".join(text.split()) + "\n"
    if target != "en":
        text = re.sub(r"\w+", lambda m: SWAP.get(m.group(0), m.group(0)), text)
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
