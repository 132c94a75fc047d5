"""Recipe and how-to cards on hand-written pages: steps by structure, notes kept out, requirements.

Every page here is invented for the test; see tests/test_recipes.py for the scored real pages.
"""
from __future__ import annotations

import json
import re
import sqlite3

import pytest

from extractor.corpus.store import index_records
from extractor.pipeline import extract_text
from extractor.readers.html_steps import is_step_label, names_requirements
from extractor.rules import Rules, active_rules
from extractor.writers.howto import document_to_jsonld

INTRO = "<p>A weeknight dish from the pantry, quick to make and easy to double for a crowd of friends.</p>"


def page(body: str, title: str = "Oat pancakes") -> str:
    """A page with one element a line (procedures know their lines: a one-line page would overlap itself)."""
    body = re.sub(r"(<(?:h\d|li|p|div|ol|ul|img)\b)", "\n\\1", body)
    return (f"<html><head><title>{title}</title></head><body><main><article>\n<h1>{title}</h1>\n{INTRO}"
            f"{body}\n</article></main></body></html>")


def extract(html: str):
    return extract_text(html, "card.html")


def steps_of(record) -> list[list[str]]:
    return [[s.text for s in p.steps] for p in record.procedures]


INGREDIENTS = ('<div class="card-ingredients"><h3>Ingredients</h3><ul><li>1 cup rolled oats</li><li>2 eggs</li>'
               '<li>1 cup milk</li></ul></div>')


def test_step_numbers_and_step_word_labels_are_not_steps():
    record = extract(page(
        '<div class="recipe-preparations"><h3>Preparation</h3>'
        '<div class="prep-line"><div class="step-marker">1</div><div class="step-text">Blend the oats to a coarse flour.</div></div>'
        '<div class="prep-line"><div class="step-marker">2</div><div class="step-text">Whisk in the eggs and the milk.</div></div>'
        '<div class="prep-line"><div class="step-marker">3</div><div class="step-text">Fry small rounds in a hot pan.</div></div>'
        '</div>'))
    assert steps_of(record) == [["Blend the oats to a coarse flour.", "Whisk in the eggs and the milk.",
                                 "Fry small rounds in a hot pan."]]


def test_step_label_headings_do_not_make_groups():
    record = extract(page(
        '<div class="recipe-steps"><div class="steps-wrapper">'
        '<div class="step"><h3 class="step-title">Step 1</h3><p>Blend the oats to a coarse flour.</p></div>'
        '<div class="step"><h3 class="step-title">Step 2</h3><p>Whisk in the eggs and the milk.</p></div>'
        '</div></div>'))
    [procedure] = record.procedures
    assert [s.text for s in procedure.steps] == ["Blend the oats to a coarse flour.", "Whisk in the eggs and the milk."]
    assert all(not s.substeps for s in procedure.steps)
    assert "Step 1" not in record.content.text


def test_direction_groups_keep_their_labels_and_notes_stay_content():
    record = extract(page(
        INGREDIENTS + '<div class="card-instructions"><h3>Instructions</h3>'
        '<h4 class="card-group-name">For the batter</h4><ul><li>Blend the oats to a coarse flour.</li>'
        '<li>Whisk in the eggs and the milk.</li></ul>'
        '<h4 class="card-group-name">To cook</h4><ul><li>Heat a buttered pan over medium heat.</li>'
        '<li>Fry small rounds until golden on both sides.</li></ul>'
        '<div class="card-notes"><h3>Notes</h3><ul><li>Keep them warm in a low oven.</li>'
        '<li>Oat milk works as well.</li></ul></div></div>'))
    [procedure] = record.procedures
    assert [s.text for s in procedure.steps] == ["For the batter", "To cook"]
    assert [[sub.text for sub in s.substeps] for s in procedure.steps] == [
        ["Blend the oats to a coarse flour.", "Whisk in the eggs and the milk."],
        ["Heat a buttered pan over medium heat.", "Fry small rounds until golden on both sides."]]
    assert procedure.requirements == ["1 cup rolled oats", "2 eggs", "1 cup milk"]
    text = record.content.text
    assert "Keep them warm in a low oven." in text
    assert text.index("Fry small rounds") < text.index("Keep them warm")


def test_named_steps_win_over_a_tips_list_in_the_same_card():
    record = extract(page(
        '<div class="recipe-instructions"><div class="instruction-step">Blend the oats to a coarse flour.</div>'
        '<div class="instruction-step">Whisk in the eggs and the milk.</div>'
        '<div class="instruction-step">Fry small rounds in a hot pan.</div>'
        '<div class="extra"><p>Good to know</p><ol><li>Keep them warm in a low oven.</li>'
        '<li>Oat milk works as well.</li></ol></div></div>'))
    assert steps_of(record) == [["Blend the oats to a coarse flour.", "Whisk in the eggs and the milk.",
                                 "Fry small rounds in a hot pan."]]
    assert "Oat milk works as well." in record.content.text


def test_paragraph_steps_under_a_method_heading():
    record = extract(page(
        "<h2>Ingredients</h2><ul><li>500 g frozen peas</li><li>1 onion</li><li>1 l stock</li></ul>"
        "<h2>Method</h2><p>Soften the chopped onion in a little butter.</p>"
        '<img src="pot.jpg" alt="the pot"><p>Add the peas and the stock and bring to a simmer.</p>'
        "<p>Blend until smooth and season to taste.</p><p>Tip: a spoon of yogurt on top is lovely.</p>",
        title="Pea soup"))
    [procedure] = record.procedures
    assert procedure.origin == "step-paragraphs"
    assert [s.text for s in procedure.steps] == ["Soften the chopped onion in a little butter.",
                                                 "Add the peas and the stock and bring to a simmer.",
                                                 "Blend until smooth and season to taste."]
    assert procedure.requirements == ["500 g frozen peas", "1 onion", "1 l stock"]
    assert "a spoon of yogurt" in record.content.text


def test_a_list_wrapped_in_a_one_item_list_under_directions():
    record = extract(page("<h2>Directions</h2><ul><li><ol><li>Warm the bowls in the oven.</li>"
                          "<li>Ladle the soup into the bowls.</li></ol></li></ul>", title="Pea soup"))
    assert steps_of(record) == [["Warm the bowls in the oven.", "Ladle the soup into the bowls."]]


WALKTHROUGH = ("<h2>How to make these pancakes</h2><ol><li>Add the milk and the eggs to the blended oats and whisk "
               "until the batter is smooth.</li><li>Place small rounds of batter in a hot buttered pan.</li>"
               "<li>Turn them over when golden, about two minutes a side.</li></ol>")
TIPS = ("<h2>Recipe tips</h2><ol><li>Rest the batter so the oats soften.</li>"
        "<li>Do not press the pancakes with the spatula.</li></ol>")
CARD = ('<div class="card-instructions"><ol><li>Blend the oats to a coarse flour.</li>'
        '<li>Whisk the eggs and the milk into the oat flour.</li><li>Heat a buttered pan over medium heat.</li>'
        '<li>Cook small rounds of batter until golden on both sides.</li></ol></div>')


def test_on_a_recipe_page_the_card_is_the_procedure():
    record = extract(page(WALKTHROUGH + TIPS + "<h2>Oat pancakes</h2>" + INGREDIENTS + CARD))
    assert len(record.procedures) == 1
    assert record.procedures[0].title == "Oat pancakes"  # not the card's "Ingredients" heading
    assert record.procedures[0].steps[0].text == "Blend the oats to a coarse flour."
    assert "Do not press the pancakes" in record.content.text
    codes = [w.message for w in record.warnings if w.code == "structured-data"]
    assert any("retells" in m for m in codes) and any("advice" in m for m in codes)


def test_without_an_ingredient_list_other_lists_stay_procedures():
    record = extract(page(WALKTHROUGH + TIPS + "<h2>Oat pancakes</h2>" + CARD))
    assert [p.title for p in record.procedures] == ["How to make these pancakes", "Recipe tips", "Oat pancakes"]


def test_category_classes_and_layout_classes_name_no_steps_container():
    html = ('<html><head><title>Soup</title></head><body><article class="post category-cooking-method '
            'direction-column"><h1>Soup</h1>' + INTRO + "<p>Some more words about soup and about bread.</p>"
            "<p>And a last paragraph that tells a story.</p></article></body></html>")
    record = extract(html)
    assert record.procedures == []


def test_the_taxonomy_and_layout_pattern_keeps_to_its_examples():
    containers = active_rules().html_cards.containers
    assert all(containers.taxonomy_pattern.match(word) for word in containers.examples)
    assert not any(containers.taxonomy_pattern.match(word) for word in containers.not_examples)
    assert all(containers.post_class_pattern.match(word) for word in containers.post_class_examples)
    assert not any(containers.post_class_pattern.match(word) for word in containers.post_class_not_examples)


def test_a_cms_posts_terms_name_no_steps_container():
    # A related-posts card carries the post's terms of a custom taxonomy as classes ("Method-pan-fry").
    related = "".join(
        f'<article class="post-{n} post type-post status-publish hentry Method-pan-fry Difficulty-easy">'
        f'<p class="h3"><a href="/r{n}">Recipe number {n} with a long enough title</a></p>'
        f'<p>A short description of recipe {n} for the reader to click.</p></article>' for n in range(1, 4))
    record = extract(page('<h2>Method</h2><ol><li>Blend the oats to a coarse flour.</li>'
                          '<li>Whisk in the eggs and the milk.</li></ol>'
                          f'<div class="latest-posts"><h2>Latest recipes</h2>{related}</div>'))
    assert [[s.text for s in p.steps] for p in record.procedures] == [
        ["Blend the oats to a coarse flour.", "Whisk in the eggs and the milk."]]


def test_a_comment_thread_in_a_camel_case_layout_box_is_no_procedure():
    comments = "".join(f'<li><a href="/u/{n}">Reader {n}</a> <a href="/c/{n}">2d</a><p>Thanks for the post, {n}!</p>'
                       "<p>Reply</p><p>Share</p></li>" for n in ("Ann", "Bo", "Cy"))
    html = page('<div class="box pc-flexDirection-column discussion"><h4>Comments</h4><ol>' + comments + "</ol></div>")
    assert extract(html).procedures == []


def test_a_card_in_an_ad_named_template_is_kept():
    html = page('<div class="recipe-card recipe-template-with-book-ad">' + INGREDIENTS + CARD + "</div>")
    record = extract(html)
    assert steps_of(record)[0][0] == "Blend the oats to a coarse flour."
    assert record.procedures[0].requirements == ["1 cup rolled oats", "2 eggs", "1 cup milk"]


def test_requirements_from_json_ld_recipe_and_howto():
    recipe = {"@context": "https://schema.org", "@type": "Recipe", "name": "Toast",
              "recipeIngredient": ["2 slices of bread", "butter"],
              "recipeInstructions": [{"@type": "HowToStep", "text": "Toast the bread until golden."},
                                     {"@type": "HowToStep", "text": "Spread the butter while warm."}]}
    howto = {"@context": "https://schema.org", "@type": "HowTo", "name": "Hang a shelf",
             "supply": [{"@type": "HowToSupply", "name": "two wall plugs"}], "tool": ["a drill", {"name": "a level"}],
             "step": [{"@type": "HowToStep", "text": "Mark the holes with a pencil."},
                      {"@type": "HowToStep", "text": "Drill the holes and push in the plugs."}]}
    scripts = "".join(f'<script type="application/ld+json">{json.dumps(x)}</script>' for x in (recipe, howto))
    record = extract(f"<html><head><title>Two</title>{scripts}</head><body><p>Nothing visible.</p></body></html>")
    by_title = {p.title: p.requirements for p in record.procedures}
    assert by_title == {"Toast": ["2 slices of bread", "butter"],
                        "Hang a shelf": ["two wall plugs", "a drill", "a level"]}
    graph = document_to_jsonld(record)["@graph"]
    assert graph[1]["supply"] == [{"@type": "HowToSupply", "name": n} for n in ("two wall plugs", "a drill", "a level")]


def test_requirements_from_microdata():
    html = page('<div itemscope itemtype="https://schema.org/Recipe"><span itemprop="name">Toast</span>'
                '<ul><li itemprop="recipeIngredient">2 slices of bread</li><li itemprop="recipeIngredient">butter</li></ul>'
                '<ol itemprop="recipeInstructions"><li>Toast the bread until golden.</li>'
                '<li>Spread the butter while warm.</li></ol></div>', title="Toast")
    record = extract(html)
    assert record.procedures[0].requirements == ["2 slices of bread", "butter"]


def test_the_store_keeps_requirements(tmp_path):
    record = extract(page(INGREDIENTS + CARD))
    db = tmp_path / "store.db"
    index_records(str(db), [record])
    with sqlite3.connect(db) as conn:
        [(stored,)] = conn.execute("SELECT requirements FROM procedures").fetchall()
    assert json.loads(stored) == ["1 cup rolled oats", "2 eggs", "1 cup milk"]


def test_requirement_headings():
    for text in ("Ingredients", "What you'll need", "Zutaten", "Ingredients for the sauce"):
        assert names_requirements(text), text
    for text in ("Instructions", "How to choose your ingredients when the market is closed on a long Sunday"):
        assert not names_requirements(text), text


def test_one_container_per_step_beside_its_number_makes_one_list():
    steps = "".join(f'<div class="recipe-procedure"><p>{n}</p><p>{text}</p></div><img src="s{n}.jpg" alt="">'
                    for n, text in enumerate(("Blend the oats to a coarse flour.", "Whisk in the eggs and the milk.",
                                              "Fry small rounds in a hot pan."), 1))
    record = extract(page(steps))
    assert steps_of(record) == [["Blend the oats to a coarse flour.", "Whisk in the eggs and the milk.",
                                 "Fry small rounds in a hot pan."]]
    assert [s.number for s in record.procedures[0].steps] == [1, 2, 3]


def test_a_rules_file_reaches_the_card_words(tmp_path):
    # html_cards.toml is a section of the one rule set: a site that names its card's tips "chef-remarks"
    # says so in its rules file, and that list stops being read as the card's last steps
    card = ('<div class="recipe-instructions"><ol><li>Blend the oats to a coarse flour.</li>'
            '<li>Whisk in the eggs and the milk.</li><li>Fry small rounds in a hot pan.</li></ol>'
            '<div class="chef-remarks"><ul><li>Rest the batter for ten minutes first.</li>'
            '<li>Use a cast iron pan for crisp edges.</li></ul></div></div>')
    assert "Rest the batter for ten minutes first." in sum(steps_of(extract(page(card))), [])
    rules_file = tmp_path / "site.toml"
    rules_file.write_text("[html_cards.asides]\npattern = '(?:^|[_-])(?:notes?|tips?|remarks)(?:[_-]|$)'\n"
                          "examples = ['chef-remarks']\nnot_examples = ['recipe-instructions']\n", encoding="utf-8")
    record = extract_text(page(card), "card.html", rules=Rules.load(rules_file))
    assert steps_of(record) == [["Blend the oats to a coarse flour.", "Whisk in the eggs and the milk.",
                                 "Fry small rounds in a hot pan."]]
    assert "Rest the batter for ten minutes first." in record.content.text


def test_the_survey_finds_the_same_steps_containers_as_a_walk():
    from extractor.readers import html_main, html_steps
    from extractor.readers.html import parse
    from extractor.rules import default_rules, using

    card = ("<div class='recipe-card' id='card'><ul class='ingredients-list'><li>2 eggs</li><li>1 cup oats</li></ul>"
            "<div class='recipe-instructions'><ol><li>Whisk the eggs with the oats.</li><li>Fry in a hot pan.</li></ol>"
            "</div></div><p class='method-note'>Not a container</p><span class='instructions'>label</span>"
            "<section id='directions'><p>Soak the oats overnight in the milk.</p><p>Cook them slowly for ten "
            "minutes.</p></section><nav class='instructions-menu'><a href='/'>Home</a></nav>")
    with using(default_rules()):
        root = parse(page(card))
        body = root.find("body")
        found = html_main.survey(root, html_main.html_rules())
        named = [el for el in found.named if any(a is body for a in el.iterancestors())]
        walked = html_steps.steps_containers(body)
        assert [el.get("class") or el.get("id") for el in walked] == ["recipe-instructions", "directions"]
        assert html_steps.steps_containers(body, named) == walked
        assert not any(el.tag in html_steps.NEVER_CONTAINERS for el in named)  # a <p> or <span> is never one


def test_a_card_under_an_instructions_heading_is_read_by_the_card_not_the_list_finder():
    """The heading "Instructions" says steps follow, which lets the finder take a prose list with few verbs it
    knows; a step card needs no such voucher. Read by the card route, the procedure keeps the recipe's name
    (the finder would title it "Instructions") and the origin says it came from step markup."""
    record = extract(page(
        INGREDIENTS + '<div class="wprm-recipe-instructions-container"><h3>Instructions</h3>'
        '<ol class="wprm-recipe-instructions"><li class="wprm-recipe-instruction">In a large bowl, the oats and the milk '
        'rest for ten minutes.</li><li class="wprm-recipe-instruction">Once soft, the eggs go in with a pinch of salt.</li>'
        '<li class="wprm-recipe-instruction">On a hot griddle, small rounds cook two minutes a side.</li>'
        '<li class="wprm-recipe-instruction">Serve warm with fruit.</li></ol></div>'))
    [procedure] = record.procedures
    assert procedure.origin == "step-markup"
    assert procedure.title == "Oat pancakes"
    assert len(procedure.steps) == 4


def test_of_two_cards_with_as_many_steps_the_one_that_says_more_stays():
    """A pin-it how-to block high in the post and the recipe card below it tell the same four steps; the card
    tells them in more words (temperatures, times), so it is the procedure and the block is the retelling."""
    terse = ('<h2>Save for later</h2><div class="card-instructions"><ol><li>Blend the oats.</li><li>Whisk in eggs and '
             'milk.</li><li>Heat a pan.</li><li>Cook small rounds.</li></ol></div>')
    record = extract(page(terse + "<h2>Oat pancakes</h2>" + INGREDIENTS + CARD))
    assert [p.title for p in record.procedures] == ["Oat pancakes"]
    assert record.procedures[0].steps[0].text == "Blend the oats to a coarse flour."


@pytest.mark.parametrize("heading", ["Slik gjør du:", "Gör så här", "Sådan gør du", "Příprava", "Method",
                                     "Recipe Instructions"])
def test_paragraph_steps_under_a_method_heading_in_the_nordic_languages_and_czech(heading):
    # Each language's heading over a recipe's steps (lang/<code>.toml [html] step_heading_words).
    record = extract(page(
        "<h2>Ingredients</h2><ul><li>500 g frozen peas</li><li>1 onion</li><li>1 l stock</li></ul>"
        f"<h2>{heading}</h2><p>Soften the chopped onion in a little butter.</p>"
        "<p>Add the peas and the stock and bring to a simmer.</p><p>Blend until smooth and season to taste.</p>",
        title="Pea soup"))
    assert [(p.origin, len(p.steps)) for p in record.procedures] == [("step-paragraphs", 3)]



def test_a_group_label_that_only_names_the_steps_is_the_cards_title_not_a_group():
    # The card labels its first run of steps "Instructions" as a plugin labels a group: no group of that name.
    record = extract(page(
        INGREDIENTS + '<div class="card-instructions">'
        '<h4 class="card-group-name">Instructions</h4><ul><li>Blend the oats to a coarse flour.</li>'
        '<li>Whisk in the eggs and the milk.</li></ul>'
        '<h4 class="card-group-name">For the topping</h4><ul><li>Warm the berries in a small pan.</li>'
        '<li>Spoon them over the stack.</li></ul></div>'))
    [procedure] = record.procedures
    assert [s.text for s in procedure.steps] == [
        "Blend the oats to a coarse flour.", "Whisk in the eggs and the milk.", "For the topping"]
    assert [sub.text for sub in procedure.steps[2].substeps] == [
        "Warm the berries in a small pan.", "Spoon them over the stack."]
