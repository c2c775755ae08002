from mtcheck.input.setaside import prose_document


def test_tokens_carry_offsets_into_the_text():
    doc = prose_document("The state media said 2 things in the 1990s.")
    for t in doc.tokens:
        assert doc.text[t.start:t.end] == t.text
    assert [t.kind for t in doc.tokens if t.text in ("2", "1990s", "media", ".")] == \
        ["word", "number", "number", "punct"]


def test_line_and_column_are_one_based_code_points():
    doc = prose_document("first line\nsecond “quoted” line\n\nthird")
    off = doc.text.index("line\n\nthird")
    assert doc.line_col(0) == (1, 1)
    assert doc.line_col(doc.text.index("second")) == (2, 1)
    assert doc.line_col(doc.text.index("quoted")) == (2, 9)
    assert doc.line_col(off) == (2, 17)
    assert doc.line_col(doc.text.index("third")) == (4, 1)


def test_sentences_split_at_sentence_ends_but_not_abbreviations():
    doc = prose_document("Mr. Smith met Dr. Jones in the U.S. today. They talked. Then left!")
    sents = [doc.text[s.start:s.end] for s in doc.sentences]
    assert sents == ["Mr. Smith met Dr. Jones in the U.S. today.", "They talked.", "Then left!"]


def test_paragraphs_split_on_blank_lines_and_one_line_paragraphs():
    text = "Heading\n\nFirst paragraph. It has two sentences.\nSecond paragraph on its own line.\n"
    doc = prose_document(text)
    paras = [doc.text[p.start:p.end] for p in doc.paragraphs]
    assert paras == ["Heading", "First paragraph. It has two sentences.",
                     "Second paragraph on its own line."]


def test_hard_wrapped_lines_join_into_one_paragraph():
    text = ("This is a long paragraph that has been wrapped at a fixed width by\n"
            "an editor, so that the sentence continues on the next line of the\n"
            "file and ends here.\n")
    doc = prose_document(text)
    assert len(doc.paragraphs) == 1


BODY = " ".join(["The minister visited the region on Monday and met officials there."] * 12)


def test_web_furniture_and_comment_threads_are_set_aside():
    text = ("back to top\n\n" + BODY + "\n\nBy Staff, Agencies\n\nRelated Articles\n\nNotify of\n\n"
            "Jane Doe\nJune 18, 2024 8:05 am\n\nThis comment is not part of the article at all.\n\n"
            "John Roe\nJune 18, 2024 9:15 am\n\nNeither is this reply to it.\n")
    doc = prose_document(text)
    prose = " ".join(doc.text[p.start:p.end] for p in doc.paragraphs)
    assert prose == BODY
    aside = doc.set_aside()
    assert aside["boilerplate"] == 5  # back to top + Related Articles
    assert aside["byline"] == 3
    assert aside["comments"] >= 2 + 12 + 11  # "Notify of" and two posts with names and stamps


def test_one_comment_cue_sets_aside_nothing_after_it():
    """A "Notify of" line or one timestamp is not a thread: what follows is still prose."""
    for cue in ("Notify of", "June 18, 2024 8:05 am", "3 comments"):
        doc = prose_document(BODY + "\n\n" + cue + "\n\n" + BODY)
        assert doc.word_count == 2 * len(BODY.split())
        assert sum(doc.set_aside().values()) <= 5


def test_dateline_prefix_is_set_aside_but_not_a_headline_with_colon():
    doc = prose_document("Islamabad: The president spoke.\n\nKim Jong Un in Russia: Will he go?")
    prose = [doc.text[p.start:p.end] for p in doc.paragraphs]
    assert prose == ["The president spoke.", "Kim Jong Un in Russia: Will he go?"]


def test_urls_are_not_prose():
    doc = prose_document("Read it at https://example.com/state-media-story now.")
    assert "example" not in [w.text for w in doc.words]
    assert doc.is_excluded(doc.text.index("https"))


def test_seed_appeals_and_reader_comments_are_set_aside(seed):
    doc = prose_document(seed("000"))
    aside = doc.set_aside()
    assert aside.get("comments", 0) > 400
    assert aside.get("boilerplate", 0) > 100
    assert "Putin" in [w.text for w in doc.words]
    assert "Commie" not in [w.text for w in doc.words]
