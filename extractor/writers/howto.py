"""schema.org HowTo JSON-LD out (``extractor extract --format howto-jsonld``).

Each procedure becomes one ``HowTo``; a document's HowTos share one JSON-LD object
(``{"@context": "https://schema.org", "@graph": [...]}``): ``dump`` is what the runner writes
instead of the record, one line per input in JSON Lines or one ``.jsonld`` file per input in a
directory. The mapping, chosen so a JSON-LD reader gets the same steps back:

    Procedure            HowTo (name = title, url = page URL)
    Procedure.requirements  HowToSupply items in ``supply`` (ingredients, supplies and tools alike)
    Step                 HowToStep (position, text, image, url = page URL + a text fragment
                         ``#:~:text=...`` that browsers scroll to, since pages rarely give steps an id)
    Step.substeps        HowToStep items in the step's itemListElement
    Step.notes           HowToTip items in the step's itemListElement
    step-heading steps   HowToSection (name = the heading step's text, itemListElement = its steps),
                         when every step of a step-headings procedure is such a group

Sections are kept for that one shape on purpose: readers (extractor's own, search engines') take
the HowToSections of one HowTo as separate groups, so a list item with a sub-list is a HowToStep
with nested steps, which reads back as the same step.

Error records have no HowTo form: they are written unchanged (``"kind": "error"``) so no failure
is lost from the output.
"""
from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from ..model import DocumentRecord, ErrorRecord, Procedure, Step

CONTEXT = "https://schema.org"
# Headings that name no task: a HowTo called "Steps" is named after its page instead.
GENERIC_TITLES = frozenset({"steps", "instructions", "directions", "method", "procedure", "how to", "how-to",
                            "step by step", "step-by-step instructions", "preparation"})
FRAGMENT_WORDS = 8  # words of a step's text in its #:~:text= anchor: enough to be unique on most pages


def document_to_jsonld(record: DocumentRecord) -> dict[str, Any]:
    page_url = _base_url(record)
    return {"@context": CONTEXT,
            "@graph": [procedure_to_howto(p, i, record, page_url) for i, p in enumerate(record.procedures, 1)]}


def procedure_to_howto(procedure: Procedure, index: int, record: DocumentRecord, page_url: str | None) -> dict:
    howto: dict[str, Any] = {"@type": "HowTo"}
    if page_url:
        howto["@id"] = f"{page_url}#howto-{index}"
        howto["url"] = page_url
    howto["name"] = howto_name(procedure, record, index)
    if record.metadata.description:
        howto["description"] = record.metadata.description
    if record.metadata.language:
        howto["inLanguage"] = record.metadata.language
    if procedure.outcome:
        howto["yield"] = procedure.outcome
    if procedure.requirements:
        howto["supply"] = [{"@type": "HowToSupply", "name": item} for item in procedure.requirements]
    sectioned = is_sectioned(procedure)
    howto["step"] = [_top_step(step, position, page_url, sectioned)
                     for position, step in enumerate(procedure.steps, 1)]
    return howto


def howto_name(procedure: Procedure, record: DocumentRecord, index: int) -> str:
    """The procedure's heading, unless it is a bare "Steps" or "Instructions": then the page title."""
    title = (procedure.title or "").strip()
    if title and title.lower().strip(" :.") not in GENERIC_TITLES:
        return title
    return record.metadata.title or title or f"Procedure {index}"


def _top_step(step: Step, position: int, page_url: str | None, sectioned: bool) -> dict:
    if not sectioned:
        return _step(step, position, page_url)
    section: dict[str, Any] = {"@type": "HowToSection", "position": position, "name": step.text}
    _add_media(section, step, page_url)
    section["itemListElement"] = _elements(step, page_url)
    return section


def _step(step: Step, position: int, page_url: str | None) -> dict:
    node: dict[str, Any] = {"@type": "HowToStep", "position": position, "text": step.text}
    _add_media(node, step, page_url)
    elements = _elements(step, page_url)
    if elements:
        node["itemListElement"] = elements
    return node


def _elements(step: Step, page_url: str | None) -> list[dict]:
    return [_step(sub, n, page_url) for n, sub in enumerate(step.substeps, 1)] + _tips(step)


def is_sectioned(procedure: Procedure) -> bool:
    """Steps that are headings over their own steps ("Step 1: Prepare the wall" + a list)."""
    return procedure.origin == "step-headings" and all(step.substeps for step in procedure.steps)


def _add_media(node: dict, step: Step, page_url: str | None) -> None:
    if page_url and step.text:
        node["url"] = step_anchor(page_url, step.text)
    if step.images:
        node["image"] = [_image(image.url, image.alt) for image in step.images]


def _image(url: str, alt: str) -> dict:
    image = {"@type": "ImageObject", "url": url}
    if alt:
        image["caption"] = alt
    return image


def _tips(step: Step) -> list[dict]:
    return [{"@type": "HowToTip", "text": note} for note in step.notes]


def step_anchor(page_url: str, text: str) -> str:
    """The page URL with a text fragment (``#:~:text=``) for the first words of the step."""
    words = " ".join(text.split()[:FRAGMENT_WORDS])
    # '-', ',' and '&' are the text-fragment syntax's own characters: they must be percent-encoded too.
    encoded = quote(words, safe="").replace("-", "%2D")
    return f"{page_url.split('#', 1)[0]}#:~:text={encoded}"


def _base_url(record: DocumentRecord) -> str | None:
    for url in (record.source.url, record.metadata.url):
        if url and url.lower().startswith(("http://", "https://")):
            return url
    return None


def dump(record: DocumentRecord | ErrorRecord, indent: int | None = None) -> str:
    if isinstance(record, ErrorRecord):
        return record.model_dump_json(indent=indent)
    return json.dumps(document_to_jsonld(record), ensure_ascii=False, indent=indent)

