"""Furniture rules (extractor/data/furniture.toml): every rule's examples and not_examples, by name."""
from __future__ import annotations

import pytest

from dataclasses import replace

from extractor.data.furniture import furniture_rules
from extractor.document import Document
from extractor.pipeline import read_markdown
from extractor.stages.furniture import label_furniture

RULES = furniture_rules()
CASES = [(rule.name, text, True) for rule in RULES.rules for text in rule.examples] + \
        [(rule.name, text, False) for rule in RULES.rules for text in rule.not_examples]


def labelled_by(name: str, text: str) -> set[str]:
    """Rule names the stage gives the blocks of ``text`` (a Markdown snippet), every language on, with
    only the named rule and the rules it needs as neighbours (so an earlier rule cannot take its example)."""
    rule = next(r for r in RULES.rules if r.name == name)
    context = tuple(r for r in RULES.rules if r.kind in rule.near and not r.near and r is not rule)
    doc = Document(path="<example>", lines=text.split("\n"))
    read_markdown(doc, text)
    label_furniture(doc, languages=RULES.languages, rules=replace(RULES, rules=context + (rule,)))
    return {block.boilerplate[1] for block in doc.walk() if block.boilerplate}


@pytest.mark.parametrize(("rule", "text", "expected"), CASES,
                         ids=[f"{name}-{'ex' if expected else 'not'}{i}" for i, (name, _, expected) in enumerate(CASES)])
def test_rule_examples(rule, text, expected):
    spec = next(r for r in RULES.rules if r.name == rule)
    if spec.keeps:  # a closing-zone rule that keeps: the other closing-zone rules label nothing of its examples
        zone = replace(RULES, rules=tuple(r for r in RULES.rules if r.how == "closing-zone"))
        doc = Document(path="<example>", lines=text.split("\n"))
        read_markdown(doc, text)
        label_furniture(doc, languages=RULES.languages, rules=zone)
        labelled = {block.boilerplate[1] for block in doc.blocks if block.boilerplate}
        assert not labelled if expected else labelled, f"{rule!r} example {text!r}: labelled {sorted(labelled)}"
        return
    got = labelled_by(rule, text)
    if expected:
        assert rule in got, f"rule {rule!r} does not label its example {text!r} (labelled: {sorted(got)})"
    else:
        assert rule not in got, f"rule {rule!r} labels its not_example {text!r}"


def test_link_lines_after_a_see_also_heading_go_with_it_and_prose_stays():
    # docs write a "see also" list as link lines of one paragraph (hard line breaks), not as a list
    from extractor import extract_text

    article = ("# 打印\n\n先把纸放进纸盒，然后关上盖子，这样打印机就可以开始工作了。\n\n"
               "## 另请参阅\n\n[如何更换墨盒](https://docs.example/ink)  \n[如何清洁打印头](https://docs.example/head)\n")
    record = extract_text(article)
    assert "更换墨盒" not in record.content.text and "清洁打印头" not in record.content.text
    assert {b.rule for b in record.boilerplate} == {"related-lead-in"}
    kept = extract_text("# Lamps\n\nA lamp wants a clean shade.\n\n## See also\n\nThe [shade guide](https://a.example/s) "
                        "explains which cloth takes the heat of a bright bulb without fading.\n")
    assert "which cloth takes the heat" in kept.content.text


def test_titles_whose_links_were_lost_after_a_related_lead_in_go_with_it():
    from extractor import extract_text
    record = extract_text(
        "Some closing prose of the article, long enough to be its own paragraph here.\n\nLeia também:\n\n"
        "- [Como limpar o teclado]{{< relref \"posts/teclado/\" >}}\n- [Como trocar a lâmpada]({{< relref \"posts/lampada/\" >}})\n"
    )
    assert "teclado" not in record.content.text and "lâmpada" not in record.content.text
    assert "closing prose" in record.content.text
    # a list of sentences after the same lead-in is the article's
    record = extract_text("Some closing prose of the article.\n\nLeia também:\n\n- Limpe o teclado uma vez por semana.\n- Troque a lâmpada.\n")
    assert "Limpe o teclado" in record.content.text


def test_the_posts_closing_tail_goes_and_the_articles_last_words_stay():
    from extractor import extract_text
    record = extract_text(
        "# Dim the lamp\n\nTurn the dial left until the light is low enough for reading at night.\n\n"
        "1. Open the lamp's app.\n2. Drag the slider to the left.\n\n"
        "## Can I share the lamp?\n\nYes: share it with the household in the app.\n\n"
        "## Can I lock the dial?\n\nNo, the dial always works.\n\n"
        "## Wrapping up\n\nThe lamp keeps the level you chose until you turn it again.\n\n"
        "If you liked this guide, share it with a friend and follow me on [Mastodon](https://bsky.app/lamp).\n\n"
        "Happy reading!\n\n"
        "- Tags: lamps\n\n"
        "## Read next\n\nThe guides below go further into what your lamp can do, step by step.\n\n"
        "- [Set a wake-up light](/guides/wake-up-light/)\n- [Pair two lamps](/guides/pair-lamps/)\n"
        "- [Change the bulb safely](/guides/bulb/)\n")
    content = record.content.text
    # the invitation, its sign-off and tag line go; so does a related list with its heading and introduction
    for gone in ("share it with a friend", "Happy reading", "Tags: lamps", "Read next", "go further into",
                 "Set a wake-up light"):
        assert gone not in content, gone
    # the article's last words and an FAQ answer that says "share" stay
    assert "keeps the level you chose" in content and "share it with the household" in content
    kept = extract_text(
        "# Lamp\n\nTurn the dial left until the light is low enough for reading at night.\n\n"
        "## Wrapping up\n\nThat is all. Hopefully the lamp is dimmer now. If you liked it, share this post.\n")
    assert "share this post" in kept.content.text  # a closing paragraph that also sums up is the author's own


def test_link_blocks_in_section_after_section_are_the_pages_own():
    # one "read next" line closes a post; a pointer under every section is how the page is made
    from extractor import extract_text
    sections = "".join(f"## Lamp part {n}\n\nThe part {n} holds the bulb in place and keeps it cool.\n\n"
                       f"[Part {n} manual](https://lamp.example/part-{n})\n\n" for n in range(1, 5))
    record = extract_text("# Lamp parts\n\nEvery lamp has four parts that wear out over the years.\n\n" + sections)
    assert all(f"Part {n} manual" in record.content.markdown for n in range(1, 5))
    one = extract_text("# Lamp parts\n\nEvery lamp has four parts that wear out over the years.\n\n"
                       "## The bulb\n\nThe bulb holds the light and wears out first, after some years.\n\n"
                       "## The shade\n\nThe shade keeps the light soft and needs a wipe now and then.\n\n"
                       "[Read next: How to pick a shade](https://lamp.example/shade)\n")
    assert "Read next" not in one.content.markdown


def test_closing_line_before_a_follow_line_goes_with_it():
    """A thanks/feedback line judged before the follow line after it was labelled is furniture on the second pass."""
    from extractor import extract_text
    record = extract_text(
        "# 调暗台灯\n\n把旋钮向左转，直到灯光适合夜间阅读。\n\n这样晚上眼睛就不会累了。\n\n"
        "感谢您的关注！我将感谢您的反馈。\n\n如果你喜欢这篇文章，请在 Twitter 上关注我 [@lamp](https://twitter.com/lamp)\n")
    assert "感谢您的关注" not in record.content.text
    assert "这样晚上眼睛就不会累了" in record.content.text


def test_a_link_under_a_step_heading_is_the_steps_own():
    """The last step of a post may be only a pointer ("Step 3" and a link to where it is explained): the closing
    tail's link rule does not take it, as it takes the same link under a heading that is not a step."""
    from extractor import extract_text
    body = ("# Build a lamp site\n\nA short guide to putting a lamp catalogue online in an evening.\n\n"
            "## Step 1: Install the generator\n\nRun the installer and accept the defaults it offers.\n\n"
            "## Step 2: Pick a theme\n\nChoose one of the themes and copy it into your site folder.\n\n"
            "## {last}\n\n[This is covered in the theme guide](https://lamp.example/theme-guide)\n")
    step = extract_text(body.format(last="Step 3: Edit the theme"))
    assert "covered in the theme guide" in step.content.text
    assert len(step.procedures[0].steps) == 3
    other = extract_text(body.format(last="More reading"))
    assert "covered in the theme guide" not in other.content.text


def test_a_closing_support_section_goes_and_the_same_heading_early_stays():
    """A "Support us" section at the post's end is the site's box (heading, pitch, donation list); the same words
    over the article's first section, or over a section of steps, are the article's."""
    from extractor import extract_text
    body = ("# Lamp 2.0\n\nThe new firmware dims smoothly and remembers the last level after a power cut.\n\n"
            "## Update\n\nInstall the update from the app; it takes a minute and keeps your scenes.\n\n"
            "## Scenes\n\nA scene sets several lamps at once, each to its own level and colour.\n\n")
    box = ("## Support us\n\nThere are many ways to help the project:\n\n- Answer questions on the forum.\n"
           "- Make a [one-time donation](https://coffee.example/lamp).\n")
    closing = extract_text(body + box)
    assert "many ways to help" not in closing.content.text and "one-time donation" not in closing.content.text
    assert "remembers the last level" in closing.content.text and "each to its own level" in closing.content.text
    early = extract_text("# Lamp 2.0\n\n" + box + "\n" + body.split("\n\n", 1)[1] * 2)
    assert "many ways to help" in early.content.text
    steps = extract_text(body + "## Support us\n\n1. Open the app.\n2. Tap Donate and pick an amount.\n")
    assert "Tap Donate" in steps.content.text


def test_notes_in_boxes_stay_and_a_book_pitch_goes():
    """A message box is a note unless it pitches the author's book: a closing "Windows version in preparation"
    note and a tip stay, the book box goes."""
    from extractor import extract_text
    record = extract_text(
        "# ランプの調光\n\nダイヤルを左に回すと暗くなります。\n\n:::message\nこの記事は、筆者の書籍「ランプ入門」から"
        "基礎部分をまとめたものです。\n:::\n\n## 手順\n\nアプリを開いてスライダーを動かします。\n\n:::message\n"
        "**ポイント**: 電球はLEDを選んでください。\n:::\n\n## まとめ\n\n夜の読書が楽になります。\n\n:::message\n"
        "**Windows版は現在準備中です。** 追って追記予定です。\n:::\n")
    content = record.content.text
    assert "筆者の書籍" not in content
    assert "電球はLEDを選んでください" in content and "Windows版は現在準備中です" in content


def test_a_posts_edges_lose_the_sites_navigation_and_keep_its_closing_words():
    # above the title a series line, below the article a list of the series' pages: the site's, whatever
    # their words; the help post's last sentence points to a page of the site too, and stays
    from extractor import extract_text

    post = ("[Lamp course](README.md) · Previous: [Wiring](01-wiring.md)\n\n# Dim a lamp\n\n"
            "Turn the dial left until the light is low enough for reading at night, then leave it there.\n\n"
            "1. Turn the dial to the left.\n2. Wait until the light settles.\n\n"
            "If this did not work, write to [our support team](support.md) and we will look at your lamp.\n\n"
            "- Next: [Change a bulb](03-bulb.md)\n- Back to [the course](README.md)\n")
    record = extract_text(post)
    text = record.content.text
    assert "Wiring" not in text and "Change a bulb" not in text and "Back to" not in text
    assert "If this did not work, write to our support team" in text
    assert [s.text for s in record.procedures[0].steps] == ["Turn the dial to the left.", "Wait until the light settles."]
    assert {b.rule for b in record.boilerplate} == {"edge-nav"}


def test_the_credit_of_a_reprinted_post_goes_by_the_address_its_front_matter_names():
    from extractor import extract_text

    post = ("---\ntitle: 调暗台灯\nsource: https://lamps.example/blog/dim/\n---\n\n# 调暗台灯\n\n"
            "> 原文：[Dimming a lamp](https://lamps.example/blog/dim/) · Lamp blog\n\n"
            "把旋钮向左转，直到灯光暗到适合夜间阅读，然后就不用再动它了，台灯会一直保持这个亮度。\n\n"
            "另见 [灯泡指南](https://lamps.example/blog/bulbs/)，那里讲了怎样挑选合适的灯泡来配合旋钮。\n")
    record = extract_text(post)
    assert "Dimming a lamp" not in record.content.text and "灯泡指南" in record.content.text
    assert [b.rule for b in record.boilerplate] == ["source-credit"]


def test_the_top_and_the_middle_of_a_post_lose_the_sites_furniture_and_keep_its_prose():
    text = ("---\ntitle: Dim a lamp\n---\n\n"
            "#Author: Ana Ruiz<br>\n#Lamp Notes: https://notes.example<br>\n#Instagram: https://instagram.com/ana.lamps\n\n"
            "> Light is a mood, not a number.\n\n"
            "Turn the dial left until the light is low enough for reading at night, then leave it there.\n\n"
            "<p align=\"center\"><a class=\"btn\" href=\"https://shop.example/dimmer?ref=ana\">Buy the dimmer</a></p>\n\n"
            "PS: the [wiring diagram](/files/wiring.pdf) shows where the dial sits under the shade.\n\n"
            "If you prefer video, check out my [dimmer walkthrough](https://www.youtube.com/watch?v=abc123)!\n\n"
            "The lamp keeps the setting until you turn it off, so you only do this once a day.\n")
    doc = Document(path="<example>", lines=text.split("\n"))
    read_markdown(doc, text)
    label_furniture(doc, languages=RULES.languages)
    gone = {block.boilerplate[1]: " ".join(block.text.split()) for block in doc.blocks if block.boilerplate}
    kept = [" ".join(block.text.split()) for block in doc.blocks if not block.boilerplate and block.text.strip()]
    assert set(gone) == {"edge-header", "edge-motto", "html-cta", "body-cta"}, gone
    assert kept == ["Turn the dial left until the light is low enough for reading at night, then leave it there.",
                    "PS: the wiring diagram shows where the dial sits under the shade.",
                    "The lamp keeps the setting until you turn it off, so you only do this once a day."]


def test_a_chinese_closing_paragraph_that_sums_up_the_post_stays_though_it_asks_to_follow():
    # a CJK clause is one \w+ run: "好了，台灯系列的第一篇就写到这里，..." is three runs but no sign-off
    from extractor import extract_text

    article = ("# 调暗台灯\n\n把旋钮向左转，直到灯光适合夜间阅读，然后就可以放着不管了。\n\n台灯会记住你选的亮度，下次开灯还是这个亮度。\n\n"
               "## 小结\n\n旋钮只负责调亮度，灯泡坏了要单独更换。\n\n"
               "好了，台灯系列的第一篇就写到这里，旋钮的用法都讲完了。下一篇我们换灯泡，欢迎继续关注我的博客，谢谢大家！\n")
    record = extract_text(article)
    assert "旋钮的用法都讲完了" in record.content.text


def test_a_callout_box_after_the_article_goes_with_the_follow_list_under_it():
    # a quote (Zenn's ":::message", a "> " box) read like a paragraph; each sentence holds one closing rule's words
    # or another's (a like, the site's other posts, a DM); the "Label: [link]" list under it goes with it
    from extractor import extract_text

    article = ("# ランプを暗くする\n\nダイヤルを左に回して、読書に合う明るさにしてください。\n\nランプは最後の明るさを覚えています。\n\n"
               "次に電源を入れても同じ明るさで点きます。\n\n---\n\n"
               "> この記事が役に立ったら「いいね」をお願いします！ 他の記事も書いています。ランプの相談はDMからどうぞ。\n\n"
               "- X (Twitter): [@lamp](https://x.com/lamp)\n- Blog: [lamp.example](https://lamp.example)\n")
    record = extract_text(article)
    assert "いいね" not in record.content.text and "@lamp" not in record.content.text
    assert "同じ明るさで点きます" in record.content.text


def test_a_lead_in_goes_with_the_closing_link_it_introduces_and_an_emoji_code_is_no_colon():
    from extractor import extract_text

    article = ("# Dim a lamp\n\nTurn the dial left until the light is low enough for reading at night.\n\n"
               "The lamp keeps the level you chose until you change it again.\n\n"
               "Not every lamp can be dimmed this way, the old ones cannot. Most others can :smile:\n\n"
               "## Full guide\n\nThe full guide, with a table for every bulb, is on my site:\n\n"
               "→ [Dimming lamps: the full guide](https://lamp.example/guide)\n")
    record = extract_text(article)
    assert "table for every bulb" not in record.content.text
    assert "Most others can" in record.content.text


def test_a_follow_list_whose_lines_are_invitations_goes_and_a_parts_list_stays():
    from extractor import extract_text

    body = ("# Dim a lamp\n\nTurn the dial left until the light is low enough for reading at night.\n\n"
            "The lamp keeps the level you chose until you change it again.\n\n")
    record = extract_text(body + "- Follow me on [Mastodon](https://mastodon.example/@ana) for new posts\n"
                          "- Subscribe to [my newsletter](https://ana.example/news) for a tip a month\n")
    assert "Mastodon" not in record.content.text and "a tip a month" not in record.content.text
    # "Label: [link]" lines with no invitation around them are the article's (the parts it names)
    record = extract_text(body + "- Manual: [maker.example/manual](https://maker.example/manual)\n"
                          "- Bulbs: [maker.example/bulbs](https://maker.example/bulbs)\n")
    assert "maker.example/manual" in record.content.text


def test_a_newsletter_box_in_a_quote_after_the_article_goes():
    from extractor import extract_text

    article = ("# Dim a lamp\n\nTurn the dial left until the light is low enough for reading at night.\n\n"
               "The lamp keeps the level you chose until you change it again.\n\n"
               "> **New lamp guides in your inbox.** One email a month, no spam. [Subscribe](https://ana.example/news)\n")
    record = extract_text(article)
    assert "no spam" not in record.content.text and "keeps the level" in record.content.text


def test_link_cards_under_a_related_heading_go_with_it():
    # the heading goes (a related box's heading); the cards under it (a title link and a line about it, or a bare
    # address a site shows as a card) are its items
    from extractor import extract_text

    body = ("# Dim a lamp\n\nTurn the dial left until the light is low enough for reading at night.\n\n"
            "The lamp keeps the level you chose until you change it again, even after a power cut.\n\n")
    record = extract_text(body + "## Keep reading\n\n**[How to wire a lamp](https://ana.example/wire)**\nThe cables, "
                          "step by step.\n\n**[Best bulbs for reading](https://ana.example/bulbs)**\nWarm light without flicker.\n")
    assert "wire a lamp" not in record.content.text and "Warm light" not in record.content.text
    body = ("# ランプを暗くする\n\nダイヤルを左に回して、読書に合う明るさにしてください。\n\n"
            "ランプは選んだ明るさを停電のあとも覚えています。\n\n")
    record = extract_text(body + "## 関連記事\n\nhttps://zenn.example/ana/lamp-wire\n\nhttps://zenn.example/ana/lamp-bulb\n")
    assert "zenn.example" not in record.content.text and "停電のあとも" in record.content.text


def test_a_closing_checklist_of_questions_to_the_reader_is_the_articles_own():
    """Questions to the reader in the closing zone read as invitations ("Did you like it?"), but a list of them
    with no link is the article's checklist, not the author's follow list."""
    from extractor import extract_text
    record = extract_text("---\ntitle: Ranger ses scripts\nlang: fr\n---\n\n# Ranger ses scripts\n\n"
                          "Un script se relance sans surprise quand tout est noté dans un fichier gardé avec le code.\n\n"
                          "**Relancer**\n* Pouvez-vous relancer votre script sans problème ?\n"
                          "* Un mois plus tard, voire une année plus tard ?\n\n"
                          "**Répéter**\n* Pouvez-vous obtenir les mêmes résultats avec votre script ?\n"
                          "* Avez-vous gardé les données, y compris la graine du hasard ?\n")
    assert "la graine du hasard" in record.content.text and not record.boilerplate


def test_the_one_item_of_a_list_that_sells_goes_and_steps_that_download_stay():
    # a seller's line written as one more bullet of the post's list; the numbered steps that download and sign up
    # with a referral link are steps
    from extractor import extract_text

    article = ("# Dim a lamp\n\nTurn the dial left until the light is low enough for reading at night.\n\n"
               "You need:\n\n- A lamp with a dimmer.\n- A small screwdriver.\n"
               "- Need a new lamp? Get 20% off at [LampShop](https://shop.example/?ref=lampblog).\n\n"
               "1. Download the dimmer app from [the maker's site](https://maker.example/app).\n"
               "2. Sign up at [LampCloud](https://lampcloud.example/?ref=me) and start the free trial.\n"
               "3. Pair the lamp and set the level you like.\n\n"
               "The lamp keeps the level you chose until you change it again, even after a power cut.\n")
    record = extract_text(article, path="/tmp/lamp.md")
    assert "Get 20% off" not in record.content.text and "A small screwdriver." in record.content.text
    assert [b.rule for b in record.boilerplate] == ["item-offer"]
    steps = [step.text for procedure in record.procedures for step in procedure.steps]
    assert any(s.startswith("Download the dimmer app") for s in steps)
    assert any(s.startswith("Sign up at LampCloud") for s in steps) and len(steps) == 3


def test_a_bullet_that_pitches_the_authors_video_goes_a_numbered_one_stays():
    from extractor import extract_text

    pitch = ("# Baixar a luz\n\nGire o botão para a esquerda até a luz ficar fraca o bastante para ler à noite.\n\n"
             "- Uma luminária com dimmer.\n- Confira o vídeo deste tutorial no [meu canal](https://www.youtube.com/@luz).\n"
             "- Uma chave de fenda pequena.\n\nA luminária guarda o nível escolhido mesmo depois de uma queda de energia.\n")
    record = extract_text(pitch, path="/tmp/luz.md")
    assert "Confira o vídeo" not in record.content.text and "Uma chave de fenda" in record.content.text
    step = ("# Dim a lamp\n\n1. Watch my [dimmer video](https://www.youtube.com/watch?v=abc) to see where the dial is.\n"
            "2. Turn the dial left until the light is low enough.\n3. Leave it there for the night.\n")
    assert "Watch my dimmer video" in extract_text(step, path="/tmp/dim.md").content.text


def test_app_offers_community_invitations_and_buttons_mid_body_go_their_look_alikes_stay():
    from extractor import extract_text

    article = ("# Dim a lamp\n\nTurn the dial left until the light is low enough for reading at night.\n\n"
               "> **Download our free app** to set your lamps from your phone. "
               "[Get it on Google Play](https://play.google.com/store/apps/details?id=lamp)\n\n"
               "Join our community of 10,000 lamp fans on [Telegram](https://t.me/lamps)!\n\n"
               "Referral code: LAMP20\n\n"
               "> Note: download the latest driver from the maker's site before you start.\n\n"
               "Join the two wires with a connector before you close the box.\n\n"
               "Download it free at: https://python.org\n\n"
               "The lamp keeps the level you chose until you change it again, even after a power cut.\n")
    record = extract_text(article, path="/tmp/lamp.md")
    text = record.content.text
    for gone in ("Download our free app", "Join our community", "LAMP20"):
        assert gone not in text
    for kept in ("download the latest driver", "Join the two wires", "Download it free at", "even after a power cut"):
        assert kept in text
    button = "# Baisser une lampe\n\nTournez le bouton vers la gauche jusqu'à ce que la lumière soit douce.\n\n" \
             "👉 [Télécharger gratuitement](https://lamp.example/app)\n\nLa lampe garde le niveau choisi.\n"
    assert "Télécharger" not in extract_text(button, path="/tmp/lampe.md").content.text


def test_a_short_line_the_reader_says_is_content_is_not_taken_by_the_widget_around_it():
    """The sandwich rule takes a short line between two widget blocks ("widget-interior"), unless the reader has
    said it is content (``Block.entry``: a poster's name between the labelled parts of a post's details box)."""
    text = "Rating: 4.1 / 5 (based on 20 votes)\n\nAna Ruiz\n\nMarch 3, 2021 10:15 / Updated by Jane Roe"
    rule = next(r for r in RULES.rules if r.name == "widget-interior")
    context = tuple(r for r in RULES.rules if r.kind in rule.near and not r.near and r is not rule)
    for said in (False, True):
        doc = Document(path="<example>", lines=text.split("\n"))
        read_markdown(doc, text)
        doc.blocks[1].entry = said
        label_furniture(doc, languages=RULES.languages, rules=replace(RULES, rules=context + (rule,)))
        assert doc.blocks[0].boilerplate and doc.blocks[2].boilerplate
        assert (doc.blocks[1].boilerplate is None) == said
