"""The shape of each rule file, checked at load (``extra="forbid"`` everywhere: an unknown key is an error)."""
from __future__ import annotations

import re
from functools import cached_property
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from ..model import BoilerplateKind, Metadata
from .fields import CasePatternField, Described, Examples, Pattern, PatternField, Words, _Rule
from .folded import FoldedPattern


# -- boilerplate.toml -----------------------------------------------------------------------------

class KindRule(Described):
    name: str
    kind: BoilerplateKind
    enabled: bool = True  # a user file sets false to switch a packaged rule off


class TextRule(KindRule):
    """Matched against visible text (phrases, lead-ins) or raw markup."""

    pattern: Pattern
    max_chars: int = Field(10**9, ge=1)


class RegionRule(KindRule):
    begin: Pattern
    end: Pattern


class PromoLinkRule(KindRule):
    text: Pattern
    url: Pattern
    max_chars: int = Field(10**9, ge=1)
    # the share of the block's text that is the text of its links (0: any line holding such a link)
    min_link_share: float = Field(0.0, ge=0, le=1)
    # only in a Markdown post (an HTML page's product cards are how its roundup lists the products)
    markdown_only: bool = False


class StructuralRule(KindRule):
    """A boilerplate decision made by the shape of a block (link density, repetition), not a phrase.

    The code names the rule; the data says its kind. Examples are whole Markdown articles, and
    extracting one must cut a block under this rule's name."""


class LinkDensity(_Rule):
    min_links: int = Field(ge=1)
    min_link_text_share: float = Field(gt=0, le=1)


class Duplicate(_Rule):
    min_chars: int = Field(ge=1)


class BoilerplateLimits(_Rule):
    markup_max_prose_chars: int = Field(ge=0)
    lead_in_max_chars: int = Field(ge=1)
    promo_step_min_chars: int = Field(ge=0)
    short_link_line_max_chars: int = Field(ge=1)
    tag_max_words: int = Field(ge=1)
    cjk_chars_per_word: int = Field(ge=1)
    anchor_list_min_items: int = Field(ge=1)
    anchor_min_link_share: float = Field(ge=0, le=1)
    promo_lead_up_blocks: int = Field(ge=0)
    promo_lead_up_max_chars: int = Field(ge=0)
    merge_gap_lines: int = Field(ge=0)


class BoilerplateSection(_Rule):
    markup: tuple[TextRule, ...] = ()
    region: tuple[RegionRule, ...] = ()
    lead_in: tuple[TextRule, ...] = ()
    phrase: tuple[TextRule, ...] = ()
    promo_link: tuple[PromoLinkRule, ...] = ()
    structural: tuple[StructuralRule, ...] = ()
    link_density: LinkDensity
    duplicate: Duplicate
    limits: BoilerplateLimits

    def verdict(self, name: str) -> tuple[str, str]:
        """(kind, name) of a structural rule, for the stage that applies it."""
        return self.structural_verdicts[name]

    @cached_property
    def structural_verdicts(self) -> dict[str, tuple[str, str]]:
        return {rule.name: (rule.kind, rule.name) for rule in self.structural}

    @cached_property
    def lead_in_names(self) -> frozenset[str]:
        return frozenset(rule.name for rule in self.lead_in)

    @cached_property
    def phrase_folded(self) -> tuple[FoldedPattern, ...]:
        """Each phrase rule's pattern as ``FoldedPattern``: ASCII block texts are matched lower-cased (same
        answers; sre scans for a literal start, which it cannot do case-insensitively), each search first
        asking whether the text holds a string every match holds (``rules.literals.guarded_search``)."""
        return tuple(FoldedPattern(rule.pattern, guarded=True) for rule in self.phrase)

    @cached_property
    def phrase_longest(self) -> int:
        """The longest text a phrase rule reads."""
        return max((rule.max_chars for rule in self.phrase), default=0)

    # the names stages and checks used before the rules were one value
    @property
    def phrases(self) -> tuple[TextRule, ...]:
        return self.phrase

    @property
    def regions(self) -> tuple[RegionRule, ...]:
        return self.region


# -- steps.toml -----------------------------------------------------------------------------------

class StepLimits(_Rule):
    """Cut-offs of the step finder; steps.toml says why each value."""

    min_steps: int = Field(ge=1)
    action_section_label_max_chars: int = Field(ge=1)
    under_item_max_blank_lines: int = Field(ge=0)
    pseudo_heading_max_chars: int = Field(ge=1)
    pseudo_heading_min_words: int = Field(ge=1)
    anchor_min_link_share: float = Field(ge=0, le=1)
    gerund_window_chars: int = Field(ge=1)
    instruction_window_chars: int = Field(ge=1)
    instruction_window_words: int = Field(ge=1)
    lead_clause_max: int = Field(ge=1)
    item_label_max_words: int = Field(ge=1)
    action_window_chars: int = Field(ge=1)
    intro_action_share: float = Field(ge=0, le=1)
    after_steps_action_share: float = Field(ge=0, le=1)
    task_heading_max_blocks: int = Field(ge=0)
    task_heading_action_share: float = Field(ge=0, le=1)
    bare_actions_min_items: int = Field(ge=2)
    explained_actions_min_items: int = Field(ge=2)
    citation_item_share: float = Field(ge=0, le=1)
    purpose_intro_action_share: float = Field(ge=0, le=1)
    option_label_max_words: int = Field(ge=1)
    option_action_share: float = Field(ge=0, le=1)
    continued_bullets_action_share: float = Field(ge=0, le=1)
    default_action_share: float = Field(ge=0, le=1)
    default_action_minimum: int = Field(ge=0)
    keep_instruction_share: float = Field(ge=0, le=1)
    numbered_heading_action_share: float = Field(ge=0, le=1)
    context_lead_in_max_words: int = Field(ge=1)
    option_min_labels: int = Field(ge=1)
    introduced_instruction_share: float = Field(ge=0, le=1)
    label_max_gap: int = Field(ge=1)
    number_max_gap: int = Field(ge=1)
    lazy_resume_max_blocks: int = Field(ge=0)
    lead_in_title_max_chars: int = Field(ge=1)
    command_line_max_chars: int = Field(ge=1)
    continuation_max_chars: int = Field(ge=1)
    bullet_remark_max_chars: int = Field(ge=1)
    language_min_words: int = Field(ge=0)
    toc_min_key_chars: int = Field(ge=0)
    toc_min_hits: int = Field(ge=1)
    toc_hit_share: float = Field(ge=0, le=1)
    ui_label_max_chars: int = Field(ge=1)
    ui_label_max_words: int = Field(ge=1)
    outcome_paragraphs: int = Field(ge=0)
    ingredient_max_words: int = Field(ge=0)
    quantity_line_max_words: int = Field(ge=0)
    ingredient_list_share: float = Field(ge=0, le=1)
    cjk_chars_per_word: int = Field(ge=1)
    box_max_page_share: float = Field(ge=0, le=1)
    html_box_scan_max_chars: int = Field(ge=0)


class OriginExamples(Described):
    """Articles (Markdown, or HTML when they start with ``<``) that must give a procedure of this origin."""


class StepsSection(_Rule):
    paragraph_number: CasePatternField
    inline_number: CasePatternField
    # the same in Chinese and Japanese running text ("1、", "2．", "①"), tried on text that is not all ASCII
    inline_cjk_number: CasePatternField
    # a heading numbered as an entry ("### 1. Clone the repository", "###### 2.添加子模块"): a step only
    # under a sequence heading (lang sequence_heading), else a section of a list (tips, methods)
    numbered_heading: CasePatternField
    # "Step N" labels in every language: {step_words} and {number_words} are filled from the languages
    step_label_template: str
    # a line that names one of several ways ("Method 2: ...", "Option 1 –", "Méthode 3 :"): {method_words}
    # and {number_words} are filled from the languages; a short such paragraph stands for a heading
    method_label_template: str = ""
    # a heading that ranks an entry of a list ("#3 SomeApp – ..."): lists under it are its features
    ranked_heading: CasePatternField | None = None
    # a heading over what the reader must have first ("Prerequisites", "前提条件"): its bullets are conditions
    requirements_heading: CasePatternField | None = None
    # an item that opens with a warning sign ("⚠️ Scroll slowly ..."): a caution set in the list, not a step
    caution_item: CasePatternField | None = None
    # a heading numbered under a step's number ("#### 2-1. ユーザー名を確認", "### 2.1 Install"): under step heading 2,
    # a substep of it (group p: the step's number, n: the substep's)
    sub_numbered_heading: CasePatternField | None = None
    menu_path: CasePatternField | None = None
    # an item that opens with a platform's name and a colon ("Windows: ...", "**macOS:** ..."): one of several
    # platforms' ways to do the same thing, not a step
    platform_label: PatternField | None = None
    # a heading that only names a platform ("On Windows", "Windowsの場合"): numbered headings under it are the
    # steps of the how-to above it, on that platform
    platform_heading: PatternField | None = None
    limits: StepLimits
    origin: dict[str, OriginExamples] = {}


# -- lang/<code>.toml -----------------------------------------------------------------------------

class Instruction(Described):
    """Examples: sentences that read as an instruction (``units.is_instruction``)."""


class HtmlWords(_Rule):
    # class/id/itemprop words of a steps container (regex fragments: "instructions?")
    container_words: tuple[str, ...] = ()
    # heading texts under which the list is a recipe's or how-to's steps (regex fragments)
    step_heading_words: tuple[str, ...] = ()
    # words that start an ingredient line like a number does ("a pinch of salt"; plain text)
    quantity_words: tuple[str, ...] = ()


class Language(_Rule):
    """The words of one language. Every field is optional: a language gives what it knows."""

    language: str = ""  # its name in English, for people reading the file
    # the short words every sentence needs ("the", "und", "les"): how an article's language is told
    function_words: Words = frozenset()
    imperative_verbs: Words = frozenset()
    # the first person plural a tutorial writes its steps in ("Abrimos el menú", "Clicchiamo su Salva"): read
    # as the imperative verbs are
    first_person_plural_verbs: Words = frozenset()
    lead_words: Words = frozenset()
    action_words: Words = frozenset()
    modal_subjects: Words = frozenset()
    modal_verbs: Words = frozenset()
    infinitive_markers: Words = frozenset()
    instruction: Instruction = Instruction()
    step_words: tuple[str, ...] = ()
    # other languages' step words that mean something else in this one ("fase": a step in Italian, a phase in
    # Dutch): no "Step N" label in an article known to be in this language
    not_step_words: Words = frozenset()
    number_words: tuple[str, ...] = ()
    # ordinals in order 1, 2, 3 ... for "First step:" / "Première étape :" / "Langkah pertama:" labels; an entry
    # may hold the forms of one ordinal joined by "|" ("primeiro|primeira")
    ordinal_words: tuple[str, ...] = ()
    # what may follow a step number ("第2步": "步"); regex fragments like step_words
    step_suffixes: tuple[str, ...] = ()
    # the word of a step counter ("Step 2 of 8"; "/8" needs none); regex fragments like step_words
    step_count_words: tuple[str, ...] = ()
    # month and weekday names as written in dates, full and abbreviated ("march", "mar", "mär"), lower
    # case, plain words: every rule file's patterns name them as %month_name% / %weekday_name% (rules/vocabulary.py)
    month_names: tuple[str, ...] = ()
    weekday_names: tuple[str, ...] = ()
    # "Method", "Fix", "Option": words that number the alternative ways of an article (regex fragments)
    method_words: tuple[str, ...] = ()
    lead_clause: PatternField | None = None
    # the shape of an instruction when no listed verb is met: French "-ez" ("Débranchez"), German
    # "<verb>en Sie", Japanese "...ます。"; searched in the text after lead words and clause
    imperative_form: PatternField | None = None
    # an instruction written as an infinitive at the end of its first clause ("Eine Kategorie wählen: ...",
    # "Den Ofen vorheizen."), whatever the verb: matched case-sensitively from the text's first word, and
    # only in text known to be in the language (the shape says nothing in another)
    infinitive_form: CasePatternField | None = None
    steps_intro: PatternField | None = None
    steps_heading: PatternField | None = None
    # a heading that names a sequence ("Implementation steps", "Installation process", "安装步骤"): its
    # numbered sub-headings ("### 1. Clone the repository") are the sequence's steps
    sequence_heading: PatternField | None = None
    # titles of a list of products or tips ("Top 10 ...", "Best 6 ..."): a numbered list under one is no procedure
    listicle_title: PatternField | None = None
    # a lead-in that introduces warnings ("please be aware that:"): the numbered list after it is no procedure
    caution_intro: PatternField | None = None
    outline_intro: PatternField | None = None
    # a lead-in that announces advice ("Here are some tips to keep your account safe:", "Berikut ini adalah beberapa
    # langkah yang bisa Anda ambil untuk melindungi diri"): the list after it is tips, each on its own, not steps
    advice_intro: PatternField | None = None
    # an item's label that names the means it uses ("Using the Settings app:", "Par la ligne de commande :"):
    # items so labelled are ways to choose from, not steps done in turn
    means_label: PatternField | None = None
    # a lead-in that announces alternatives ("There are two ways to do this:"): the list after it is options
    alternatives_intro: PatternField | None = None
    # a lead-in that is nothing but the task it serves ("To connect to the remote PC:"): a bulleted list of
    # actions after it is that task's steps
    purpose_intro: PatternField | None = None
    # a lead-in that only places what follows after what was done ("Once that is done:", "在完成以上准备工作后："):
    # the actions after it go on the procedure in time, as after "follow these steps:"
    sequel_intro: PatternField | None = None
    # a lead-in of a legend ("Where:", "Replace the following:"): the list after it explains a code block's
    # placeholders; inside a step it is no substep
    legend_intro: PatternField | None = None
    continuation_start: PatternField | None = None
    continuation_exclude: PatternField | None = None
    # a sentence that opens with the goal it serves ("To update the images, export again"): a task of
    # its own, so a paragraph after the last step that starts so does not continue that step
    purpose_clause: PatternField | None = None
    inline_note: PatternField | None = None
    note_prefix: PatternField | None = None
    outcome_cue: PatternField | None = None
    check_title: PatternField | None = None
    ui_patterns: tuple[CasePatternField, ...] = ()
    keys: dict[str, str] = {}
    html: HtmlWords = HtmlWords()


# -- html_boilerplate.toml (readers/html_main.py) --------------------------------------------------
# What each value does is said beside it in the data file; here only its type and range.

class HtmlDrop(_Rule):
    tags: tuple[str, ...]
    hidden_classes: tuple[str, ...]
    panel_pattern: Pattern | None = None  # class/id words of a collapsed panel (content though hidden)
    not_panel_pattern: Pattern | None = None  # ... of a box over the page or of chrome, whose panels stay hidden

    @cached_property
    def hidden_class_set(self) -> frozenset[str]:  # tested against each element's class names
        return frozenset(self.hidden_classes)


class HtmlPageCopy(_Rule):
    tags: tuple[str, ...]
    min_chars: int = Field(ge=0)
    min_share: float = Field(ge=0, le=1)


class HtmlProtect(_Rule):
    max_prose_share: float = Field(ge=0, le=1)
    any_size: tuple[str, ...] = ()
    pattern: Pattern


class HtmlRegion(KindRule):
    pattern: Pattern | None = None
    tags: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()


class HtmlScore(_Rule):
    positive: Pattern
    negative: Pattern
    paragraph_tags: tuple[str, ...]
    min_paragraph_chars: int = Field(ge=0)
    sibling_share: float = Field(ge=0, le=1)
    sibling_min_score: float = Field(ge=0)
    section_min_kept: int = Field(ge=1)
    sibling_text_tags: tuple[str, ...]
    widen_share: float = Field(ge=0, le=1)
    widen_to_body: bool
    widen_max_link_density: float = Field(ge=0, le=1)
    fallback_region_share: float = Field(ge=0, le=1)
    fallback_total_share: float = Field(ge=0, le=1)
    fallback_max_per_rule: int = Field(ge=0)
    component_names: tuple[str, ...] = ()
    component_min: int = Field(0, ge=0)  # 0: class-word regions are never a page builder's parts

    @cached_property
    def paragraph_tag_set(self) -> frozenset[str]:  # tested on every element
        return frozenset(self.paragraph_tags)

    @cached_property
    def folded(self) -> tuple[FoldedPattern, FoldedPattern]:
        """(negative, positive) as ``FoldedPattern``: class/id strings are matched lower-cased (same answers)."""
        return FoldedPattern(self.negative), FoldedPattern(self.positive)


class HtmlLinkDensity(_Rule):
    min_links: int = Field(ge=1)
    max_share: float = Field(ge=0, le=1)
    listing_share: float = Field(ge=0, le=1)
    listing_headline_words: int = Field(ge=0)
    listing_headline_share: float = Field(ge=0, le=1)
    listing_link_list_share: float = Field(ge=0, le=1)
    listing_link_list_min_chars: int = Field(ge=0)
    menu_min_links: int = Field(ge=1)
    menu_max_words: float = Field(ge=0)
    menu_min_share: float = Field(ge=0, le=1)
    card_min: int = Field(0, ge=0)  # 0: no card grids
    card_max_main_chars: int = Field(0, ge=0)
    card_many: int = Field(0, ge=0)  # 0: no grid before a long main content
    card_many_share: float = Field(0.5, ge=0)
    card_many_box_share: float = Field(0.8, ge=0, le=1)
    entry_min_repeats: int = Field(0, ge=0)  # 0: every link-dense container is a link list
    entry_min_share: float = Field(0.0, ge=0, le=1)
    entry_max_targets: int = Field(1, ge=1)
    entry_not_kinds: tuple[str, ...] = ()


class HtmlForum(_Rule):
    post_tags: tuple[str, ...]
    min_posts: int = Field(ge=2)
    max_link_density: float = Field(ge=0, le=1)
    details_min_pieces: int = Field(ge=1)
    details_max_piece_chars: int = Field(ge=1)
    details_max_chars: int = Field(ge=1)
    details_share: float = Field(ge=0, le=1)
    dated_share: float = Field(ge=0, le=1)
    chrome_max_chars: int = Field(ge=1)
    date_pattern: Pattern
    preview_min_words: int = Field(0, ge=0)  # 0: no reply previews
    profile_url: Pattern | None = None  # a member's profile address: a post's poster (None: posters stay labelled)
    poster_min_chars: int = Field(2, ge=1)  # a shorter link text is a letter avatar's, not a name

    @cached_property
    def post_tag_set(self) -> frozenset[str]:
        return frozenset(self.post_tags)


class HtmlCallToAction(_Rule):
    pattern: Pattern
    max_chars: int = Field(ge=1)
    max_around_chars: int = Field(ge=0)


class HtmlShopChrome(_Rule):
    tags: tuple[str, ...]
    max_chars: int = Field(ge=1)
    pattern: Pattern
    examples: Examples = ()  # whole texts of such an element
    not_examples: Examples = ()


class HtmlFormLabels(_Rule):
    max_form_share: float = Field(ge=0, le=1)


class HtmlRepeatedText(_Rule):
    tags: tuple[str, ...]
    min_chars: int = Field(ge=1)

    @cached_property
    def tag_set(self) -> frozenset[str]:
        return frozenset(self.tags)


class HtmlEntries(_Rule):
    tags: tuple[str, ...]
    min_repeats: int = Field(ge=2)
    min_share: float = Field(ge=0, le=1)
    max_link_density: float = Field(ge=0, le=1)
    min_link_words: float = Field(0.0, ge=0)
    not_kinds: tuple[str, ...] = ()

    @cached_property
    def tag_set(self) -> frozenset[str]:
        return frozenset(self.tags)


class HtmlReviews(_Rule):
    rating_pattern: Pattern  # class/id/itemprop/aria-label words of a review's star rating
    rating_text: Pattern  # a rating in words ("Rated 4 out of 5", "5/5 stars")
    rated_share: float = Field(ge=0, le=1)
    max_share: float = Field(ge=0, le=1)


class HtmlSection(_Rule):
    drop: HtmlDrop
    page_copy: HtmlPageCopy
    protect: HtmlProtect
    region: tuple[HtmlRegion, ...] = ()
    score: HtmlScore
    link_density: HtmlLinkDensity
    forum: HtmlForum
    call_to_action: HtmlCallToAction
    shop_chrome: HtmlShopChrome
    form_labels: HtmlFormLabels | None = None
    repeated_text: HtmlRepeatedText | None = None
    entries: HtmlEntries | None = None
    reviews: HtmlReviews | None = None

    @cached_property
    def any_region(self) -> re.Pattern | None:
        """Every region's class/id pattern in one, to pass over most class names at once."""
        joined = "|".join(f"(?:{r.pattern.pattern})" for r in self.region if r.pattern is not None)
        return re.compile(joined, re.IGNORECASE) if joined else None

    @cached_property
    def region_folded(self) -> tuple[FoldedPattern | None, FoldedPattern, tuple[FoldedPattern | None, ...]]:
        """``any_region``, the protect pattern and each region rule's class/id pattern (None where a rule
        has none), as ``FoldedPattern``: class/id strings are matched lower-cased (same answers)."""
        return (FoldedPattern(self.any_region) if self.any_region is not None else None,
                FoldedPattern(self.protect.pattern),
                tuple(FoldedPattern(r.pattern) if r.pattern is not None else None for r in self.region))


# -- html_page_types.toml (readers/html_page_type.py) ---------------------------------------------

class ForumPages(_Rule):
    schema_types: tuple[str, ...]  # schema.org types only threads and Q&A pages carry
    url_pattern: Pattern  # path words of a thread's address


class ProductPages(_Rule):
    schema_types: tuple[str, ...]  # schema.org types of a page about one product
    og_types: tuple[str, ...]  # og:type values of such a page (lower-case)


class PageTypesSection(_Rule):
    forum: ForumPages
    product: ProductPages | None = None


# -- html_cards.toml (readers/html_steps.py) ------------------------------------------------------

class CardGroups(_Rule):
    label_pattern: Pattern  # class/id words of a direction group's label
    max_label_chars: int = Field(ge=1)


class CardIngredients(_Rule):
    pattern: Pattern  # class/id/itemprop words of an ingredient list
    not_pattern: Pattern  # ... unless the same word names a link or a button about ingredients
    min_items: int = Field(ge=1)
    heading_pattern: Pattern  # a heading over what the reader needs
    heading_examples: Examples = ()
    heading_not_examples: Examples = ()


class CardLabels(Described):
    number_pattern: Pattern  # the number a card sets beside a step
    total_pattern: Pattern  # what may follow a step word and its number ("of 6", "/8")


class CardAsides(Described):
    pattern: Pattern  # class/id words of a card's notes, tips, nutrition ...
    title_pattern: Pattern  # the same asides named by a heading
    title_examples: Examples = ()
    title_not_examples: Examples = ()


class CardContainers(Described):
    taxonomy_pattern: Pattern  # category/tag classes: a step word there names a topic
    # a class word that says the element is a CMS post (WordPress post_class()): its other class words are
    # the post's terms in any taxonomy ("Method-pan-fry", "Ingredient-vegetables"), not what the element holds
    post_class_pattern: Pattern
    post_class_examples: Examples = ()
    post_class_not_examples: Examples = ()


class CardSteps(_Rule):
    max_link_share: float = Field(ge=0, le=1)


class HtmlCardsSection(_Rule):
    """Recipe and how-to cards in HTML: their step groups, ingredient lists, step labels and asides."""

    groups: CardGroups
    ingredients: CardIngredients
    labels: CardLabels
    asides: CardAsides
    containers: CardContainers
    steps: CardSteps


# -- metadata.toml --------------------------------------------------------------------------------

# Fields front matter may fill by name (``extra`` holds what fills none; list fields take lists).
METADATA_FIELDS = frozenset(Metadata.model_fields) - {"extra"}
LIST_FIELDS = frozenset(name for name, field in Metadata.model_fields.items()
                        if name != "extra" and "list" in str(field.annotation))


def _known_fields(value: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    unknown = sorted(set(value) - METADATA_FIELDS)
    if unknown:
        raise ValueError(f"not a metadata field: {', '.join(unknown)} (fields: {', '.join(sorted(METADATA_FIELDS))})")
    return value


class DateFormats(Described):
    """Examples: dates written in one of ``formats``."""

    formats: tuple[str, ...]


class MetadataSection(_Rule):
    fields: Annotated[dict[str, tuple[str, ...]], AfterValidator(_known_fields)]
    nested: tuple[str, ...] = ()  # mappings in the front matter that hold fields the top level lacks
    dates: DateFormats


# -- furniture.toml (stages/furniture.py; compiled by data/furniture.py) ---------------------------

FurnitureHow = Literal["phrase", "lead-in", "label-link", "link-run", "number-scale", "sandwich", "list-items",
                       "comment-body", "after-article", "title-run", "closing-tail", "end-unit", "closing-section",
                       "signature", "linked-bio", "edge-nav", "source-credit", "edge-html", "source-link",
                       "image-credit", "affiliate-banner", "top-cta-box", "edge-links", "edge-aside", "edge-meta", "edge-header", "edge-motto", "quote-footer",
                       "html-cta", "edge-series", "body-cta", "closing-zone", "item-cta"]
FURNITURE_NO_CAP = 10**9  # max_chars of a rule that looks at blocks of any length (the structural ones)
_HOWS_WITH_PATTERNS = ("phrase", "lead-in", "label-link", "list-items", "comment-body", "closing-tail",
                       "closing-section", "linked-bio", "edge-header", "html-cta", "edge-series", "body-cta", "closing-zone",
                       "item-cta")


class FurnitureSettings(_Rule):
    instruction_guard_chars: int = Field(ge=0)
    link_only_share: float = Field(gt=0, le=1)
    link_only_max_chars: int = Field(ge=1)
    link_run_min_words: int = Field(ge=1)
    link_run_min_paragraphs: int = Field(ge=1)
    row_min_links: int = Field(ge=2)
    scale_min_items: int = Field(ge=1)
    section_heading_max_words: int = Field(ge=1)
    comment_body_max_blocks: int = Field(ge=1)
    block_language_min_hits: int = Field(ge=1)
    after_article_max_run: int = Field(ge=1)
    after_article_body_words: int = Field(ge=1)
    after_article_max_words: int = Field(ge=1)
    after_article_link_share: float = Field(gt=0, le=1)
    title_run_min_headings: int = Field(ge=2)
    title_run_max_words: int = Field(ge=1)
    closing_tail_from: float = Field(ge=0, lt=1)
    closing_tail_signoff_words: int = Field(ge=0)
    closing_tail_max_link_blocks: int = Field(ge=0)
    closing_tail_social_links: str
    cjk_chars_per_word: int = Field(ge=1)
    closing_zone_card_words: int = Field(ge=0)
    end_unit_from: float = Field(ge=0, lt=1)
    end_unit_max_chars: int = Field(ge=1)
    end_unit_line_chars: int = Field(ge=1)
    end_unit_body_ratio: float = Field(ge=0)
    closing_section_max_chars: int = Field(ge=1)
    linked_bio_last_blocks: int = Field(ge=1)
    signature_name_max_words: int = Field(ge=1)
    edge_link_share: float = Field(gt=0, le=1)
    edge_max_chars: int = Field(ge=1)
    edge_list_max_items: int = Field(ge=1)
    edge_label_max_words: int = Field(ge=1)
    source_credit_max_chars: int = Field(ge=1)
    edge_html_max_chars: int = Field(ge=1)
    image_credit_max_chars: int = Field(ge=1)
    banner_caption_max_chars: int = Field(ge=1)
    top_cta_max_chars: int = Field(ge=1)
    image_credit_link_share: float = Field(gt=0, le=1)
    edge_aside_max_chars: int = Field(ge=1)
    edge_meta_max_chars: int = Field(ge=1)
    edge_meta_min_parts: int = Field(ge=2)
    edge_meta_part_chars: int = Field(ge=1)
    end_unit_box_max_chars: int = Field(ge=1)
    edge_header_min_lines: int = Field(ge=1)
    edge_header_line_chars: int = Field(ge=1)
    edge_header_label_share: float = Field(gt=0, le=1)
    edge_series_min_links: int = Field(ge=1)
    edge_motto_max_chars: int = Field(ge=1)
    html_cta_max_chars: int = Field(ge=1)
    body_cta_max_chars: int = Field(ge=1)
    body_cta_video_links: str
    body_cta_bare_link_words: str
    item_cta_max_chars: int = Field(ge=1)
    item_cta_referral_links: str
    item_cta_steps_min_items: int = Field(ge=1)
    item_cta_steps_share: float = Field(gt=0, le=1)


class FurnitureRuleSpec(KindRule):
    """One [[rule]] of furniture.toml, as written (see the file's head for what each key means)."""

    how: FurnitureHow = "phrase"
    match: Literal["whole", "start", "search"] = "search"
    max_chars: int = Field(FURNITURE_NO_CAP, ge=1)
    blocks: tuple[str, ...] = ("paragraph", "html")
    near: tuple[BoilerplateKind, ...] = ()
    instruction_guard: bool | None = None  # default: on for phrase rules
    rows: bool = False  # also a row of links or a menu list made of the rule's labels (whole-text phrase rules)
    with_link: bool = False  # (closing-tail rules) the block must also hold a link
    sentences: bool = False  # (sandwich rules) a sentence between the two blocks is theirs too
    # (closing-zone rules) a paragraph holding these words is the article's own closing ("If it still fails, ...")
    # and ends the zone: the rule labels nothing, its examples are closings the zone keeps
    keeps: bool = False
    patterns: dict[str, tuple[str, ...]] = {}

    @model_validator(mode="after")
    def _complete(self):
        if not self.examples:
            raise ValueError("a furniture rule needs examples")
        if self.rows and (self.how != "phrase" or self.match != "whole"):
            raise ValueError("rows = true is for whole-text phrase rules (a label is a link's whole text)")
        if self.how in _HOWS_WITH_PATTERNS and not self.patterns:
            raise ValueError(f"a {self.how!r} rule needs patterns")
        return self


class FurnitureSection(_Rule):
    settings: FurnitureSettings
    # %name% in a pattern stands for the fragment (the date pattern of every language)
    fragments: dict[str, str] = {}
    rule: tuple[FurnitureRuleSpec, ...]

    @model_validator(mode="after")
    def _names_and_patterns(self):
        names = [rule.name for rule in self.rule]
        if len(names) != len(set(names)):
            raise ValueError(f"rule names repeat: {sorted({n for n in names if names.count(n) > 1})}")
        from ..data.furniture import compile_rule  # the compiled form checks every pattern

        for rule in self.rule:
            compile_rule(rule, self.fragments)
        return self


# -- annotations.toml (stages/annotate.py, stages/promotion.py) ------------------------------------

class UiWords(_Rule):
    """What is never a UI element, and what has the reader type the next label."""

    stop_words: Words  # a candidate made only of these words (lower case) is prose
    typed_cues: tuple[str, ...]  # "type", "paste", "search for": a lower-case label after one is typed text
    cross_references: tuple[str, ...]  # "see Method 3": a reference inside the article, not a control


class PromotionWords(_Rule):
    """How a procedure that installs or runs a named third-party product is told."""

    acquire_verbs: tuple[str, ...]
    title_verbs: tuple[str, ...]
    fillers: tuple[str, ...]
    commercial_cues: tuple[str, ...]
    product_link_words: tuple[str, ...]
    name_trailing_words: Words
    min_name_letters_in_url: int = Field(ge=1)
    cost_window_steps: int = Field(ge=0)
    not_products: Words


class AnnotationsSection(_Rule):
    keys: dict[str, str]  # more key names than steps.toml's, same normalisation
    ui: UiWords
    promotion: PromotionWords


# -- languages.toml (stages/language.py) ----------------------------------------------------------

class ScriptCutoffs(_Rule):
    """Chinese and Japanese are told by their script."""

    min_cjk_share: float = Field(gt=0, le=1)
    min_cjk_text_share: float = Field(gt=0, le=1)
    min_kana_share: float = Field(gt=0, le=1)


class FunctionWordCutoffs(_Rule):
    """The other languages by their function words (the words are in each language's file)."""

    min_hits: int = Field(ge=1)
    min_share: float = Field(gt=0, le=1)
    min_word_share: float = Field(ge=0, le=1)
    min_hits_for_steps: int = Field(ge=1)
    max_chars: int = Field(ge=1)


class LanguageDetectionSection(_Rule):
    script: ScriptCutoffs
    function_words: FunctionWordCutoffs


# -- site_template.toml ---------------------------------------------------------------------------

class TemplateLines(_Rule):
    """Template lines given by hand or written by ``extractor profile``: they apply to every document.
    Lines are folded the way ``corpus.template.line_key`` folds them (lower case, markup removed, 0 for
    every number)."""

    site: str = ""  # where they were learned (for the reader; not used to match)
    anywhere: tuple[str, ...] = ()
    beside_boilerplate: tuple[str, ...] = ()
    tail: tuple[str, ...] = ()  # only in a post's last quarter, beside other boilerplate or closing the post
    head: tuple[str, ...] = ()  # only in a post's head, before its first prose or beside other boilerplate
    # lines of the lists above learned from few groups: cut only where they do not read as the site's own
    # content (``ContentGuardSection``)
    few: tuple[str, ...] = ()


class ContentGuardSection(_Rule):
    """When a line learned from few groups (a small batch) stays where it stands: docs pages of one manual
    share closing passages (a section's standing intro, an install note) that are the author's content."""

    below_groups: int = Field(ge=1)  # lines learned from fewer groups than this are guarded
    max_link_share: float = Field(ge=0, le=1)  # furniture: link text is at least this share of the block
    min_letters: int = Field(ge=0)  # shorter blocks (a sign-off, "Thanks!") are never guarded
    min_subject_chars: int = Field(ge=1)  # a word this long shared with the title ties a block to the subject
    cjk_subject_chars: int = Field(ge=1)  # so does a run of this many CJK (kana, hanzi, hangul) characters
    furniture: PatternField  # calls to action, social, subscribe, donate, share, contact and service words


class NearLinesSection(_Rule):
    """Lines of a small site's posts that are near copies of each other (a template with the post's subject
    written in), at a post's head or tail: learned from a few posts, where exact repetition has too little to go on."""

    max_docs: int = Field(ge=0)  # sites of more inputs than this are left to exact repetition (0: never)
    head_min_groups: int = Field(ge=1)  # a head line's near copies: in this many groups (a tail line's: tail_min_groups)
    min_similarity: float = Field(gt=0, le=1)  # the share of words two lines share (of the words either has)
    min_words: int = Field(ge=1)
    max_words: int = Field(ge=1)
    head_to: float = Field(ge=0, le=1)  # a post's head: its keyed lines up to this share


class SiteTemplateSection(_Rule):
    """When a line recurring across a batch's articles of one site is the site's template."""

    min_groups: int = Field(ge=1)
    tail_min_groups: int = Field(ge=1)
    tail_from: float = Field(ge=0, le=1)
    min_share: float = Field(gt=0, le=1)
    min_share_linked: float = Field(gt=0, le=1)
    anywhere_share: float = Field(gt=0, le=1)
    max_steplike_share: float = Field(ge=0, le=1)
    max_prose_chars: int = Field(ge=1)
    near_duplicate: float = Field(gt=0, le=1)
    sample_per_site: int = Field(ge=1)
    # the shape of a line: what varies from post to post in a widget or a byline (month names; numbers and
    # link texts are masked by the code) written as one mask, so the variants of one line count together
    shape_mask: PatternField
    shape_min_letters: int = Field(ge=1)
    shape_cjk_letters: int = Field(default=1, ge=1)
    content_guard: ContentGuardSection
    near: NearLinesSection | None = None
    template: tuple[TemplateLines, ...] = ()
