"""mtcheck.compare.cluster and the `mtcheck cluster` / `--against` commands."""

import json

import pytest

from mtcheck.cli import main
from mtcheck.compare.cluster import Item, cluster

from .test_align import SOURCE, SPUN, UNRELATED

MT = (
    "The media of state said Tuesday that the president will visit capital the next week.\n\n"
    "Officials expect that the talks focus in the cooperation military and the trade between "
    "both countries, that have grown more close since began the sanctions.\n\n"
    "The relation between the two countries has been tested by long dispute on the border, "
    "but the both governments now say that they want to settle it quickly.\n\n"
    "The analysts warned that the agreement could face resistance of the opposition in the "
    "parliament, where several members have criticised the plan like rushed.\n"
)
OTHER = (
    "Shares in the airline fell sharply after it warned that rising fuel prices would cut its "
    "profits this year.\n\nThe company said passenger numbers were still growing, but that the "
    "cost of jet fuel had risen by a third since the summer and could not all be passed on.\n"
)


def batch():
    return {
        "source.txt": SOURCE,
        "repost.txt": "Home | World | Politics\n\n" + SOURCE + "\nShare this article\n",
        "spun.txt": SPUN,
        "translated.txt": MT,
        "football.txt": UNRELATED,
        "airline.txt": OTHER,
    }


def write(tmp_path, files):
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")


def roles(result):
    return {m.name.rsplit("/", 1)[-1].rsplit(":", 1)[-1]: m for f in result.families for m in f.members}


def test_family_with_copy_spun_and_translated_members():
    result = cluster([Item(name, text=text) for name, text in batch().items()])
    assert len(result.families) == 1
    fam = result.families[0]
    r = roles(result)
    assert set(r) == {"source.txt", "repost.txt", "spun.txt", "translated.txt"}
    assert fam.source in ("source.txt", "repost.txt")
    clean = {"source.txt", "repost.txt"}
    assert {r[n].role for n in clean} == {"source", "verbatim copy"}
    assert r["spun.txt"].role == "spun copy" and r["spun.txt"].against in clean
    assert r["spun.txt"].substitutions >= 6 and 0.05 < r["spun.txt"].substitution_rate < 0.5
    assert any(ex.startswith("kingdom <- state") for ex in r["spun.txt"].examples)
    assert r["translated.txt"].role == "machine-translated rewrite"
    assert sorted(result.singletons) == ["airline.txt", "football.txt"]


def test_unrelated_articles_make_no_family():
    result = cluster([Item("a", text=UNRELATED), Item("b", text=OTHER), Item("c", text=SOURCE)])
    assert result.families == [] and sorted(result.singletons) == ["a", "b", "c"]


def test_identical_articles():
    result = cluster([Item("a", text=SOURCE), Item("b", text=SOURCE)])
    (fam,) = result.families
    assert [m.role for m in fam.members] == ["source", "verbatim copy"]
    assert fam.members[1].verbatim_fraction == 1.0


def test_folder_and_json_lines_and_bad_input(tmp_path, capsys):
    folder = tmp_path / "articles"
    folder.mkdir()
    files = batch()
    write(folder, {k: v for k, v in files.items() if k != "spun.txt"})
    (folder / "notes.bin").write_bytes(b"\x00\x01binary")  # not collected (suffix)
    (folder / "broken.txt").write_bytes(b"\x00\x00\x00\x01" * 50)  # binary: one-line error
    jsonl = tmp_path / "more.jsonl"
    jsonl.write_text(json.dumps({"id": "spun-1", "text": files["spun.txt"]}) + "\n"
                     + "{not json\n" + json.dumps({"id": "x"}) + "\n", encoding="utf-8")
    code = main(["cluster", "--format", "json", str(folder), str(jsonl)])
    out, err = capsys.readouterr()
    assert code == 2
    errors = err.strip().splitlines()
    assert len(errors) == 3 and all(": error: " in line for line in errors)
    assert any(line.startswith(f"{jsonl}:2: error: not valid JSON") for line in errors)
    assert any(line.startswith(f"{jsonl}:3: error: no 'text' field") for line in errors)
    assert any(line.startswith(f"{folder / 'broken.txt'}: error: binary file") for line in errors)
    data = json.loads(out)
    (fam,) = data["families"]
    names = {m["name"]: m for m in fam["members"]}
    assert names[f"{jsonl}:spun-1"]["role"] == "spun copy"
    assert str(folder / "translated.txt") in names


def test_missing_path_and_no_arguments(tmp_path, capsys):
    assert main(["cluster", str(tmp_path / "gone.txt")]) == 2
    out, err = capsys.readouterr()
    assert err.strip() == f"{tmp_path / 'gone.txt'}: error: no such file"
    assert main(["cluster"]) == 2


def test_text_output_names_the_source_and_each_relation(tmp_path, capsys):
    write(tmp_path, batch())
    assert main(["cluster", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("6 articles: 1 family of near-duplicates, 2 unrelated articles")
    assert "spun.txt: spun copy of " in out and "translated.txt: machine-translated rewrite of " in out
    assert "kingdom <- state" in out


def test_seeds_one_family_of_copies_and_with_related_the_spun_member(seed_path, capsys):
    seeds = [str(seed_path(p)) for p in ("000", "001", "002", "003", "004")]
    result = cluster([Item(s, path=s) for s in seeds])
    # near-duplicates only: the repost (comments and appeal set aside) and the copy
    (fam,) = result.families
    r = roles(result)
    assert set(r) == {seeds[0].rsplit("/", 1)[1], seeds[1].rsplit("/", 1)[1]}
    assert sorted(m.role for m in fam.members) == ["source", "verbatim copy"]
    # grouped by shared passages: one family; 004 is the spun member, with its substitutions
    related = cluster([Item(s, path=s) for s in seeds], related=True)
    (fam,) = related.families
    assert len(fam.members) == 5
    by_prefix = {m.name.rsplit("/", 1)[1][:3]: m for m in fam.members}
    assert {by_prefix["000"].role, by_prefix["001"].role} == {"source", "verbatim copy"}
    assert "spun copy" in by_prefix["004"].role
    assert by_prefix["004"].against in (seeds[0], seeds[1])
    assert len(by_prefix["004"].examples) >= 3
    assert all(" <- " in ex for ex in by_prefix["004"].examples)


def test_against_on_the_seeds(seed_path, capsys):
    code = main([str(seed_path("004")), "--against", str(seed_path("001"))])
    out = capsys.readouterr().out
    assert code == 1
    first = out.splitlines()[0]
    assert first.startswith(f"{seed_path('004')}: spun copy of part of {seed_path('001')}")
    assert f"'robust' <- 'unwavering'" in out
    code = main([str(seed_path("000")), "--against", str(seed_path("001")), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["relation"] == "verbatim copy"


def test_against_bad_input_and_usage(tmp_path, capsys, seed_path):
    assert main([str(tmp_path / "gone.txt"), "--against", str(seed_path("001"))]) == 2
    assert capsys.readouterr().err.strip() == f"{tmp_path / 'gone.txt'}: error: no such file"
    assert main([str(seed_path("001")), "--against", str(tmp_path)]) == 2
    assert capsys.readouterr().err.strip() == f"{tmp_path}: error: is a directory"
    assert main([str(seed_path("001")), str(seed_path("000")), "--against", str(seed_path("003"))]) == 2
    assert main([str(seed_path("001")), "--learn", str(tmp_path / "p.tsv")]) == 2
    assert main([str(seed_path("001")), "--against", str(seed_path("003")), "--format", "sarif"]) == 2


def test_learn_appends_valid_pack_entries_once(tmp_path, capsys):
    from mtcheck.rules.spinner_fingerprints import parse_pack

    write(tmp_path, {"spun.txt": SPUN, "source.txt": SOURCE, "mt.txt": MT})
    pack = tmp_path / "learned.tsv"
    args = [str(tmp_path / "spun.txt"), "--against", str(tmp_path / "source.txt"), "--learn", str(pack)]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "entries added (new pack)" in err
    text = pack.read_text(encoding="utf-8")
    parsed = parse_pack(text, "learned", "MT103")
    assert not parsed.errors
    entries = {(e.phrase, e.originals[0]) for e in parsed.entries}
    assert ("kingdom [media]", "state") in entries and ("go to [the]", "visit") in entries
    assert ("[it] fast", "quickly") in entries  # context from before: a sentence ends after it
    assert not any(p.startswith("2") for p, _ in entries)  # numbers are not learned
    assert main(args) == 1  # the same comparison again adds nothing
    assert "0 entries added" in capsys.readouterr().err
    assert pack.read_text(encoding="utf-8") == text
    # a translated text teaches nothing
    assert main([str(tmp_path / "mt.txt"), "--against", str(tmp_path / "source.txt"), "--learn", str(pack)]) == 1
    assert "nothing learned" in capsys.readouterr().err
    # the pack finds the spinner's phrases in another article (MT103)
    other = tmp_path / "other.txt"
    other.write_text("The delegation will go to the capital in May, officials said.\n")
    main(["--isolated", "--lexicons", str(pack), "--select", "MT103", "--format", "json", str(other)])
    found = json.loads(capsys.readouterr().out)["files"][0]["findings"]
    assert [(f["code"], f["text"][:5], f["suggestions"][0][:5]) for f in found] == [("MT103", "go to", "visit")]


def test_html_family_view(tmp_path, capsys):
    from html.parser import HTMLParser

    files = batch()
    files["odd<b>&name.txt"] = files.pop("airline.txt")
    write(tmp_path, files)
    assert main(["cluster", "--format", "html", str(tmp_path)]) == 0
    page = capsys.readouterr().out
    rows = []

    class Rows(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "tr":
                rows.append(dict(attrs).get("class", ""))

    Rows().feed(page)
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert sorted(c for c in rows if c) == ["source", "spun", "translated"]
    assert "kingdom &lt;- state" in page
    assert "odd&lt;b&gt;&amp;name.txt" in page and "<b>" not in page


def test_likely_source_is_the_clean_member_with_fewest_artifacts():
    items = [Item("repost", text="Home | World\n\n" + SOURCE), Item("source", text=SOURCE),
             Item("spun", text=SPUN)]
    counts = {"repost": 3, "source": 0, "spun": 9}
    result = cluster(items, count_artifacts=lambda item: counts[item.name])
    (fam,) = result.families
    assert fam.source == "source"
    r = {m.name: m for m in fam.members}
    assert r["repost"].role == "verbatim copy" and r["repost"].artifacts == 3
    assert r["spun"].role == "spun copy" and r["spun"].against in ("source", "repost")
    counts.update(repost=0, source=2)
    assert cluster(items, count_artifacts=lambda item: counts[item.name]).families[0].source == "repost"


def test_check_members_counts_findings(tmp_path, capsys):
    write(tmp_path, {"source.txt": SOURCE, "spun.txt": SPUN})
    assert main(["cluster", "--check-members", "--format", "json", str(tmp_path)]) == 0
    (fam,) = json.loads(capsys.readouterr().out)["families"]
    found = {m["name"].rsplit("/", 1)[1]: m["artifacts"] for m in fam["members"]}
    assert found["spun.txt"] > found["source.txt"] >= 0


def test_worker_processes_give_the_same_families():
    texts = [SOURCE, SPUN, MT, UNRELATED, OTHER]
    items = [Item(f"a{k:03d}", text=texts[k % 5] + f"\nFiled as item {k} in batch {k // 5}.\n")
             for k in range(140)]
    one = cluster(items, jobs=1).to_json()
    two = cluster(items, jobs=2).to_json()
    assert one == two
    assert one["articles"] == 140 and len(one["families"]) >= 3
