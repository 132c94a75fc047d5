"""Boilerplate rules (extractor/data/boilerplate.toml), one kind a test, on articles written for the test."""
from __future__ import annotations

from extractor import extract_text


def kinds(record):
    return [(b.kind.value, b.rule) for b in record.boilerplate]


def test_also_read_lead_in_and_its_link_list():
    record = extract_text(
        "# Post\n\nSome real prose that a reader came for, long enough.\n\n"
        '<span class="x">Also read:</span>\n<div><ul>\n<li><a href="https://a.example/1">One</a></li>\n'
        '<li><a href="https://a.example/2">Two</a></li>\n</ul></div>\n'
    )
    assert kinds(record) == [("link_list", "also-read")]  # lead-in and list: one removed thing
    assert sum(len(b.links) for b in record.boilerplate) == 2
    assert "One" not in record.content.text and "real prose" in record.content.text


def test_ad_region_inside_a_list_item_is_cut_out_of_the_step():
    record = extract_text(
        "## Do\n\n1. Open the app.\n2. Click **Save**.\n<!-- ads begin -->\n<a href=\"https://shop.example/x\">Buy a Lamp</a>\n"
        "<!-- ads end -->\n3. Close the app.\n"
    )
    assert [s.text for s in record.procedures[0].steps] == ["Open the app.", "Click Save.", "Close the app."]
    assert ("ad", "ad-comment-region") in kinds(record)
    assert "Buy a Lamp" not in record.content.text


def test_text_and_heading_glued_under_an_ad_slot_are_the_article_again():
    # The ad's <a> opens an HTML block that CommonMark runs on to the next blank line; the sentence after
    # the closing comment and the heading after the second slot are the writer's, not the ad's.
    slot = ('<!-- ads begin -->\n<a href="https://shop.example/c/1" target="_top">\n  <img src="//shop.example/b.png"/>\n'
            '</a>\n<!-- ads end -->\n')
    record = extract_text(
        "# Fix the lamp\n\n" + slot + " Seeing the lamp blink red after an update? It is a known fault.\n\n"
        + '<div class="banner">\n<img src="//shop.example/c.png">\n</div>\n## Fix 1: Reset the lamp\n\n'
        "1. Unplug the lamp.\n2. Hold the button for ten seconds.\n3. Plug it back in.\n"
    )
    assert "blink red after an update" in record.content.text
    assert [b.rule for b in record.boilerplate if "blink" in b.text] == []
    assert "Fix 1: Reset the lamp" in record.content.text
    assert record.procedures[0].title == "Fix 1: Reset the lamp"
    assert ("ad", "ad-comment-region") in kinds(record)


def test_call_to_action_with_its_bold_lead_up_is_a_promo():
    record = extract_text("# T\n\nProse that stays in the article.\n\n**Fix It Fast**\n\n[Download Now](https://x.example/download/)\n")
    assert kinds(record) == [("promo", "promo-lead-up"), ("promo", "cta-button")]


def test_sales_line_linking_to_a_download_page_is_a_promo_but_a_step_is_not():
    record = extract_text(
        "# T\n\nUse [ToolX](https://x.example/download/) to fix it immediately!\n\n## Steps\n\n"
        "1. [Download](https://x.example/download/) and install ToolX.\n2. Run ToolX and click **Scan**.\n"
    )
    assert kinds(record) == [("promo", "sales-line")]
    assert record.procedures[0].steps[0].text == "Download and install ToolX."


def test_repeated_paragraph_is_a_duplicate():
    paragraph = "This paragraph is long enough to count when it is repeated later on."
    record = extract_text(f"# T\n\n{paragraph}\n\nMiddle.\n\n{paragraph}\n")
    assert kinds(record) == [("duplicate", "repeated-paragraph")]
    assert record.content.text.count("long enough") == 1


def test_in_page_anchor_list_is_a_table_of_contents():
    record = extract_text("# T\n\n1. [First fix](#one)\n2. [Second fix](#two)\n\n## First fix\n\nText.\n")
    assert kinds(record) == [("table_of_contents", "in-page-anchor-list")]
    assert record.procedures == []


def test_site_chrome_phrases():
    record = extract_text(
        "# T\n\nThe article itself, which stays.\n\nTags: windows, printer\n\nShare this:\n\n"
        "- [Twitter](https://twitter.example/share)\n- [Facebook](https://facebook.example/share)\n\n"
        "Previous post: Cleaning a keyboard\n\nAdvertisement\n\nLeave a Reply\n"
    )
    assert [k for k, _ in kinds(record)] == ["navigation", "share", "navigation", "ad", "comments"]
    assert record.content.text == "T\n\nThe article itself, which stays."


def test_instruction_paragraph_that_mentions_an_offer_is_not_a_promo():
    record = extract_text(
        "## Do\n\n1. Run the tool.\n2. Click **Scan**.\n3. Click **Update**.\n\n"
        "Or click **Update All** to update everything at once (this needs the Pro version with a 30-day money back guarantee).\n"
    )
    assert record.boilerplate == []
    assert record.procedures[0].steps[-1].text.startswith("Click Update. Or click Update All")


def test_affiliate_network_link_in_a_quote_is_a_promo_but_the_step_label_over_it_stays():
    record = extract_text(
        "# Taxes for lamp sellers\n\nProse that stays in the article, about the lamp shop's books.\n\n"
        "## Use a tax tool\n\n**Step 1: Sign up**\n\n> [The lamp tax tool, free for a month](https://px.a8.net/svt/ejp?a8mat=1AB)\n\n"
        "Register with your e-mail address.\n\n**Step 2: Connect the shop**\n\nPaste the shop's read-only key in the settings.\n"
    )
    assert ("promo", "affiliate-network-link") in kinds(record)
    assert "free for a month" not in record.content.text
    assert [s.text for p in record.procedures for s in p.steps][:2] == ["Sign up", "Connect the shop"]


def test_a_grid_of_link_cards_after_the_article_is_navigation_but_a_note_component_stays():
    # MDX docs close a page with <CardGroup> of <Card href=...>: each card's body is the link a reader clicks. Read as
    # links, the grid is a list of links like any other; a <Note> without an href stays the article's.
    page = (
        "# Dim the lamp\n\nTurn the dial on the base to the left until the light is low enough for reading.\n\n"
        "<Note>\n  The dial clicks at each of its five levels.\n</Note>\n\n"
        "The lamp keeps the level you chose after it is switched off.\n\n## See more\n\n"
        '<CardGroup cols={2}>\n  <Card title="Timers" href="/lamp/timers" icon="clock">\n'
        "    Switch the lamp off after a set time.\n  </Card>\n"
        '  <Card title="Colours" href={"/lamp/colours"}>\n    Pick a warmer or cooler light.\n  </Card>\n'
        '  <Card title="Scenes" href="/lamp/scenes">\n    Save two lamps\' levels as one scene.\n  </Card>\n'
        "</CardGroup>\n"
    )
    record = extract_text(page, path="dim.mdx")
    text = record.content.text
    assert "Switch the lamp off after a set time." not in text and "Pick a warmer or cooler light." not in text
    assert "The dial clicks at each of its five levels." in text and "keeps the level you chose" in text
    cut = [b for b in record.boilerplate if "Pick a warmer" in b.text]
    assert cut and ("Pick a warmer or cooler light.", "/lamp/colours") in [(link.text, link.url) for link in cut[0].links]


def test_next_steps_lead_in_in_other_languages_takes_its_link_lines():
    for heading in ("Nächste Schritte", "Volgende stappen", "次のステップ", "下一步", "Próximos pasos"):
        record = extract_text(
            f"# Lamp\n\nTurn the dial on the base to the left until the light is low enough.\n\n## {heading}\n\n"
            "- Set a timer: [Timers](/lamp/timers)\n- Save a scene: [Scenes](/lamp/scenes)\n"
        )
        assert "Set a timer" not in record.content.text, heading
        assert ("navigation", "next-steps") in kinds(record), heading


def test_markdown_links_inside_a_component_read_as_their_text_and_count_as_links():
    # a component's body is Markdown: "[the wiring sheet](...)" shows "the wiring sheet", not its address
    record = extract_text(
        "# Dim the lamp\n\nTurn the dial on the base to the left until the light is low enough for reading.\n\n"
        "<Note>\n  Keep [the wiring sheet](https://lamp.example/sheet.pdf) at hand. ![dial](dial.png)\n</Note>\n\n"
        "The lamp keeps the level you chose after it is switched off.\n",
        path="dim.mdx",
    )
    assert "Keep the wiring sheet at hand." in record.content.text
    assert "https://lamp.example" not in record.content.text and "dial.png" not in record.content.text
