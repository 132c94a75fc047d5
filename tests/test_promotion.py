"""Procedures that sell a product are marked (``Procedure.promotes_product``), from general signals."""
from __future__ import annotations

import pytest

from extractor import extract_text
from extractor.model import Link, Span, Step
from extractor.stages.promotion import promoted_product


def steps(*texts: str, links: tuple[str, ...] = ()) -> list[Step]:
    made = [Step(text=t, source=Span(line_start=i + 1, line_end=i + 1)) for i, t in enumerate(texts)]
    made[0].links.extend(Link(text="here", url=u) for u in links)
    return made


EXAMPLES = [
    # the steps keep using it and say it costs money
    (("Download and install PatchPilot.", "Open PatchPilot and click Check Now.", "Click Fix All (Pro version)."),
     (), "PatchPilot"),
    # the steps say it costs money
    (("Get the free Cleanup Genie 3 utility.", "Click Fix (needs a license key)."), (), "Cleanup Genie 3"),
    # a link to a download page
    (("Install Speedy Bolt from the link.", "Click Start."), ("https://speedybolt.example/get",), "Speedy Bolt"),
]
NOT_EXAMPLES = [
    ("Download the latest driver from the maker's site.", "Double-click the file to install it."),  # no name
    ("Open Device Manager.", "Install Windows Update and restart Windows."),  # the platform's own tools
    ("Download and install Firefox.", "Open a new tab."),  # named once, nothing else says it sells
    ("Download and install Firefox.", "Open Firefox and pick Settings."),  # a free app the steps use
    ("Download the driver.", "If that fails, try Fix 2.", "The Pro version of a tool does it too."),  # a cross-reference
]


@pytest.mark.parametrize("texts, links, product", EXAMPLES)
def test_examples(texts, links, product):
    assert promoted_product(steps(*texts, links=links)) == product


@pytest.mark.parametrize("texts", NOT_EXAMPLES)
def test_not_examples(texts):
    assert promoted_product(steps(*texts)) is None


def test_field_on_extracted_procedures():
    record = extract_text("## Fix it\n\n1. Download and install NetMender.\n2. Run NetMender and click Repair "
                          "(needs the Pro version).\n\n"
                          "## By hand\n\n1. Open **Settings**.\n2. Click **Network reset**.\n")
    assert [p.promotes_product for p in record.procedures] == ["NetMender", None]


def test_a_title_names_the_product_and_the_article_links_its_download_page():
    record = extract_text("# Update a driver\n\n[PatchPilot](https://vendor.example/patchpilot/download) finds drivers.\n\n"
                          "## Method 2: Use PatchPilot\n\n1. Click **Scan**.\n2. Click **Update**.\n\n"
                          "## Method 3: Use System Restore\n\n1. Open System Restore.\n2. Pick a restore point.\n")
    assert [p.promotes_product for p in record.procedures] == ["PatchPilot", None]


def test_the_product_an_article_is_about_is_not_a_sale_but_a_tool_in_the_title_is():
    about = extract_text("# Zoom keeps freezing\n\n## Fix 4: Reinstall Zoom\n\n"
                         "1. Download Zoom from [its page](https://zoom.example/download).\n"
                         "2. Open Zoom and sign in (the free trial of Pro is offered).\n")
    assert about.procedures[0].promotes_product is None
    tool = extract_text("# Graphics driver keeps crashing\n\n## Solution 1: Fix it with PatchPilot\n\n"
                        "1. Download and install PatchPilot.\n2. Run PatchPilot and click Scan Now.\n"
                        "3. Click Update All (this needs the Pro version).\n")
    assert tool.procedures[0].promotes_product == "PatchPilot"


def test_the_article_links_are_read_once_for_all_procedures(monkeypatch):
    from extractor.stages import promotion

    reads = []
    read = promotion._article_links
    monkeypatch.setattr(promotion, "_article_links", lambda doc: reads.append(doc) or read(doc))
    record = extract_text("# Update a driver\n\n[PatchPilot](https://vendor.example/patchpilot/download) finds drivers.\n\n"
                          "## Method 2: Use PatchPilot\n\n1. Click **Scan**.\n2. Click **Update**.\n\n"
                          "## Method 3: Use DriverDoc\n\n1. Install DriverDoc.\n2. Open DriverDoc.\n\n"
                          "## Method 4: Use LampFix\n\n1. Click **Scan**.\n2. Click **Fix**.\n")
    assert [p.promotes_product for p in record.procedures] == ["PatchPilot", None, None]
    assert len(reads) == 1  # the three procedures name a product; the article's links were read once
