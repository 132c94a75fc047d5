"""Documentation-site markup read as markup: mkdocs admonitions and content tabs, attribute lists,
snippet includes, Microsoft Learn inline images. Each test is a small article in the site's syntax."""
from __future__ import annotations

from extractor import extract_text
from extractor.readers.markdown import parse_markdown, rewrite_containers

MKDOCS_STEPS = """# Pair the lamp {: #pair }

## Connect {: #connect }

Open the [app](https://lamp.example/app){target=\\_blank} first.

--8<-- 'text/_disclaimers/lamp-intro.md'

1. Open **Settings**
2. Pick the network for your lamp

    === "Home"
        | Field | Value |
        |:-----:|:-----:|
        | Name  | `home` |

    === "Office"
        | Field | Value |
        |:-----:|:-----:|
        | Name  | `office` |

3. Press **Save**

    !!! note
        The lamp blinks twice while it saves.

        Keep it plugged in.

4. Wait for the chime

![Lamp saved](lamp.png)

After the chime, you should see a green light on the lamp.
"""


def test_mkdocs_admonition_and_tabs_are_not_step_text():
    record = extract_text(MKDOCS_STEPS)
    steps = [s.text for s in record.procedures[0].steps]
    assert steps == ["Open Settings", "Pick the network for your lamp", "Press Save", "Wait for the chime"]
    assert "The lamp blinks twice while it saves." in " ".join(record.procedures[0].steps[2].notes)


def test_attribute_lists_and_snippet_includes_are_not_text():
    record = extract_text(MKDOCS_STEPS)
    assert record.procedures[0].title == "Connect"
    text = record.content.text
    assert "Open the app first." in text
    assert "{" not in text and "--8<--" not in text and "===" not in text and "!!!" not in text


def test_outcome_after_a_clause_does_not_continue_the_last_step():
    record = extract_text(MKDOCS_STEPS)
    assert record.procedures[0].steps[-1].text == "Wait for the chime"
    assert "you should see a green light" in record.content.text


def test_container_rewrite_keeps_lines_and_leaves_code_alone():
    text = "!!! tip \"Careful\"\n    Hot.\n\n```\n!!! not a note\n```\n=== \"A\"\n    one\n"
    out = rewrite_containers(text)
    assert out.split("\n") == ["> [!TIP]", "> Hot.", "", "```", "!!! not a note", "```", "<!-- tab -->", "one", "<!-- /tabs -->"]  # the blank line after the last tab ends the group


def test_inline_learn_image_is_an_image_not_text():
    record = extract_text("# Connect\n\nTo connect, follow these steps:\n\n"
                          "1. Click **Start** :::image type=\"icon\" source=\"media/start.png\" border=\"false\":::, "
                          "and then click **Connect to**.\n2. Click the network, and then click **Connect**.\n")
    step = record.procedures[0].steps[0]
    assert step.text == "Click Start, and then click Connect to."
    assert [image.url for image in step.images] == ["media/start.png"]


def test_additional_resources_link_list_is_navigation():
    record = extract_text("# Lamps\n\nSome words about lamps and how they light a room.\n\n"
                          "## Additional Resources\n\n - [Lamp FAQ](https://lamp.example/faq){target=\\_blank}\n"
                          " - [Lamp getting started guide](https://lamp.example/start){target=\\_blank}\n")
    assert "Lamp getting started guide" not in record.content.text
    assert any(b.kind == "navigation" for b in record.boilerplate)


def test_action_word_in_a_condition_does_not_make_a_list_of_outcomes_steps():
    record = extract_text("# Switch values\n\nThe value changes if the following steps are done exactly as below:\n\n"
                          "- If you tick every box, then the value is 256.\n"
                          "- If you clear the first box, the value becomes 280.\n"
                          "- If you tick all boxes except the third, the value becomes 0.\n")
    assert record.procedures == []


def test_text_after_a_step_that_ends_in_code_is_the_articles():
    record = extract_text("# Build\n\n1. Clone the repo\n\n    ```bash\n    git clone https://code.example/lamp\n    ```\n\n"
                          "2. Build the binary\n\n    ```bash\n    make\n    ```\n\n![Build](build.png)\n\n"
                          "If a *make not found* error shows up, install the build tools first:\n\n```bash\napt install make\n```\n")
    assert [s.text for s in record.procedures[0].steps] == ["Clone the repo", "Build the binary"]


HUGO_STEPS = """---
title: Install the lamp service
---

## Before you begin

1. [Install the service](/docs/setup/) with the lamp module. Here's an example:

    {{< text bash >}}
    $ lampctl install \\
      > $HOME/lamp.yaml
    {{< /text >}}

    {{< tip >}}
    By default the service listens on port 80.

    You may change the port in the settings.
    {{< /tip >}}

1. Install the dimmer.

{{< tip >}}
Keep the lamp unplugged while you install it.
{{< /tip >}}

{{< tabs name="os" >}}
{{% tab name="Linux" %}}
Run the service on Linux with the defaults.
{{% /tab %}}
{{< /tabs >}}
"""


def test_hugo_code_and_note_shortcodes_are_code_and_notes():
    record = extract_text(HUGO_STEPS)
    first = record.procedures[0].steps[0]
    assert [s.text for s in record.procedures[0].steps] == [
        "Install the service with the lamp module. Here's an example:", "Install the dimmer."]
    assert first.code[0].text.startswith("$ lampctl install") and first.code[0].language == "bash"
    assert "You may change the port in the settings." in " ".join(first.notes)
    text = record.content.text
    assert "Keep the lamp unplugged while you install it." in text
    assert "Run the service on Linux with the defaults." in text
    assert "{{" not in text


def test_a_learning_outline_is_not_a_procedure():
    record = extract_text("# Quick start\n\nIn this tutorial, you learn how to:\n\n- Set up the lamp.\n"
                          "- Switch the lamp on from the app.\n\n## Set up\n\n1. Unpack the lamp.\n2. Plug it in.\n")
    assert [[s.text for s in p.steps] for p in record.procedures] == [["Unpack the lamp.", "Plug it in."]]


def test_next_steps_link_lines_after_an_intro_are_navigation():
    record = extract_text("# Lamps\n\n1. Unpack the lamp.\n2. Plug it in.\n\n## Next steps\n\n"
                          "You have set up the lamp. As next steps, consider the following:\n\n"
                          "- Explore the ways to [mount the lamp](../mount/).\n"
                          "- Learn about the [dimmer modes](../dimmer/).\n")
    assert "You have set up the lamp." in record.content.text
    assert "mount the lamp" not in record.content.text


def test_each_tab_keeps_its_own_list():
    record = extract_text("# Switch the repository\n\n## Switch\n\n{{< tabs name=\"os\" >}}\n{{% tab name=\"Debian\" %}}\n\n"
                          "1. Open the apt source file.\n1. Change the version.\n\n{{% /tab %}}\n{{% tab name=\"Fedora\" %}}\n\n"
                          "1. Open the yum repo file.\n1. Change the version.\n\n{{% /tab %}}\n{{< /tabs >}}\n")
    assert [[s.text for s in p.steps] for p in record.procedures] == [
        ["Open the apt source file.", "Change the version."], ["Open the yum repo file.", "Change the version."]]


def test_bullets_split_by_a_screenshot_after_a_steps_lead_in_are_one_procedure():
    record = extract_text("# Lamps\n\n## Add a unit\n\nWith the console still open, complete the following steps:\n\n"
                          "- Right-click **Home**, go to **New**, then **Unit**.\n\n![New](new.png)\n\n"
                          "- Name this unit `Kitchen`.\n\nWe now have a unit.\n")
    assert [[s.text for s in p.steps] for p in record.procedures] == [
        ["Right-click Home, go to New, then Unit.", "Name this unit Kitchen."]]


def test_only_actions_right_under_a_task_heading_are_steps_but_not_further_down():
    record = extract_text("# Lamps\n\n### Update the driver on all lamps\n\nFor each lamp in the house:\n\n"
                          "- Unplug the lamp using the switch\n- Stop the timer\n- Plug the lamp back in\n")
    assert [len(p.steps) for p in record.procedures] == [3]
    record = extract_text("# Lamps\n\n## Using the lamp app\n\nThe app pairs with every lamp.\n\n:::tip[Not sure?]\n\n"
                          "We recommend the defaults.\n\n- Choose the language: English\n- Choose the theme: Light\n\n:::\n")
    assert record.procedures == []


def test_lone_bullets_under_a_how_to_label_or_a_numbered_entry_stay_tips():
    record = extract_text("# Dahl\n\n## Notes\n\nHow to keep it moist:\n\n- Add the yogurt off the heat.\n"
                          "* Use a tight lid: it keeps the steam in.\n")  # two one-item lists, no screenshot between
    assert record.procedures == []
    record = extract_text("# Mistakes\n\n## 2. Putting them too close together\n\nOnce cooked, you can either:\n\n"
                          "- Put the butter on top and eat them\n- Place them apart on the plate to cool\n")
    assert record.procedures == []


LAZY_NUMBERED_BREAK = """# Repot the fern

## Repotting

1. Check the roots the day before.
1. Place newspaper on the table.

![The table, ready](table.png)

1. Turn the pot over and ease the fern out.

By now the roots should be loose enough to untangle by hand.

1. Put the fern in the new pot.
1. Fill the gaps with fresh soil.

## Cleaning up

1. Put the soil into a bag.
1. Remove the newspaper.
"""


def test_lazily_numbered_list_goes_on_after_a_screenshot_or_a_paragraph():
    record = extract_text(LAZY_NUMBERED_BREAK)
    first, second = record.procedures
    assert [s.text for s in first.steps] == [
        "Check the roots the day before.", "Place newspaper on the table.", "Turn the pot over and ease the fern out.",
        "Put the fern in the new pot.", "Fill the gaps with fresh soil."]
    assert [s.number for s in first.steps] == [1, 2, 3, 4, 5]
    assert "By now the roots" in record.content.text  # the paragraph between is the article's, not step 3's
    assert [s.text for s in second.steps] == ["Put the soil into a bag.", "Remove the newspaper."]


def test_a_new_lead_in_or_explicit_numbering_starts_a_new_list():
    text = """## Feed the fern

1. Add the feed to the can.
1. Turn the can over the soil.

To feed it in winter, do this instead:

1. Add half the feed.
1. Turn the can over the soil.

## Trim the fern

1. Cut the brown fronds.
2. Put them in the bin.

Then rest.

1. Check the fern.
2. Open a window.
"""
    record = extract_text(text)
    assert [len(p.steps) for p in record.procedures] == [2, 2, 2, 2]


def test_bullets_under_a_task_heading_may_hold_a_verb_the_lists_do_not_know():
    text = """# Lamp care

## Replace the lamp cable

For each lamp in the hall:

- Unplug the lamp
- Call the electrician if the cable is frayed
- Unscrew the base plate
- Replace the cable
- Put the base plate back

## Why lamps flicker

- Loose bulbs
- Old cables
- Cheap dimmers
"""
    record = extract_text(text)
    assert len(record.procedures) == 1
    assert [s.text for s in record.procedures[0].steps][:2] == ["Unplug the lamp", "Call the electrician if the cable is frayed"]


def test_either_leads_an_instruction():
    record = extract_text("## Clean the shade\n\n- Open the clip.\n- Either remove the ring or replace it.\n")
    assert [s.text for s in record.procedures[0].steps] == ["Open the clip.", "Either remove the ring or replace it."]


PLAIN_HTML_STEPS = """# Lamp support

<h2>Open a ticket</h2>

<p>To open a ticket, follow these steps:</p>
<ol>
    <li>Go to the <a href="https://lamp.example/help">help page</a>.</li>
    <li>Click <strong>New ticket</strong>.</li>
    <li>Type what is wrong, then click <strong>Send</strong>.
        <ul>
            <li>Add a photo of the lamp.</li>
        </ul>
    </li>
</ol>

<ol class="related-links">
    <li><a href="/a">Open a lamp</a></li>
    <li><a href="/b">Click a switch</a></li>
</ol>
"""


def test_plain_html_list_inside_markdown_is_read_as_a_list():
    record = extract_text(PLAIN_HTML_STEPS)
    assert len(record.procedures) == 1  # the list with a class (a widget's markup) stays raw HTML
    procedure = record.procedures[0]
    assert procedure.title == "Open a ticket"
    assert [s.text for s in procedure.steps] == ["Go to the help page.", "Click New ticket.",
                                                 "Type what is wrong, then click Send."]
    assert [s.text for s in procedure.steps[2].substeps] == ["Add a photo of the lamp."]
    assert "New ticket" in procedure.steps[1].ui_elements


def test_a_heading_written_by_a_shortcode_is_a_heading_and_whats_next_links_are_navigation():
    text = """---
title: Dust the lamp
---

Dust gathers on the shade.

## {{% heading "prerequisites" %}}

A soft cloth.

## Dusting

1. Switch the lamp off.
2. Wipe the shade from top to bottom.

{{% whatsnext-heading %}}

* Learn more about [lamp shades](/shades/).
* Read about [bulbs](/bulbs/).
"""
    record = extract_text(text)
    assert "whatsnext" not in record.content.text and "{{" not in record.content.text
    assert "Before you begin" in record.content.text
    assert "Learn more about lamp shades" not in record.content.text
    assert [s.text for s in record.procedures[0].steps] == ["Switch the lamp off.", "Wipe the shade from top to bottom."]


def test_a_heading_shortcode_shown_in_a_code_block_stays_as_written():
    text = """# Theme headings

Write this line where the next steps start:

```markdown
{{% whatsnext-heading %}}
```
"""
    assert "{{% whatsnext-heading %}}" in extract_text(text).content.text


def test_a_step_line_right_after_an_html_block_is_not_swallowed_by_it():
    text = """## Tilt the lamp

1) Open the clamp on the arm.

<div>
  <a href="https://shop.example/lamp"><img src="ad.png" alt="ad"></a>
</div>
2) Turn the head to the angle you like.

3) Close the clamp.
"""
    record = extract_text(text)
    assert [s.text for s in record.procedures[0].steps] == [
        "Open the clamp on the arm.", "Turn the head to the angle you like.", "Close the clamp."]


def test_a_template_macro_line_is_build_markup_not_content():
    record = extract_text('# Dim the lamp\n\n{{ badge(since="2.1") }}\n\nThe lamp dims in four stages, and '
                          'the {{ product }} app shows the stage.\n')
    assert "badge" not in record.content.text
    assert "the {{ product }} app shows the stage" in record.content.text  # a variable in prose stays prose


LEGEND_IN_A_STEP = """# Name the lamps

## Procedure

1. Write the lamp file:

    ```yaml
    name: <lamp-name>
    room: <room>
    ```
    Where:

    - `<lamp-name>` is the name the app shows.
    - `<room>` is the room the lamp is in.

1. Load the file with the lamp tool.

1. Check the names:

    1. List the lamps.
    1. Compare the names with the file.
"""


def test_a_where_legend_after_a_code_block_is_no_substeps():
    record = extract_text(LEGEND_IN_A_STEP)
    (procedure,) = record.procedures
    assert [s.text for s in procedure.steps] == [
        "Write the lamp file:", "Load the file with the lamp tool.", "Check the names:"]
    assert [[sub.text for sub in s.substeps] for s in procedure.steps] == [
        [], [], ["List the lamps.", "Compare the names with the file."]]
    assert "is the room the lamp is in" in record.content.text
    localized = LEGEND_IN_A_STEP.replace("Where:", "Dabei gilt:")  # the legend's lead-in in German
    assert extract_text(localized).procedures[0].steps[0].substeps == []


def test_a_list_of_ways_to_choose_from_is_no_procedure():
    text = ("# Dim the lamp\n\n## Dimming\n\nThe lamp has two ways to dim it:\n\n"
            "1. To dim it by hand, turn the ring on the base.\n"
            "1. To dim it from the phone, open the app and drag the slider.\n")
    assert extract_text(text).procedures == []
    steps = text.replace("The lamp has two ways to dim it:", "To dim the lamp, do the following:")
    assert len(extract_text(steps).procedures) == 1


def test_bullets_after_a_to_do_this_lead_in_are_steps_when_nearly_all_are_actions():
    text = ("# Pair the lamp\n\n## Pairing\n\nThe hub finds lamps nearby.\n\nTo pair the lamp with the hub:\n\n"
            "- Open the hub app.\n- Select **Add lamp** on the home screen.\n- Hold the lamp's button until it blinks.\n")
    (procedure,) = extract_text(text).procedures
    assert procedure.title == "Pairing" and len(procedure.steps) == 3
    needs = ("# Pair the lamp\n\n## Pairing\n\nThe hub finds lamps nearby.\n\nTo pair the lamp with the hub:\n\n"
             "- A hub with the latest firmware.\n- The lamp within ten metres.\n- Open the hub app.\n")
    assert extract_text(needs).procedures == []  # what the task needs, not its steps


MDX_TABS_BETWEEN_STEPS = """import Tabs from '@theme/Tabs';
import TabItem from '@theme/TabItem';

# Install the lamp agent

## Install it

1. Fetch the agent package from the hub page.
2. Install the package:

<Tabs>
<TabItem value="deb" label="Debian">

1. Add the lamp repository to your sources.
2. Run the install command.

</TabItem>
<TabItem value="rpm" label="Fedora">

1. Import the lamp signing key.
2. Run the install command with the key checked.

</TabItem>
</Tabs>

3. Start the agent service.
4. Check that the hub lists the lamp.
"""

MKDOCS_TABS = """# Install the lamp agent

## Install it

1. Fetch the agent package from the hub page.
1. Install the package:

=== "Debian"

    1. Add the lamp repository to your sources.
    1. Run the install command.

=== "Fedora"

    1. Import the lamp signing key.
    1. Run the install command with the key checked.

1. Start the agent service.
1. Check that the hub lists the lamp.

## Remove it

=== "Debian"

    1. Stop the agent.
    1. Remove the package.

=== "Fedora"

    1. Stop the agent service.
    1. Erase the package.
"""


def test_content_tabs_between_steps_are_the_step_s_substeps_from_one_tab():
    install = ["Fetch the agent package from the hub page.", "Install the package:", "Start the agent service.",
               "Check that the hub lists the lamp."]
    for text in (MDX_TABS_BETWEEN_STEPS, MKDOCS_TABS):
        procedure = extract_text(text, "lamp.mdx").procedures[0]
        assert [s.text for s in procedure.steps] == install
        assert [sub.text for sub in procedure.steps[1].substeps] == [
            "Add the lamp repository to your sources.", "Run the install command."]
    # tabs that are the whole procedure (no numbered step leads into them) keep a procedure each
    assert [[s.text for s in p.steps] for p in extract_text(MKDOCS_TABS).procedures[1:]] == [
        ["Stop the agent.", "Remove the package."], ["Stop the agent service.", "Erase the package."]]


def test_content_tabs_inside_a_step_give_substeps_from_one_tab():
    text = ("# Install\n\n## Steps\n\n1. Fetch the package.\n1. Install it:\n\n    {{< tabs >}}\n"
            "    {{% tab name=\"Debian\" %}}\n    1. Add the repository.\n    1. Run the install command.\n"
            "    {{% /tab %}}\n    {{% tab name=\"Fedora\" %}}\n    1. Import the key.\n    1. Run the install command.\n"
            "    {{% /tab %}}\n    {{< /tabs >}}\n\n1. Start the service.\n")
    (procedure,) = extract_text(text).procedures
    assert [s.text for s in procedure.steps] == ["Fetch the package.", "Install it:", "Start the service."]
    assert [sub.text for sub in procedure.steps[1].substeps] == ["Add the repository.", "Run the install command."]
    assert "Import the key." in extract_text(text).content.text  # the other tab stays in the article


def test_a_screenshot_component_is_an_image_and_a_how_to_question_heading_names_a_task():
    text = ("# Lamp hub\n\n### How to pair the lamp with the hub?\n\nThe hub pairs one lamp at a time.\n\n"
            "- First, open the hub app and pick **Add lamp**:\n\n<Screenshot url='/img/add-lamp.png' />\n\n"
            "- Hold the lamp's button until it blinks.\n- Wait for the hub to show the lamp:\n\n"
            "<Screenshot url='/img/paired.png' />\n\n- For the lamp to stay paired, you need to keep it within ten metres.\n")
    (procedure,) = extract_text(text, "hub.mdx").procedures
    assert procedure.title == "How to pair the lamp with the hub?"
    assert len(procedure.steps) == 4
    assert procedure.steps[0].images[0].url == "/img/add-lamp.png"
    why = text.replace("How to pair the lamp with the hub?", "Why does the hub pair one lamp at a time?")
    assert extract_text(why, "hub.mdx").procedures == []


def test_a_replace_the_following_legend_and_a_list_of_labelled_options_are_no_steps():
    text = ("# Grant lamp access\n\n## Grant it\n\n1. Open the lamp console.\n2. Run the grant command:\n\n"
            "    ```\n    lampctl grant USER --room ROOM\n    ```\n\n    To run the command, replace the following:\n\n"
            "    - `USER`: the account that gets access.\n    - `ROOM`: the room the lamps are in.\n\n"
            "3. Check the account in the access list.\n")
    (procedure,) = extract_text(text).procedures
    assert [len(s.substeps) for s in procedure.steps] == [0, 0, 0]
    options = ("# Reset the lamp\n\n## Reset it\n\nYou can reset the lamp from the base or from the app.\n\n"
               "- **Option 1**: Press the reset button on the base for ten seconds.\n"
               "- **Option 2**: Open the app, select the lamp and tap **Reset**.\n")
    assert extract_text(options).procedures == []


def test_bullets_that_all_start_in_the_same_place_are_things_to_try_not_steps():
    text = ("# Lamp version\n\n## Using the lamp console\n\n"
            "- At the lamp console, type `lampctl info` and then press **Enter**.\n"
            "- At the lamp console, type `lampctl about`, and then press Enter. It shows the serial number too.\n")
    assert extract_text(text).procedures == []
    steps = text.replace("- At the lamp console, type `lampctl about`", "- In the output, find the line `version`")
    assert len(extract_text(steps).procedures) == 1


TEMPLATE_TAGS_IN_TEXT = """---
title: Rename a lamp
---
{% data reusables.lamps.owners-can %} rename a lamp. {% ifversion cloud %}A renamed lamp keeps its schedule.{% endif %}

{% data reusables.lamps.open-the-app %}
1. Open the lamp's page in {% data variables.product.app_name %} and select **Rename**.
2. Go to **{% my lamps title="Settings > Lamps" %}** and type the new name.
3. Download release {{< skew currentVersion >}} of the tool if you use the `{% lamp %}` tag in scripts.

   ```shell
   lampctl rename --to {% data variables.lamp.name %}
   ```

## {% linkable_title Afterwards %}

The lamp shows its new name at once.
"""


def test_template_tags_inside_text_go_and_the_text_stays():
    record = extract_text(TEMPLATE_TAGS_IN_TEXT)
    content = record.content.text
    # a paragraph that opens with a tag was taken whole for build markup: its sentences are content
    assert "rename a lamp." in content and "A renamed lamp keeps its schedule." in content
    assert "{% data reusables.lamps.owners-can %}" not in content and "{% endif %}" not in content
    (procedure,) = record.procedures
    assert [step.text for step in procedure.steps] == [
        "Open the lamp's page in and select Rename.",
        "Go to Settings > Lamps and type the new name.",  # a link-like tag shows its title
        "Download release of the tool if you use the {% lamp %} tag in scripts.",  # inline code is left alone
    ]
    assert "{% data variables.lamp.name %}" in procedure.steps[2].code[0].text  # so is a code block
    # a line that is a tag only stays what it was: a directive; a heading that is one tag with plain words
    # shows the words
    assert "open-the-app" not in content
    assert "\nAfterwards\n" in content and "linkable_title" not in content


LEAD_IN_AFTER_THE_LAST_STEP = """# Move the lamp settings

## Move them

1. Download the lamp tool for your system.
2. Create the `data` folder as above.
3. Copy the settings folder to `data`:
    * **Windows** `%APPDATA%\\\\Lamp`
    * **Linux** `~/.config/lamp`

As an example, here is the folder you end up with on **Windows**:

```
|- lamp
|   |- data
```
"""


def test_a_lead_in_after_the_last_step_is_the_articles_not_a_command_line_of_that_step():
    record = extract_text(LEAD_IN_AFTER_THE_LAST_STEP)
    (procedure,) = record.procedures
    assert procedure.steps[-1].text == "Copy the settings folder to data:"
    assert [sub.text for sub in procedure.steps[-1].substeps] == ["Windows %APPDATA%\\\\Lamp", "Linux ~/.config/lamp"]
    assert "As an example, here is the folder you end up with on Windows:" in record.content.text


WAYS_WITH_THEIR_ACTIONS = """# Remove the lamp app

## From the app store

If you installed the app from the store, remove it there.

* Start menu
  * Search for **Apps** and find the lamp app in the list.
  * Select **Uninstall** from the menu on the right.
  * Follow the prompts to remove the app.
* Control Panel
  * Under **Programs**, select the **Uninstall a program** link.
  * Find the lamp app, right-click it, and select **Uninstall**.
  * Follow the prompts to remove the app.

## What the app keeps

* Settings
  * The lamp names you chose.
  * The schedules of each room.
* Logs
  * A week of on and off times.
  * Error reports.
"""


def test_bullets_naming_ways_each_holding_actions_give_one_procedure_per_way():
    record = extract_text(WAYS_WITH_THEIR_ACTIONS)
    assert [[step.text for step in p.steps] for p in record.procedures] == [
        ["Search for Apps and find the lamp app in the list.", "Select Uninstall from the menu on the right.",
         "Follow the prompts to remove the app."],
        ["Under Programs, select the Uninstall a program link.", "Find the lamp app, right-click it, and select Uninstall.",
         "Follow the prompts to remove the app."],
    ]  # the way names are no steps; the topics under "What the app keeps" hold no actions: no procedure


def test_bullets_that_are_actions_with_substeps_are_not_ways():
    text = ("# Dim the lamp\n\nDo this once.\n\n* Open **Settings**\n  * Select **Lamps**.\n  * Select **Hall**.\n"
            "* Go to **Brightness**\n  * Drag the slider left.\n  * Press **Save**.\n")
    assert all(len(p.steps) != 2 or p.steps[0].text != "Select Lamps." for p in extract_text(text).procedures)


def test_bold_inside_chinese_or_japanese_text_adds_no_space():
    from extractor import extract_text
    record = extract_text("# 台灯\n\n我们真的用好了**台灯**的开关吗？设置里的**Lamp**开关也在。日本語の**設定**を開く。\n")
    assert "用好了台灯的开关吗" in record.content.text
    assert "设置里的Lamp开关" in record.content.text
    assert "日本語の設定を開く" in record.content.text
    assert "Press the Windows logo key and R" in extract_text("# Keys\n\nPress the**Windows logo key**and R.\n").content.text


TAG_LINES_TOUCHING_TEXT = """---
title: Dim the lamp at night
---

## Turn on the night mode

1. Press the lamp's **Mode** button twice.  
{{< img src="mode.png" alt="the Mode button" >}}

2. Hold **Dim** until the light turns amber.  
{{< img src="dim.png" alt="the Dim button" >}}

## Keep the schedule

{% folding blue, In the app %}
Open the app and pick the lamp.
1. Tap **Schedule**.
2. Set the night hours and tap **Save**.
{% endfolding %}

{% highlight bash %}
lampctl night --on
{% endhighlight %}
"""


def test_a_template_tag_line_touching_text_is_markup_between_blocks():
    record = extract_text(TAG_LINES_TOUCHING_TEXT)
    first, second = record.procedures
    # an image shortcode on the line under a step is no part of the step's words
    assert [step.text for step in first.steps] == ["Press the lamp's Mode button twice.",
                                                   "Hold Dim until the light turns amber."]
    # a Hexo folding block's body reads as the page's text, its closing tag no part of the last step
    assert [step.text for step in second.steps] == ["Tap Schedule.", "Set the night hours and tap Save."]
    content = record.content.text
    assert "Open the app and pick the lamp." in content and "{%" not in content and "{{<" not in content
    # a Liquid highlight pair is a code block
    blocks = parse_markdown(TAG_LINES_TOUCHING_TEXT.split("---\n", 2)[2])
    assert any(block.kind == "code" and block.text.strip() == "lampctl night --on" for block in blocks)


def test_a_hyphenated_step_label_and_a_bold_how_to_label_introduce_steps():
    record = extract_text("# Pair the lamp\n\nThe lamp pairs with one hub at a time.\n\n"
                          "### Step-1: Reset the hub\n\nHold the hub's button for ten seconds.\n\n"
                          "### Step-2: Open the lamp app\n\nThe app finds the hub by itself.\n")
    assert [[step.text for step in p.steps] for p in record.procedures] == [["Reset the hub", "Open the lamp app"]]
    record = extract_text("# Membersihkan lampu\n\nLampu yang berdebu jadi redup.\n\n"
                          "**Cara membersihkan kap lampu:**\n\n"
                          "- **Cabut lampu:** Tarik steker dari stopkontak.\n"
                          "- **Lap kapnya:** Gunakan kain kering.\n"
                          "- **Pasang kembali:** Colokkan steker lagi.\n\n"
                          "**Tips tambahan:**\n\n- Bersihkan sebulan sekali.\n- Gunakan kain mikrofiber.\n")
    (procedure,) = record.procedures
    assert [step.text for step in procedure.steps] == ["Cabut lampu: Tarik steker dari stopkontak.",
                                                       "Lap kapnya: Gunakan kain kering.",
                                                       "Pasang kembali: Colokkan steker lagi."]


# A section of tips, one bullet of which holds a labelled numbered list of actions; then the next section.
TIP_BULLET_SECTION = ("# Faster lamp app\n\nThe lamp app slows down when too much runs with it.\n\n"
                      "## 1. Close what you do not use\n\n"
                      "- **Why it helps:** Every open app takes memory from the lamp app.\n"
                      "- **How to close apps at start:**\n"
                      "    1. Open the Task Manager.\n"
                      "    2. Select the Startup tab.\n"
                      "    3. Right-click an app and select Disable.\n\n")
NEXT_SECTION = "## 2. Keep the lamp close\n\n- **Distance:** The hub reaches about ten metres.\n"


def test_a_labelled_numbered_list_inside_a_tip_bullet_is_a_procedure():
    record = extract_text(TIP_BULLET_SECTION + NEXT_SECTION)
    (procedure,) = record.procedures
    assert [step.text for step in procedure.steps] == ["Open the Task Manager.", "Select the Startup tab.",
                                                       "Right-click an app and select Disable."]


def test_flush_left_text_after_a_tip_bullets_numbered_list_is_not_its_last_step():
    # the numbered list sits inside a bullet: the paragraph after the outer list speaks to the whole section
    record = extract_text(TIP_BULLET_SECTION + "Choose the apps you really need at start. Turn off chat apps and "
                          "updaters you rarely use.\n\n" + NEXT_SECTION)
    (procedure,) = record.procedures
    assert procedure.steps[-1].text == "Right-click an app and select Disable."


def test_a_kramdown_table_of_contents_and_attribute_lines_are_not_text():
    record = extract_text("# Installing the lamp app\n\n<details open markdown=\"block\">\n  <summary>\n"
                          "    Table of contents\n  </summary>\n  {: .text-delta }\n1. TOC\n{:toc}\n</details>\n\n"
                          "## Install\n1. Download the latest release.\n1. Put the program in a folder.\n1. Start the program.\n"
                          "{: .steps }\n\nThe log writes each price with `\"{:.2f}\".format(price)`, two decimals.\n")
    markdown = record.content.markdown
    assert "Table of contents" not in markdown and "TOC" not in markdown and "{:" not in markdown.replace("{:.2f}", "")
    assert "{:.2f}" in markdown
    (procedure,) = record.procedures
    assert [step.text for step in procedure.steps] == ["Download the latest release.", "Put the program in a folder.",
                                                       "Start the program."]


def test_terminal_file_and_output_shortcodes_are_code_not_step_text():
    """Docs themes box a command's output and a file's contents in shortcodes of their own: read as text, those
    lines ran into the step's words."""
    record = extract_text("---\ntitle: Serve the lamp page\n---\n\n## Set up the server\n\n"
                          "1. Write the site's configuration:\n\n"
                          "    {{< file \"/etc/lamp/site.conf\" ini >}}\n    [site]\n    port = 8080\n    {{< /file >}}\n\n"
                          "1. Start the server and check its state:\n\n"
                          "    {{< output >}}\n    lamp.service is running since noon\n    {{< /output >}}\n\n"
                          "1. Open the page in a browser.\n")
    steps = record.procedures[0].steps
    assert [s.text for s in steps] == ["Write the site's configuration:", "Start the server and check its state:",
                                       "Open the page in a browser."]
    assert (steps[0].code[0].language, steps[0].code[0].text.split("\n")[0]) == ("ini", "[site]")
    assert "lamp.service is running" in steps[1].code[0].text


def test_wiki_links_read_as_the_words_they_show_and_are_links():
    """Notes sites (Obsidian, Foam, wiki exports) link with "[[Page]]": CommonMark leaves the brackets in the text."""
    record = extract_text("# Pair the lamp\n\nA script can test for the file with `[[ -f lamp.conf ]]` first.\n\n"
                          "1. Open [[Lamp settings]] on the phone.\n"
                          "2. Pick the network, as in [[Networks#Home network]].\n"
                          "3. Press [[Buttons|the pair button]] for five seconds.\n\n![[pairing.png]]\n")
    steps = record.procedures[0].steps
    assert [s.text for s in steps] == ["Open Lamp settings on the phone.", "Pick the network, as in Networks > Home network.",
                                       "Press the pair button for five seconds."]
    assert [(link.text, link.url) for link in steps[2].links] == [("the pair button", "Buttons")]
    assert record.content.text.count("[[") == 1 and "[[ -f lamp.conf ]]" in record.content.text


# MDX step components: Mintlify "<Step title>" elements, Nextra headings inside "<Steps>", an ordered list inside it.
MINTLIFY_STEPS = """# Deploy the lamp hub

The hub runs on any small server.

## Quick deploy

<Steps>
  <Step title="Install the hub CLI">
    Run the installer from a terminal.

    ```bash
    npm install -g lamp-hub
    ```
  </Step>

<Step title="Sign in">
  Sign in with your hub token.
</Step>

  <Step title="Set the variables">
    Set these values:

    - `HUB_PORT=8080`
    - `HUB_TOKEN`

  </Step>
</Steps>

## What you get

A hub that finds your lamps.
"""

NEXTRA_STEPS = """# Connect the lamp hub to a database

The hub keeps its lamps in a database.

<Steps>

## Create a database

Open the console and create a database.

1. Open the **Databases** page.
2. Click **New database**.

## Copy the connection string

Copy the string from the dashboard.

## Paste it into the hub

Paste the string into the hub's settings file.

</Steps>

## Source code

The example lives in the hub's repository.
"""

STARLIGHT_STEPS = """# Add a lamp theme

## Install a theme

<Steps>

1. Download the theme archive.

2. Unpack it into the `themes` folder.

3. Select the theme in the hub settings.

</Steps>

## Notes

Themes can be changed at any time.
"""


def _step_texts(procedure):
    return [step.text for step in procedure.steps]


def test_mintlify_step_titles_are_the_steps_of_a_procedure():
    for path in ("deploy.mdx", "deploy.md"):  # (a .md page indents the bodies too: no code blocks of them)
        (procedure,) = extract_text(MINTLIFY_STEPS, path).procedures
        assert procedure.title == "Quick deploy"
        assert _step_texts(procedure) == ["Install the hub CLI", "Sign in", "Set the variables"]
        assert [sub.text for sub in procedure.steps[2].substeps] == ["HUB_PORT=8080", "HUB_TOKEN"]


def test_headings_inside_steps_are_the_steps_of_a_procedure():
    for path in ("db.mdx", "db.md"):
        (procedure,) = extract_text(NEXTRA_STEPS, path).procedures
        assert procedure.title == "Connect the lamp hub to a database"  # the heading above the block
        assert _step_texts(procedure) == ["Create a database", "Copy the connection string", "Paste it into the hub"]
        assert len(procedure.steps[0].substeps) == 2
        assert "Source code" not in " ".join(_step_texts(procedure))


FUMADOCS_STEPS = """# Pair the lamp

## Pairing

<Steps>
<Step>
### Open the hub app
Tap the lamp icon on the home screen.
</Step>
<Step>
### Hold the lamp button
Hold it until the lamp blinks twice.
</Step>
</Steps>
"""


def test_untitled_step_elements_wrapping_headings_are_steps():
    (procedure,) = extract_text(FUMADOCS_STEPS, "pair.mdx").procedures
    assert procedure.title == "Pairing"
    assert _step_texts(procedure) == ["Open the hub app", "Hold the lamp button"]


def test_an_ordered_list_inside_steps_stays_one_procedure():
    (procedure,) = extract_text(STARLIGHT_STEPS, "theme.mdx").procedures
    assert procedure.title == "Install a theme" and len(procedure.steps) == 3


def test_step_components_inside_fenced_code_are_code():
    text = "# Write docs\n\n## Example\n\n```mdx\n<Steps>\n<Step title=\"One\">\nA\n</Step>\n</Steps>\n```\n"
    assert extract_text(text, "docs.mdx").procedures == []
