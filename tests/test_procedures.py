"""Procedure finding, one behaviour a test, on small articles written for the test."""
from __future__ import annotations

import pytest

from extractor import extract_text


def steps(record, index=0):
    return [step.text for step in record.procedures[index].steps]


def test_escaped_numbers_with_an_ad_between_are_one_procedure():
    record = extract_text(
        "## Do it\n\n1\\. Open **Settings**.\n\n2\\. Click **Apps**.\n\n"
        '<ins class="adsbygoogle" data-ad-client="x"></ins>\n\n3\\. Click **Startup**.\n'
    )
    assert len(record.procedures) == 1
    assert steps(record) == ["Open Settings.", "Click Apps.", "Click Startup."]
    assert record.procedures[0].origin == "numbered-paragraphs"
    assert [b.kind.value for b in record.boilerplate] == ["ad"]


def test_a_list_resumed_after_a_screenshot_keeps_its_numbering_and_the_paragraph_between():
    record = extract_text(
        "## Fix\n\n1. Open the app.\n2. Click **Save**.\n\n![](shot.png)\nThen wait a moment.\n3. Close the app.\n"
    )
    assert len(record.procedures) == 1
    assert steps(record) == ["Open the app.", "Click Save. Then wait a moment.", "Close the app."]
    assert record.procedures[0].steps[2].number == 3


def test_run_on_steps_inside_a_paragraph_are_split():
    record = extract_text("## Fix\n\nTo fix it: 1) Press **Win+R**. 2) Type **services.msc** and press **Enter**. 3) Run the check.\n")
    assert steps(record) == ["Press Win+R.", "Type services.msc and press Enter.", "Run the check."]
    assert record.procedures[0].steps[0].shortcuts == ["Win+R"]
    assert record.procedures[0].steps[1].ui_elements == ["services.msc"]


def test_docs_numbering_1_1_1_counts_as_rendered():
    record = extract_text("## Setup\n\n1. Install the tool.\n1. Run the tool.\n1. Check the output.\n")
    assert [s.number for s in record.procedures[0].steps] == [1, 2, 3]


def test_step_headings_make_one_procedure_with_the_lists_as_substeps():
    record = extract_text(
        "# Guide\n\n## Step 1: Prepare\n\n- Open the box.\n- Remove the cable.\n\n## Step 2: Connect\n\n"
        "Plug the cable in.\n\n## Done\n\nAll set.\n"
    )
    procedure = record.procedures[0]
    assert procedure.origin == "step-headings" and procedure.title == "Guide"
    assert [s.text for s in procedure.steps] == ["Prepare", "Connect"]
    assert [s.text for s in procedure.steps[0].substeps] == ["Open the box.", "Remove the cable."]


def test_a_list_of_section_names_is_a_table_of_contents_not_a_procedure():
    record = extract_text(
        "# Fixes\n\n1. Update your driver\n2. Reinstall the app\n\n## Fix 1: Update your driver\n\nText.\n\n"
        "## Fix 2: Reinstall the app\n\nText.\n"
    )
    assert record.procedures == []


def test_a_list_of_causes_is_not_a_procedure():
    record = extract_text("# Why\n\n1. The screen is too bright.\n2. Apps run in the background.\n3. The battery is old.\n")
    assert record.procedures == []


def test_mdx_indented_lists_inside_components_are_lists():
    text = "## Setup\n\n<Steps>\n\n    1. Create a folder for the app.\n\n    2. Run the installer.\n\n</Steps>\n"
    assert steps(extract_text(text, "page.mdx")) == ["Create a folder for the app.", "Run the installer."]
    assert extract_text(text, "page.md").procedures == []  # CommonMark reads that indentation as code


def test_inline_step_labels_in_a_collapsed_paragraph():
    record = extract_text(
        "# Printer offline\n\nFollow along. **Step 1: Check the cable** 1) Unplug the cable. 2) Plug it back in. "
        "**Step 2: Restart** 1) Turn the printer off. 2) Turn it on.\n"
    )
    procedure = record.procedures[0]
    assert [s.text for s in procedure.steps] == ["Check the cable", "Restart"]
    assert [s.text for s in procedure.steps[1].substeps] == ["Turn the printer off.", "Turn it on."]


def test_bullets_of_actions_after_numbered_steps_are_their_own_procedure():
    record = extract_text(
        "## Reset\n\n1. Shut down the computer.\n2. Open the case.\n\nA picture of the board.\n\n"
        "* Remove the battery.\n* Wait two minutes.\n* Put the battery back.\n"
    )
    assert len(record.procedures) == 2
    assert record.procedures[1].origin == "bulleted-list"


def test_check_procedure_and_quoted_outcome():
    record = extract_text(
        "## How to Know if It Worked\n\n1. Open **Settings**.\n2. Click **Activation**.\n\n"
        'The page should show a message that reads, "Windows is activated."\n'
    )
    procedure = record.procedures[0]
    assert procedure.kind.value == "check"
    assert procedure.outcome == "Windows is activated."


def test_step_sources_point_at_their_lines():
    record = extract_text("---\ntitle: T\n---\n\n## Do\n\n1. Open the app.\n2. Close the app.\n")
    assert [(s.source.line_start, s.source.line_end) for s in record.procedures[0].steps] == [(7, 7), (8, 8)]


def test_shortcut_spellings_are_normalised():
    from extractor.stages.annotate import shortcuts_in

    assert shortcuts_in("press Win + I") == ["Win+I"]
    assert shortcuts_in("press the Windows logo key and R at the same time") == ["Win+R"]
    assert shortcuts_in("press Ctrl + Shift + Esc") == ["Ctrl+Shift+Esc"]
    assert shortcuts_in("Windows 10 and 11") == []


def test_bare_numbers_take_their_text_from_the_next_paragraph_and_stray_backticks_vanish():
    record = extract_text(
        "## Fix ONE\n\n```` `` 1)\n\n```` ```` Open the **Start** menu.\n\n```` `` 2)\n\n```` ```` Click **Settings**.\n\n"
        "```` `` 3)\n\n```` ```` Click **Update**.\n\n```` ```` Now wait for the update to finish.\n"
    )
    assert steps(record) == ["Open the Start menu.", "Click Settings.", "Click Update. Now wait for the update to finish."]
    assert "``" not in record.content.text


def test_docs_directives_images_and_admonitions():
    record = extract_text(
        ':::tip[Good to know]\nKeep the **device** plugged in.\n:::\n\n## Do\n\n1. Open the app.\n\n'
        '    :::image type="content" source="media/a.png" alt-text="The app.":::\n\n2. Close the app.\n\n'
        '{{< figure src="x.png" >}}\n'
    )
    assert "Keep the device plugged in." in record.content.text and ":::" not in record.content.text
    assert [(i.url, i.alt) for i in record.procedures[0].steps[0].images] == [("media/a.png", "The app.")]
    assert "figure" not in record.content.text


def test_untitled_procedure_is_named_by_its_lead_in():
    record = extract_text("Intro text. To reset the router, do this:\n\n1. Unplug the router.\n2. Wait ten seconds.\n")
    assert record.procedures[0].title == "To reset the router, do this"


def test_unpaired_bold_markers_do_not_reach_step_text():
    record = extract_text("## Do\n\n1. Name it, but add a**.bat** suffix.\n2. Run it via *ipconfig***\n")
    assert steps(record) == ["Name it, but add a .bat suffix.", "Run it via ipconfig"]


def test_step_labels_in_other_languages():
    record = extract_text("# Guía\n\n## Paso 1: Abre la aplicación\n\nTexto.\n\n## Paso 2: Pulsa Guardar\n\nTexto.\n")
    assert [s.text for s in record.procedures[0].steps] == ["Abre la aplicación", "Pulsa Guardar"]


def test_command_lines_after_a_colon_finish_the_last_step():
    record = extract_text(
        "## Clear the queue\n\n1. Open a command prompt as administrator.\n2. Enter these commands one by one:\n\n"
        "net stop spooler\n\nnet start spooler\n\nThis clears every stuck job.\n"
    )
    assert steps(record)[-1] == "Enter these commands one by one: net stop spooler net start spooler"


def test_ui_elements_from_emphasis_and_from_control_words():
    from extractor.stages.annotate import ui_elements_in

    assert ui_elements_in("Open the Settings app by pressing Win + I.", []) == ["Settings"]
    assert ui_elements_in("Restart the Print Spooler service, then click OK.", []) == ["Print Spooler", "OK"]
    assert ui_elements_in("Click Add device.", ["Add device"]) == ["Add device"]
    assert ui_elements_in("Press Enter and wait.", []) == []


def test_flush_left_lettered_paragraphs_are_substeps_of_the_step_before():
    record = extract_text(
        "## Setup\n\n1. Open the designer.\n\n2. Add a setting:\n\na. Expand **Connectivity**.\n\n"
        "b. Type a network name.\n\n3. Export the package.\n"
    )
    procedure = record.procedures[0]
    assert [s.text for s in procedure.steps] == ["Open the designer.", "Add a setting:", "Export the package."]
    assert [s.text for s in procedure.steps[1].substeps] == ["Expand Connectivity.", "Type a network name."]


def test_lettered_paragraphs_alone_are_a_procedure():
    record = extract_text("## Method 1\n\na) Open the printer queue.\n\nb) Cancel every job.\n\nc) Restart the printer.\n")
    assert [s.text for s in record.procedures[0].steps] == [
        "Open the printer queue.", "Cancel every job.", "Restart the printer."]


def test_text_after_a_last_step_with_its_own_sub_list_is_not_that_step():
    article = ("## Route traffic through the proxy\n\n1. Find the address of your computer.\n"
               "2. Set the proxy with these commands:\n    * `proxy set on`\n    * `proxy set address 10.0.0.2`\n\n"
               "If the app is not open yet, start it and restart the device to see the traffic.\n")
    record = extract_text(article)
    assert steps(record) == ["Find the address of your computer.", "Set the proxy with these commands:"]
    assert [s.text for s in record.procedures[0].steps[1].substeps] == ["proxy set on", "proxy set address 10.0.0.2"]
    assert "If the app is not open yet" in record.content.text


def test_text_after_a_plain_last_step_still_ends_it():
    record = extract_text("## Clean the cache\n\n1. Open the app.\n2. Click **Clear cache**.\n\n"
                          "Then restart the app so the change takes effect.\n")
    assert steps(record)[-1] == "Click Clear cache. Then restart the app so the change takes effect."


def test_a_bold_line_between_steps_whose_numbering_goes_on_is_part_of_the_step():
    record = extract_text("## Renew the address\n\n1) Open a terminal as administrator.\n\n"
                          "2) Type the following command and press **Enter**.\n\n**netcfg /release**\n\n"
                          "3) Type the next command and press **Enter**.\n\n**netcfg /renew**\n\n4) Open the app again.\n")
    assert len(record.procedures) == 1
    assert steps(record) == ["Open a terminal as administrator.",
                             "Type the following command and press Enter. netcfg /release",
                             "Type the next command and press Enter. netcfg /renew", "Open the app again."]


def test_a_bold_line_before_numbering_that_starts_again_is_a_section_heading():
    record = extract_text("## Fixes\n\n1. Open the app.\n2. Click **Repair**.\n\n**Option 2: Reinstall the app**\n\n"
                          "1. Open **Settings**.\n2. Click **Apps** and remove the app.\n")
    assert [p.title for p in record.procedures] == ["Fixes", "Option 2: Reinstall the app"]


def test_bullets_after_a_lead_in_that_is_itself_an_action_are_its_steps():
    record = extract_text(
        "## Updates\n\nBefore you start, the lamp must be on the latest firmware.\n\n"
        "Open the lamp's settings page:\n- Press the Menu button\n- Choose Settings\n- Press OK\n\nDone.\n"
    )
    assert steps(record) == ["Press the Menu button", "Choose Settings", "Press OK"]
    # a lead-in that is an action but introduces things to check, not actions: no procedure
    record = extract_text("## Cable\n\nCheck the following:\n- The cable is plugged in\n- The lamp is switched on\n")
    assert record.procedures == []
    # a lead-in to ways to choose from is not one
    record = extract_text("## Dim\n\nDo one of the following:\n- Turn the knob.\n- Press the button twice.\n")
    assert record.procedures == []


def test_a_bare_step_label_heading_takes_its_first_list_item_as_its_text():
    record = extract_text(
        "# Aanpassen\n\n## Stap 1:\n\n- Installeer de editor:\n    - Op een eigen laptop: download hem.\n\n"
        "## Stap 2:\n\n- Pak de zip uit.\n- Open het bestand in de editor.\n"
    )
    procedure = record.procedures[0]
    assert [s.text for s in procedure.steps] == ["Installeer de editor:", "Pak de zip uit."]
    assert [s.text for s in procedure.steps[0].substeps] == ["Op een eigen laptop: download hem."]
    assert [s.text for s in procedure.steps[1].substeps] == ["Open het bestand in de editor."]


def test_step_n_as_the_subject_of_a_sentence_is_no_label():
    record = extract_text(
        "## What comes next\n\nStep 1 would let readers pick their own feeds from a list.\n\n"
        "Step 2 would make the time window longer or shorter.\n\nStep 3 would rank the posts by comments.\n"
    )
    assert record.procedures == []
    record = extract_text("## Setup\n\nStep 1 Open the app on your phone.\n\nStep 2 Tap **Sign in**.\n")
    assert steps(record) == ["Open the app on your phone.", "Tap Sign in."]


def test_numbered_headings_on_a_page_titled_with_a_count_of_steps_are_its_steps():
    body = ("Starting out takes a plan.\n\n## 1. Define your skills\n\nList what you know.\n\n"
            "## 2. Build your portfolio\n\nShow three projects.\n\n## 3. Apply for jobs\n\nSend ten proposals.\n")
    record = extract_text("---\ntitle: 3 Steps to Your First Freelance Job\n---\n\n" + body)
    assert steps(record) == ["Define your skills", "Build your portfolio", "Apply for jobs"]
    tips = extract_text("---\ntitle: 3 Tips for Your First Freelance Job\n---\n\n" + body)
    assert tips.procedures == []


@pytest.mark.parametrize("label", ["**Step {n} of 3**\n\n", "Step {n}/3 ", "**Étape {n} sur 3**\n\n", "Paso {n} de 3: "])
def test_a_step_counter_belongs_to_the_label_not_the_step(label):
    # "Step 2 of 3", "Étape 2/3": the counter after the number is part of the label (step_count_words).
    texts = ["Blend the oats to a coarse flour.", "Whisk in the eggs and the milk.", "Fry small rounds in a hot pan."]
    body = "".join(label.format(n=n) + text + "\n\n" for n, text in enumerate(texts, 1))
    record = extract_text(f"# Pancakes\n\nA short note on pancakes for a slow Sunday morning.\n\n{body}", "p.md")
    assert [[s.text for s in p.steps] for p in record.procedures] == [texts]


def test_lone_items_numbered_1_between_screenshots_are_one_procedure():
    # each "1." item is a list of its own (a screenshot ends it); the renderer counts them 1, 1, 1 but the
    # writer meant 1, 2, 3
    record = extract_text(
        "## Move the folder\n\nThis is how it goes for the photos folder:\n\n"
        "1.  Right-click the folder and choose **Properties**.\n\n![](a.png)\n\n"
        "1.  Open the **Location** tab and type the new path.\n\n![](b.png)\n\n"
        "1.  Click **OK**.\n\n![](c.png)\n"
    )
    assert len(record.procedures) == 1
    assert steps(record) == ["Right-click the folder and choose Properties.",
                             "Open the Location tab and type the new path.", "Click OK."]
    assert [step.number for step in record.procedures[0].steps] == [1, 2, 3]


def test_two_lone_items_numbered_1_with_prose_between_stay_apart():
    record = extract_text(
        "## Notes\n\nA first thought on lamps.\n\n1. Lamps are warm.\n\n"
        "A second thought, written as a paragraph of its own.\n\n1. Shades are cheap.\n"
    )
    assert record.procedures == []


def test_steps_set_apart_in_a_plain_quote_are_a_procedure():
    record = extract_text(
        "## Save a note\n\nSome words about notes and why they help.\n\n"
        "> The steps are simple:\n> 1. Open your editor.\n> 2. Write the note.\n> 3. Save the file.\n"
    )
    assert len(record.procedures) == 1
    assert steps(record) == ["Open your editor.", "Write the note.", "Save the file."]


def test_a_numbered_list_inside_an_alert_stays_a_note():
    record = extract_text(
        "## Save a note\n\nSome words about notes and why they help.\n\n"
        "> [!NOTE]\n> 1. Open your editor.\n> 2. Write the note.\n"
    )
    assert record.procedures == []


@pytest.mark.parametrize("tail", [
    "4. ⚠️ Do not scroll too fast: the recording keeps 30 frames a second.\n5. ⚠️ Restart the phone if it stops.\n",
    "4. Note: the lamp stays warm for a while.\n",
])
def test_cautions_that_close_a_numbered_list_are_not_steps(tail):
    record = extract_text(
        "## Record the screen\n\n1. Open the app.\n2. Press **Record**.\n3. Scroll to the end.\n" + tail
    )
    assert steps(record) == ["Open the app.", "Press Record.", "Scroll to the end."]


# -- lists nested two spaces deep under "1." -------------------------------------------------------------

_NESTED_TWO = """# Shelf

Some words about the shelf, long enough to be an article body for the reader of this page.

## Take the shelf down

1. Empty the shelf.
1. Loosen the brackets:
  1. Turn the top screw to the left.
  1. Hold the board while you turn:
    1. Keep one hand under it.
    1. Lift it off the pins.
1. Put the board on the floor.
"""


def _tree(steps):
    return [(step.text, _tree(step.substeps)) if step.substeps else step.text for step in steps]


def test_items_nested_two_spaces_under_a_numbered_item_are_its_substeps():
    record = extract_text(_NESTED_TWO, "shelf.md")
    assert _tree(record.procedures[0].steps) == [
        "Empty the shelf.",
        ("Loosen the brackets:", ["Turn the top screw to the left.",
                                  ("Hold the board while you turn:", ["Keep one hand under it.", "Lift it off the pins."])]),
        "Put the board on the floor."]


def test_two_space_nesting_moves_what_belongs_to_the_item_with_it():
    from extractor.readers.markdown import nest_short_indented_items
    text = "1. Loosen it:\n  1. Turn the screw.\n\n     It turns easily.\n\n     ```\n     turn --left\n     ```\n1. Lift it."
    assert nest_short_indented_items(text).split("\n") == [
        "1. Loosen it:", "   1. Turn the screw.", "", "      It turns easily.", "", "      ```", "      turn --left",
        "      ```", "1. Lift it."]


def test_bullets_nested_two_spaces_under_a_bullet_are_left_as_written():
    from extractor.readers.markdown import nest_short_indented_items
    text = "- Shelf\n  - Board\n  - Pins\n1. Empty it.\n   1. Lift it.\n2. Choose one:\n  - Oak\n  - Pine"
    assert nest_short_indented_items(text) == text


def test_a_numbered_item_a_space_or_a_number_off_stays_a_sibling():
    from extractor.readers.markdown import nest_short_indented_items
    text = "1) Download it.\n\n* Site A\n* Site B\n\n 2) Open it.\n1. Empty it.\n  2. Lift it."
    assert nest_short_indented_items(text) == text
