"""schema.org HowTo / Recipe in JSON-LD and microdata: read into procedures, merged with visible steps."""
from __future__ import annotations

import json

from extractor.pipeline import extract_bytes
from extractor.readers.html import parse
from extractor.readers.structured_data import read_json_ld, read_microdata

STORY = "".join(f"<p>Paragraph {i} of a story about tea, kettles, and the proper way to wait for water.</p>"
                for i in range(5))


def page(head: str = "", body: str = "") -> bytes:
    return f"<html><head><title>Tea</title>{head}</head>\n<body><article>{STORY}\n{body}\n</article></body></html>".encode()


def ld(data) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


RECIPE = {
    "@context": "https://schema.org",
    "@graph": [
        {"@type": "WebPage", "name": "Tea"},
        {"@type": "Recipe", "name": "Pot of tea",
         "recipeInstructions": [
             {"@type": "HowToSection", "name": "Warm up",
              "itemListElement": [{"@type": "HowToStep", "text": "Boil fresh water in the kettle."},
                                  {"@type": "HowToStep", "text": "Rinse the pot with a splash of hot water."}]},
             {"@type": "HowToSection", "name": "Brew",
              "itemListElement": [{"@type": "HowToStep", "text": "Add one spoon of leaves per cup.",
                                   "image": {"@type": "ImageObject", "url": "https://example.org/leaves.jpg"}},
                                  {"@type": "HowToStep", "name": "Wait",
                                   "itemListElement": [{"@type": "HowToDirection", "text": "Steep for four minutes."},
                                                       {"@type": "HowToTip", "text": "Longer makes it bitter."}]}]},
         ]},
    ],
}


def test_json_ld_recipe_sections_steps_images_and_tips_are_read():
    items, problems = read_json_ld(parse(page(ld(RECIPE)).decode()))
    assert problems == []
    assert [(i["type"], i["origin"], i["name"]) for i in items] == [("Recipe", "json-ld", "Pot of tea")]
    sections = items[0]["sections"]
    assert [s["name"] for s in sections] == ["Warm up", "Brew"]
    brew = sections[1]["steps"]
    assert brew[0]["images"] == ["https://example.org/leaves.jpg"]
    assert brew[1]["text"] == "Steep for four minutes." and brew[1]["tips"] == ["Longer makes it bitter."]


def test_bad_json_ld_is_reported_and_skipped():
    items, problems = read_json_ld(parse(page('<script type="application/ld+json">{"@type": "HowTo", </script>').decode()))
    assert items == [] and len(problems) == 1 and "not valid JSON" in problems[0]
    record = extract_bytes(page('<script type="application/ld+json">{oops</script>'), "tea.html")
    assert any(w.code == "json-ld" for w in record.warnings)


def test_a_recipe_only_in_json_ld_becomes_one_procedure_marked_json_ld():
    record = extract_bytes(page(ld(RECIPE)), "tea.html")
    assert len(record.procedures) == 1
    procedure = record.procedures[0]
    assert procedure.origin == "json-ld" and procedure.title == "Pot of tea"
    assert [s.text for s in procedure.steps] == [
        "Boil fresh water in the kettle.", "Rinse the pot with a splash of hot water.",
        "Add one spoon of leaves per cup.", "Steep for four minutes."]
    assert procedure.steps[3].notes == ["Longer makes it bitter."]
    assert any(w.code == "structured-data" and "kept the json-ld steps" in w.message for w in record.warnings)


def test_a_howto_with_sections_gives_one_procedure_per_section():
    howto = {"@context": "https://schema.org", "@type": "HowTo", "name": "Two ways to clean a kettle",
             "step": [{"@type": "HowToSection", "name": "With vinegar",
                       "itemListElement": ["Fill with half vinegar, half water.", "Boil and leave for an hour."]},
                      {"@type": "HowToSection", "name": "With lemon",
                       "itemListElement": ["Slice a lemon into the water.", "Boil twice and rinse."]}]}
    record = extract_bytes(page(ld(howto)), "kettle.html")
    assert [(p.title, len(p.steps)) for p in record.procedures] == [("With vinegar", 2), ("With lemon", 2)]
    assert record.procedures[0].section_path == ["Two ways to clean a kettle"]


HOWTO = {"@context": "https://schema.org", "@type": "HowTo", "name": "Turn on dark mode",
         "step": [{"@type": "HowToStep", "text": "Open Settings."},
                  {"@type": "HowToStep", "text": "Click Personalisation."},
                  {"@type": "HowToStep", "text": "Select Colours."},
                  {"@type": "HowToStep", "text": "Choose Dark under Choose your mode."}]}
VISIBLE = """<h2>Turn on dark mode</h2><ol><li>Open Settings.</li><li>Click Personalisation.</li>
<li>Select Colours.</li><li>Choose Dark under Choose your mode.</li></ol>"""


def test_when_markup_and_visible_steps_agree_one_procedure_is_kept_and_the_winner_named():
    visible_only = extract_bytes(page("", VISIBLE), "dark.html")
    assert [p.origin for p in visible_only.procedures] == ["ordered-list"]
    record = extract_bytes(page(ld(HOWTO), VISIBLE), "dark.html")
    assert len(record.procedures) == 1
    assert record.procedures[0].origin == "ordered-list"  # the visible one knows its lines
    assert record.procedures[0].steps[0].source.line_start > 1
    assert any(w.code == "structured-data" and "kept the visible one" in w.message for w in record.warnings)


def test_when_the_visible_list_is_partial_the_structured_steps_win():
    partial = "<h2>Turn on dark mode</h2><ol><li>Open Settings.</li><li>Click Personalisation.</li></ol>"
    record = extract_bytes(page(ld(HOWTO), partial), "dark.html")
    assert [p.origin for p in record.procedures] == ["json-ld"]
    assert len(record.procedures[0].steps) == 4
    assert any("kept the json-ld steps" in w.message for w in record.warnings)


NAMED_HOWTO = {"@context": "https://schema.org", "@type": "HowTo", "name": "Build a shelf",
               "step": [{"@type": "HowToStep", "name": name, "text": body} for name, body in (
                   ("Measure the wall", "Mark the studs with a pencil and check the wall is level before anything else."),
                   ("Cut the boards", "Saw each board to length, then sand the ends until they feel smooth to the hand."),
                   ("Fix the brackets", "Drill pilot holes on the marks and screw the brackets tight into the studs."))]}
NAMED_VISIBLE = "".join(f"<h2>Step {n}: {step['name']}</h2><p>{step['text']}</p>"
                        for n, step in enumerate(NAMED_HOWTO["step"], 1))


def test_step_headings_that_are_the_data_step_names_are_one_procedure():
    record = extract_bytes(page(ld(NAMED_HOWTO), NAMED_VISIBLE), "shelf.html")
    assert [p.origin for p in record.procedures] == ["step-headings"]
    assert [s.text for s in record.procedures[0].steps] == ["Measure the wall", "Cut the boards", "Fix the brackets"]
    assert any("step names are the steps" in w.message for w in record.warnings)


MICRODATA = """<div itemscope itemtype="https://schema.org/HowTo"><h2 itemprop="name">Descale a kettle</h2>
<div itemprop="step" itemscope itemtype="https://schema.org/HowToStep"><p itemprop="text">Half fill with vinegar.</p></div>
<div itemprop="step" itemscope itemtype="https://schema.org/HowToStep"><p itemprop="text">Boil, then rest an hour.</p></div>
<div itemprop="step" itemscope itemtype="https://schema.org/HowToStep"><p itemprop="text">Rinse three times.</p></div>
</div>"""


def test_microdata_howto_steps_are_read_and_marked_microdata():
    items = read_microdata(parse(page(body=MICRODATA).decode()))
    assert [(i["type"], i["name"]) for i in items] == [("HowTo", "Descale a kettle")]
    assert [s["text"] for s in items[0]["sections"][0]["steps"]] == [
        "Half fill with vinegar.", "Boil, then rest an hour.", "Rinse three times."]
    record = extract_bytes(page(body=MICRODATA), "kettle.html")
    assert [p.origin for p in record.procedures] == ["microdata"]
    assert record.procedures[0].steps[2].source.line_start >= 1


ORPHAN_STEPS = """<h2>Method</h2>
<div class="step"><span>1</span><div itemprop="recipeInstructions"><p>Warm the pot with a little hot water.</p></div></div>
<div class="step"><span>2</span><div itemprop="recipeInstructions"><p>Spoon in the leaves and pour on the boiling water.</p></div></div>
<div class="step"><span>3</span><div itemprop="recipeInstructions"><p>Steep for four minutes, then pour through a strainer.</p></div></div>"""


def test_instructions_properties_outside_any_item_are_one_recipes_steps():
    # A template that lost its itemscope still names each step with the schema.org property.
    items = read_microdata(parse(page(body=ORPHAN_STEPS).decode()))
    assert [(i["type"], i["origin"]) for i in items] == [("Recipe", "microdata")]
    assert [s["text"] for s in items[0]["sections"][0]["steps"]] == [
        "Warm the pot with a little hot water.", "Spoon in the leaves and pour on the boiling water.",
        "Steep for four minutes, then pour through a strainer."]
    of_another_item = f'<div itemscope itemtype="https://schema.org/Article">{ORPHAN_STEPS}</div>'
    assert read_microdata(parse(page(body=of_another_item).decode())) == []
    source = page(body=ORPHAN_STEPS).decode()
    assert read_microdata(parse(source), source=source.replace("recipeInstructions", "x")) == []


# -- schema.org objects a JavaScript framework keeps in its application state --------------------------
KETTLE_HOWTO = {"@context": "https://schema.org", "@type": "HowTo", "name": "Descale the kettle",
         "step": [{"@type": "HowToStep", "text": "Fill the kettle halfway with white vinegar."},
                  {"@type": "HowToStep", "text": "Leave it to stand for an hour."},
                  {"@type": "HowToStep", "text": "Rinse it twice with clean water."}]}
DESCALE = ["Fill the kettle halfway with white vinegar.", "Leave it to stand for an hour.",
           "Rinse it twice with clean water."]


def app_state_items(script: str) -> list[dict]:
    items, problems = read_json_ld(parse(page(script).decode()))
    assert problems == []
    return items


def test_a_howto_in_a_frameworks_json_state_is_read():
    state = {"props": {"pageProps": {"page": {"title": "Kettles", "content": [{"howto": KETTLE_HOWTO}]}}}}
    script = f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(state)}</script>'
    items = app_state_items(script)
    assert [(i["type"], i["origin"], i["name"]) for i in items] == [("HowTo", "json-ld", "Descale the kettle")]
    assert [s["text"] for s in items[0]["sections"][0]["steps"]] == DESCALE


def test_a_howto_kept_as_a_json_string_inside_the_state_is_read():
    # The state holds the ld+json text as a string: escaped once inside the page's script.
    state = {"props": {"seo": {"structuredData": json.dumps(KETTLE_HOWTO)}}}
    items = app_state_items(f'<script type="application/json">{json.dumps(state)}</script>')
    assert [s["text"] for s in items[0]["sections"][0]["steps"]] == DESCALE


def test_a_howto_in_a_streamed_payload_call_is_read():
    # A server-rendering framework streams its payload as JavaScript strings: push([1, "<text>"]).
    payload = json.dumps([1, "7:" + json.dumps(KETTLE_HOWTO) + "\n8:[\"$\",\"div\",null,{}]"])
    items = app_state_items(f"<script>self.__payload.push({payload})</script>")
    assert [i["name"] for i in items] == ["Descale the kettle"]


def test_a_howto_in_a_script_assignment_is_read_once_when_the_state_holds_it_twice():
    context = {"loaderData": {"route": {"howto": KETTLE_HOWTO}, "cache": {"howto": KETTLE_HOWTO}}}
    items = app_state_items(f"<script>window.__appContext = {json.dumps(context)};</script>")
    assert [i["name"] for i in items] == ["Descale the kettle"]


def test_the_application_state_is_not_read_when_the_page_has_json_ld():
    state = {"props": {"howto": dict(KETTLE_HOWTO, name="Another kettle")}}
    items = app_state_items(ld(RECIPE) + f'<script type="application/json">{json.dumps(state)}</script>')
    assert [i["name"] for i in items] == ["Pot of tea"]


def test_scripts_that_only_mention_the_words_give_nothing():
    script = '<script>var kinds = ["Recipe", "HowTo"]; var note = "{\\"@type\\": broken";</script>'
    assert app_state_items(script) == []


def test_a_page_whose_steps_are_only_in_its_application_state_gets_that_procedure():
    state = {"props": {"howto": KETTLE_HOWTO}}
    record = extract_bytes(page(f'<script type="application/json">{json.dumps(state)}</script>'), "kettle.html")
    assert [(p.title, p.origin) for p in record.procedures] == [("Descale the kettle", "json-ld")]
    assert [s.text for s in record.procedures[0].steps] == DESCALE


def test_a_step_list_printed_twice_in_a_card_keeps_one_procedure():
    # A page that prints its step list twice (screen and print) inside a card gives two equal procedures;
    # each is the card for the other, and one of them must stay.
    from extractor import document as d
    from extractor.document import Block, Document
    from extractor.model import Procedure, Span, Step
    from extractor.stages.structured import merge_structured

    def reading() -> Procedure:
        return Procedure(title="Method", section_path=["Method"], origin="ordered-list",
                         steps=[Step(text=t, source=Span(line_start=3, line_end=3)) for t in (
                             "Trim the tortilla edges.", "Roll it up tightly.", "Cut the roll in two.")],
                         source=Span(line_start=3, line_end=3))

    doc = Document(path="rolls.html", lines=["", "", "<ol>...</ol><ol>...</ol>"], format="html")
    doc.blocks = [Block(kind=d.LIST, line_start=3, line_end=3, info=d.STEP_CARD)]
    doc.procedures = [reading(), reading()]
    merge_structured(doc)
    assert [p.title for p in doc.procedures] == ["Method"]


def test_orphan_steps_are_looked_for_only_when_the_survey_met_the_property():
    """``props`` (the survey's elements with an itemprop) answer what a scan of the page's text answers."""
    from extractor.readers.html_main import survey
    from extractor.rules import default_rules, using

    with using(default_rules()):
        for body in (ORPHAN_STEPS, ORPHAN_STEPS.replace("recipeInstructions", "recipeIngredient"),
                     f'<p itemprop="name">Tea</p><p>{"recipeInstructions"} in a sentence</p>'):
            source = page(body=body).decode()
            root = parse(source)
            props = survey(root, default_rules().html).props
            assert read_microdata(root, props=props) == read_microdata(root, source=source) == read_microdata(root)
        assert read_microdata(root, props=[]) == []
