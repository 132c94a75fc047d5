"""Exact copies: content.body_sha256 and ``extractor dedupe --exact``.

Spun copies of one article of our own: new title and date, other ads. Where the ad sits decides
whether the copy is *exact* (same body as written, blank lines included) or only a near duplicate."""
from __future__ import annotations

import itertools
import json

import pytest

from extractor.cli import main
from extractor.pipeline import extract_text

PARAGRAPHS = [
    "Descaling a kettle every month keeps the element working and the water tasting clean.",
    "1. Fill the kettle halfway with equal parts white vinegar and water.\n"
    "2. Bring it to the boil, then switch it off and leave it for an hour.\n"
    "3. Pour the mixture away and rinse the kettle twice with fresh water.",
    "If white flakes remain, repeat the soak with lemon juice instead of vinegar.",
]


def ad(slot: str) -> str:
    return f'<ins class="adsbygoogle" style="display:block" data-ad-slot="{slot}"></ins>'


def article(title: str, date: str, *, ad_after: int, slot: str = "111", paragraphs=PARAGRAPHS) -> str:
    parts = list(paragraphs)
    parts.insert(ad_after + 1, ad(slot))
    body = "\n\n".join(parts)
    return f"---\ntitle: {title}\ndate: {date}\n---\n\n## {title}\n\n{body}\n\nAlso read:\n\n" \
           f"- [Another post]({slot}.html)\n- [Yet another]({slot}-2.html)\n"


def digest(text: str) -> str:
    return extract_text(text, "post.md").content.body_sha256


def test_title_front_matter_and_ads_do_not_change_the_body_digest():
    first = digest(article("Descale Your Kettle", "2024-01-02", ad_after=0, slot="111"))
    spun = digest(article("Kettle Scale, Gone for Good!", "2024-06-30", ad_after=0, slot="999"))
    assert first == spun and len(first) == 64


def test_an_ad_in_another_place_leaves_its_blank_lines_so_the_copy_is_not_exact():
    assert digest(article("A", "2024-01-02", ad_after=0)) != digest(article("A", "2024-01-02", ad_after=1))


def test_an_edited_word_changes_the_digest():
    edited = [PARAGRAPHS[0].replace("every month", "every week"), *PARAGRAPHS[1:]]
    assert digest(article("A", "2024-01-02", ad_after=0)) != \
        digest(article("A", "2024-01-02", ad_after=0, paragraphs=edited))


def write_posts(folder):
    posts = {
        "a.md": article("Descale Your Kettle", "2024-03-01", ad_after=0, slot="1"),
        "b.md": article("Kettle Scale, Gone", "2024-01-10", ad_after=0, slot="2"),  # exact copy, earlier
        "c.md": article("Clean Kettle Fast", "2024-02-01", ad_after=1, slot="3"),  # ad moved: near only
        "d.md": "# Oil a Bicycle Chain\n\nWipe the chain, then add one drop of oil per link and spin the pedals.\n",
    }
    for name, text in posts.items():
        (folder / name).write_text(text)
    return posts


def test_dedupe_exact_groups_only_identical_bodies(tmp_path, capsys):
    write_posts(tmp_path)
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(tmp_path), "-o", str(out), "-q"]) == 0
    assert main(["dedupe", str(out), "--exact", "-o", str(tmp_path / "exact.json")]) == 0
    assert main(["dedupe", str(out), "-o", str(tmp_path / "near.json")]) == 0
    name = lambda path: path.rsplit("/", 1)[-1]
    exact = [[name(p) for p in g] for g in json.loads((tmp_path / "exact.json").read_text())["groups"]]
    near = [[name(p) for p in g] for g in json.loads((tmp_path / "near.json").read_text())["groups"]]
    assert exact == [["b.md", "a.md"]]  # canonical: the earliest date
    assert near == [["b.md", "a.md", "c.md"]]
    assert "1 duplicate groups, 1 duplicates" in capsys.readouterr().err


def test_records_without_a_digest_are_reported_and_left_alone(tmp_path, capsys):
    write_posts(tmp_path)
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(tmp_path), "-o", str(out), "-q"]) == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    for row in rows:  # as an extractor before schema 1.1.0 wrote them
        row["schema_version"] = "1.0.0"
        row["content"].pop("body_sha256", None)
    old = tmp_path / "old.jsonl"
    old.write_text("".join(json.dumps(row) + "\n" for row in rows))
    capsys.readouterr()
    assert main(["dedupe", str(old), "--exact", "-o", "-"]) == 1
    out_text, err = capsys.readouterr()
    assert json.loads(out_text) == {"groups": []}
    assert "4 records have no content.body_sha256" in err


def test_exact_and_threshold_do_not_mix(tmp_path):
    (tmp_path / "r.jsonl").write_text("")
    assert main(["dedupe", str(tmp_path / "r.jsonl"), "--exact", "--threshold", "0.8"]) == 2


def pairs(groups):
    return {pair for group in groups for pair in itertools.combinations(sorted(group), 2)}


@pytest.mark.slow
def test_exact_groups_match_the_reference_on_a_corpus_sample(tmp_path):
    """Every 10th reference group (first five posts): pairwise precision and recall of --exact against the
    reference on that slice. Several of these groups are copies of one article with ads in other places,
    which the reference keeps apart, so precision is tested too."""
    from project_paths import shared_path

    corpus = shared_path("corpus", "techidaily")
    reference = json.loads(shared_path("eval", "duplicates", "groups.json").read_text())["groups"]
    sample = [group[:5] for group in reference[::10]]
    out = tmp_path / "sample.jsonl"
    assert main(["extract", *[str(corpus / p) for g in sample for p in g], "-o", str(out), "-q"]) == 0
    assert main(["dedupe", str(out), "--exact", "-o", str(tmp_path / "groups.json"), "-q"]) == 0
    root = str(corpus) + "/"
    ours = [[p[len(root):] for p in g] for g in json.loads((tmp_path / "groups.json").read_text())["groups"]]
    found, expected = pairs(ours), pairs(sample)
    assert len(found & expected) / len(expected) >= 0.95
    assert len(found & expected) / len(found) >= 0.90


def test_extract_dedupe_exact_marks_only_exact_copies(tmp_path):
    posts = tmp_path / "posts"
    posts.mkdir()
    write_posts(posts)
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(posts), "-o", str(out), "-q", "--dedupe-exact"]) == 0
    marked = {row["source"]["path"].rsplit("/", 1)[-1]: row["duplicate_of"]
              for row in map(json.loads, out.read_text().splitlines())}
    assert marked == {"a.md": str(posts / "b.md"), "b.md": None, "c.md": None, "d.md": None}
    assert main(["extract", str(posts), "-o", str(out), "-q", "--dedupe"]) == 0  # near: c.md joins
    marked = {row["source"]["path"].rsplit("/", 1)[-1]: row["duplicate_of"]
              for row in map(json.loads, out.read_text().splitlines())}
    assert marked["c.md"] == str(posts / "b.md")
