"""Near-duplicate grouping: MinHash sketches, canonical records, groups.json, extract --dedupe."""
from __future__ import annotations

import io
import json
import random

import pytest

from corpus_records import BIKE, BREAD, GARDEN, document, error, procedure, read_jsonl, write_jsonl
from extractor.cli import main
from extractor.model import DocumentRecord
from extractor.corpus.dedupe import canonical_key, find_duplicate_groups, groups_document, mark_duplicates
from extractor.corpus.mark import mark_output
from extractor.corpus.minhash import SketchOptions, candidate_pairs, shingle_hashes, similarity, sketch, words


def spun_corpus():
    """Three spun copies of one article (new titles and dates), two of another, and one loner."""
    return [
        document("site/garden-b.md", "Build a Raised Bed This Weekend", GARDEN, date="2024-03-02"),
        document("site/garden-a.md", "Raised Beds for Beginners", GARDEN, date="2024-01-15"),
        document("site/garden-c.md", "Why Gardeners Love Raised Beds", GARDEN + "\nHappy growing!"),
        document("site/bread-1.md", "Sourdough Starter From Scratch", BREAD, date="2023-05-01"),
        document("site/bread-2.md", "Your First Sourdough Starter", BREAD, date="2023-05-01"),
        document("site/bike.md", "Quiet Your Bicycle Chain", BIKE),
    ]


def test_spun_copies_grouped_and_loner_left_alone():
    groups = find_duplicate_groups(spun_corpus())
    assert [list(g.members) for g in groups] == [
        ["site/bread-1.md", "site/bread-2.md"],
        ["site/garden-a.md", "site/garden-b.md", "site/garden-c.md"],
    ]


def test_canonical_is_earliest_dated_then_path_whatever_the_input_order():
    records = spun_corpus()
    for seed in range(5):
        random.Random(seed).shuffle(records)
        groups = {g.canonical for g in find_duplicate_groups(records)}
        assert groups == {"site/garden-a.md", "site/bread-1.md"}  # undated garden-c never wins


def test_canonical_key_prefers_dated_then_more_steps():
    undated = document("z.md", "T", GARDEN)
    dated = document("y.md", "T", GARDEN, date="2025-01-01")
    assert canonical_key(dated) < canonical_key(undated)


def test_reworded_sibling_article_is_not_a_duplicate():
    # the same template rewritten for another problem: most sentences change, a few stay
    sibling = GARDEN.replace("Raised garden beds warm up earlier in spring", "Container gardens suit balconies") \
        .replace("Cedar and larch boards resist rot", "Glazed pots keep moisture longer") \
        .replace("Fill the frame with a mix of topsoil and compost", "Fill each pot with a peat-free potting mix") \
        .replace("close to a tap", "sheltered from strong wind")
    records = [document("a.md", "Raised beds", GARDEN), document("b.md", "Balcony pots", sibling)]
    assert find_duplicate_groups(records) == []


def test_one_changed_sentence_is_still_a_duplicate():
    article = "\n\n".join([GARDEN, BREAD, BIKE])  # an article of a realistic length (~300 words)
    edited = article.replace("let it settle for a week", "allow it to settle for about ten days")
    records = [document("a.md", "Weekend projects", article), document("b.md", "Weekend projects, revised", edited)]
    # neither is dated and both have no steps: the longer text (b) is canonical
    assert [list(g.members) for g in find_duplicate_groups(records)] == [["b.md", "a.md"]]


def test_empty_texts_are_never_duplicates():
    records = [document("a.md", "", ""), document("b.md", "", "")]
    records = [r.model_copy(update={"content": r.content.model_copy(update={"text": "  "})}) for r in records]
    assert find_duplicate_groups(records) == []


def test_sketch_similarity_tracks_jaccard():
    rng = random.Random(7)
    vocabulary = [f"w{i}" for i in range(5000)]
    base = rng.sample(vocabulary, 1200)
    for keep in (1.0, 0.9, 0.6, 0.3):
        other = base[: int(len(base) * keep)] + rng.sample(vocabulary, int(len(base) * (1 - keep)))
        a, b = shingle_hashes(base, 1), shingle_hashes(other, 1)
        true = len(a & b) / len(a | b)
        assert abs(similarity(sketch(a, 128), sketch(b, 128)) - true) < 0.12


def test_lsh_only_proposes_similar_pairs():
    options = SketchOptions()
    texts = [GARDEN, BREAD, BIKE, GARDEN + " Extra closing words here."]
    sketches = [sketch(shingle_hashes(words(t), options.shingle_words), options.permutations) for t in texts]
    assert candidate_pairs(sketches, options) == {(0, 3)}


def test_mark_duplicates_sets_and_clears_duplicate_of():
    records = spun_corpus()
    records[1] = records[1].model_copy(update={"duplicate_of": "stale.md"})  # canonical must be cleared
    marked = {r.source.path: r.duplicate_of for r in mark_duplicates(records, find_duplicate_groups(records))}
    assert marked["site/garden-a.md"] is None
    assert marked["site/garden-c.md"] == "site/garden-a.md"
    assert marked["site/bread-2.md"] == "site/bread-1.md"
    assert marked["site/bike.md"] is None


def test_dedupe_command_writes_groups_with_canonical_first(tmp_path, capsys):
    records = write_jsonl(tmp_path / "out.jsonl", spun_corpus() + [error("site/broken.md")])
    assert main(["dedupe", str(records), "-o", str(tmp_path / "groups.json")]) == 0
    written = json.loads((tmp_path / "groups.json").read_text())
    assert written == groups_document(find_duplicate_groups(spun_corpus()))
    assert written["groups"][1][0] == "site/garden-a.md"
    assert "2 duplicate groups, 3 duplicates (1 error records skipped)" in capsys.readouterr().err


def test_dedupe_command_reads_directories_and_reports_bad_lines(tmp_path, capsys):
    folder = tmp_path / "records"
    folder.mkdir()
    for record in spun_corpus():
        (folder / (record.source.path.split("/")[-1] + ".json")).write_text(record.model_dump_json(indent=2))
    (folder / "junk.json").write_text("{not json")
    assert main(["dedupe", str(folder), "-o", "-"]) == 1
    out, err = capsys.readouterr()
    assert len(json.loads(out)["groups"]) == 2
    assert "junk.json" in err


def test_mark_output_rewrites_jsonl_in_place(tmp_path):
    path = write_jsonl(tmp_path / "out.jsonl", spun_corpus() + [error("site/broken.md")])
    before = path.read_bytes().splitlines()
    report = mark_output(str(path))
    assert report.changed == 3
    after = path.read_bytes().splitlines()
    rows = read_jsonl(path)
    marked = {r["source"]["path"]: r.get("duplicate_of") for r in rows if r["kind"] == "document"}
    assert marked["site/garden-b.md"] == "site/garden-a.md"
    assert after[-1] == before[-1]  # the error record is copied untouched
    assert after[5] == before[5]  # so is a record that is no duplicate (bike)
    assert not (tmp_path / "out.jsonl.partial").exists()
    assert mark_output(str(path)).changed == 0  # a second pass changes nothing


def test_mark_output_rewrites_directory_records(tmp_path):
    for record in spun_corpus():
        (tmp_path / (record.source.path.split("/")[-1] + ".json")).write_text(record.model_dump_json(indent=2))
    assert mark_output(str(tmp_path)).changed == 3
    assert json.loads((tmp_path / "bread-2.md.json").read_text())["duplicate_of"] == "site/bread-1.md"


@pytest.mark.parametrize("threshold", ["0", "1.5"])
def test_dedupe_rejects_bad_threshold(tmp_path, threshold):
    records = write_jsonl(tmp_path / "out.jsonl", spun_corpus())
    assert main(["dedupe", str(records), "--threshold", threshold]) == 2


def test_extract_dedupe_marks_spun_copies(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    body = "\n\n".join([GARDEN, BREAD, BIKE])
    for name, title, date in [("one.md", "Weekend Projects", "2024-02-01"),
                              ("two.md", "Three Weekend Jobs", "2024-06-01"), ("three.md", "Saturday To-Do", None)]:
        front = f"---\ntitle: {title}\n" + (f"date: {date}\n" if date else "") + "---\n"
        (articles / name).write_text(f"{front}\n# {title}\n\n{body}\n", encoding="utf-8")
    other = "# Something else\n\n" + GARDEN.replace("garden", "allotment") + "\n"
    (articles / "other.md").write_text(other, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(articles), "-o", str(out), "--dedupe", "-q"]) == 0
    marked = {r["source"]["path"].rsplit("/", 1)[-1]: r["duplicate_of"] for r in read_jsonl(out)}
    canonical = str(articles / "one.md")
    assert marked == {"one.md": None, "two.md": canonical, "three.md": canonical, "other.md": None}


def test_extract_dedupe_needs_an_output_file(tmp_path):
    (tmp_path / "a.md").write_text("# A\n\ntext\n")
    assert main(["extract", str(tmp_path / "a.md"), "--dedupe"]) == 2


@pytest.mark.slow
def test_reference_groups_are_found_on_a_corpus_sample(tmp_path):
    """A slice of the real corpus: every reference group (first 4 members of every 20th group) must land
    inside one of our groups, and posts from different reference groups with different bodies must not."""
    from project_paths import shared_path

    corpus = shared_path("corpus", "techidaily")
    reference = json.loads(shared_path("eval", "duplicates", "groups.json").read_text())["groups"]
    sample = [group[:4] for group in reference[::20]]
    out = tmp_path / "sample.jsonl"
    assert main(["extract", *[str(corpus / p) for g in sample for p in g], "-o", str(out), "-q"]) == 0
    ours = {}
    records = [DocumentRecord.model_validate(row) for row in read_jsonl(out)]
    for number, group in enumerate(find_duplicate_groups(records)):
        ours.update({path: number for path in group.members})
    for group in sample:
        assert len({ours.get(str(corpus / p)) for p in group}) == 1 and ours.get(str(corpus / group[0])) is not None
    assert len(set(ours.values())) >= len(sample) // 2  # not everything collapsed into one group


def test_dedupe_reports_repeated_procedures_with_support(tmp_path, monkeypatch, capsys):
    run_box = ["Press Win+R to open the Run box.", "Type devmgmt.msc and press Enter.", "Expand Display adapters."]
    other = ["Unplug the router for thirty seconds.", "Plug it back in and wait for the lights."]
    records = [
        document("a.md", "Raised beds", GARDEN, date="2024-01-01",
                 procedures=[procedure("Open Device Manager", run_box)]),
        document("a-copy.md", "Raised beds again", GARDEN, procedures=[procedure("Open Device Manager", run_box)]),
        document("b.md", "Bread", BREAD, procedures=[procedure("Get to Device Manager", run_box + ["Done."]),
                                                     procedure("Restart the router", other)]),
        document("c.md", "Bike", BIKE, procedures=[procedure("Restart the router", other[:1] + ["Wait."])]),
    ]
    stdin = io.TextIOWrapper(io.BytesIO("".join(r.model_dump_json() + "\n" for r in records).encode()))
    monkeypatch.setattr("sys.stdin", stdin)
    assert main(["dedupe", "-", "-o", str(tmp_path / "g.json"), "--procedures", str(tmp_path / "p.json"), "-q"]) == 0
    repeated = json.loads((tmp_path / "p.json").read_text())["procedures"]
    assert len(repeated) == 1  # the router steps differ too much to be one procedure
    assert repeated[0]["title"] == "Get to Device Manager"  # canonical article, most steps
    assert (repeated[0]["sources"], repeated[0]["articles"]) == (2, 3)  # a-copy is a duplicate of a
    assert sorted(m["path"] for m in repeated[0]["members"]) == ["a-copy.md", "a.md", "b.md"]
