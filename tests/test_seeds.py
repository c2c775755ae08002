"""End to end on the sample articles: the spun copy fails with many located findings, the
ordinary copies pass, and the Russian paragraph is foreign text, not spinning."""

from mtcheck.api import check_path


def test_spun_seed_is_spun_with_many_located_findings(seed_path):
    report = check_path(str(seed_path("004")))
    assert report.verdict == "spun"
    assert report.spun > 0.8
    assert len(report.findings) >= 15
    with_suggestion = [f for f in report.findings if f.suggestions]
    assert len(with_suggestion) >= 0.6 * len(report.findings)
    text = seed_path("004").read_text(encoding="utf-8")
    lowered = {f.text.lower() for f in report.findings}
    found = " | ".join(lowered)
    for artifact in ("kingdom media", "nineteen nineties", "navy cooperation", "dating among"):
        assert artifact in found, artifact
    for f in report.findings:
        assert text[f.start:f.end] == f.text
        assert f.line >= 1 and f.column >= 1


def test_clean_seeds_are_clean(seed_path):
    for prefix in ("001", "003"):
        report = check_path(str(seed_path(prefix)))
        assert report.verdict == "clean", (prefix, report.reasons, [f.message for f in report.findings])


def test_russian_paragraph_is_foreign_text_not_spinning(seed_path):
    report = check_path(str(seed_path("002")))
    assert report.verdict in ("clean", "suspicious")
    foreign = [f for f in report.findings if f.code == "MT501"]
    assert foreign and "Путин" in " ".join(f.text for f in foreign)


def test_reader_comments_are_set_aside_and_do_not_fail_the_article(seed_path):
    report = check_path(str(seed_path("000")))
    assert report.verdict in ("clean", "suspicious")
    assert report.set_aside.get("comments", 0) > 400
