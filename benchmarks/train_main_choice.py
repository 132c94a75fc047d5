"""Train the HTML main-content chooser (``extractor/readers/html_choice.py``) on WCXB dev's tuning pages.

    python benchmarks/train_main_choice.py [--wcxb ../shared/eval/wcxb-dev] [--cache /tmp/choice.json]
                                           [--write extractor/data/html_main_choice.json]

Only pages whose id is not divisible by 5 are read: the other fifth is kept aside to measure the model
(``benchmarks/wcxb_bench.py --held-out``). For each page the reader runs as usual up to its pick of the
main content; every candidate ``html_choice.candidates`` offers is then turned into text the way the reader
would (labelled regions left out, link lists labelled unless the candidate reads as a listing) and scored
against the page's ``main_content`` (word F1, as ``extractor eval`` scores WCXB). A candidate is a positive
example when it beats the pick by more than ``MARGIN``. The model is a logistic regression over the
standardised features (L2 penalty, Newton's method: deterministic, no dependency); its threshold is the one
that gives the best mean F1 when each fold of the tuning pages (id % 5 = 1, 2, 3, 4) is scored by a model
trained on the other three. The figures printed are those cross-validated ones, per page type.
"""
from __future__ import annotations

import argparse
import gzip
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from extractor.readers.html_choice import sigmoid, vetoed  # noqa: E402  (the model's own functions)

DEFAULT_WCXB = ROOT.parent / "shared" / "eval" / "wcxb-dev"
DEFAULT_OUT = ROOT / "extractor" / "data" / "html_main_choice.json"
MARGIN = 0.02  # a candidate must beat the pick by this much word F1 to be a positive example
L2 = 1.0
# Each example counts by how much F1 is at stake (plus this floor): a candidate that changes nothing
# teaches little, one that gains or loses half the page's words teaches much.
WEIGHT_FLOOR = 0.05
NEWTON_STEPS = 25
TIE = 0.0005  # cross-validated mean F1 differences below this are noise on ~1,200 pages
THRESHOLDS = [round(0.3 + 0.05 * i, 2) for i in range(12)]
MAX_ANCESTORS = 4
# Feature pairs whose product is a feature: a prose pick, or an article page, that a candidate would
# grow by link-dense or much larger parts (a news page's related-stories rails).
PRODUCTS: list[tuple[str, str]] = []  # none pays on the tuning folds today (tried: type_article*log_ratio, ...)
# Candidates never taken, whatever the model says (each rule: every feature above its value). On a page
# that says it is an article, a pick of prose stands, and so does any pick against a candidate that adds
# mostly links: WCXB's article pages are annotated generously, so widening costs them little there and the
# model learns to widen; on news pages every such widening adds a related-stories rail (seen on AEB).
# A pick of prose that holds under 15 % of the page's text is not an article's body but one section of a
# landing page that its CMS declares an article (og:type "article" on every WordPress page): the model
# decides there (cross-validated: service 0.784 -> 0.789, every other type unchanged; 0.1 gains less, 0.2
# and 0.3 the same).
VETOES = [[("type_article", 0.5), ("pick_paragraphs", 0.8), ("pick_share", 0.15)],
          [("type_article", 0.5), ("added_link_density", 0.8)]]
# Page signals: schema.org types (JSON-LD @type, microdata itemtype) and og:type values, by what they say
# the page is. Patterns over the page's type declarations joined by spaces.
SIGNALS = {
    "type_product": r"\bProduct\b|\bproduct\b(?!\w)|IndividualProduct|ProductGroup",
    "type_collection": r"\bItemList\b|CollectionPage|OfferCatalog|SearchResultsPage",
    "type_article": r"\b(?:Article|NewsArticle|BlogPosting|Report|ScholarlyArticle|TechArticle|article)\b",
    "type_thread": r"DiscussionForumPosting|QAPage",
    "type_faq": r"FAQPage",
}


def _text_minus(el, marks: dict) -> str:
    """The visible text of ``el`` without its labelled regions (what the reader's blocks would hold)."""
    out: list[str] = []
    stack = [(el, False)]
    while stack:
        node, tail_only = stack.pop()
        if tail_only:
            out.append(node.tail or "")
            continue
        if node is not el:
            stack.append((node, True))
        if not isinstance(node.tag, str) or node in marks:
            continue
        out.append(node.text or "")
        stack.extend((child, False) for child in reversed(node))
    return " ".join(out)


def page_rows(key: str, data: bytes, truth: str, model) -> list[dict]:
    """One row per candidate of the page, the pick first: kind, features, word F1."""
    from extractor.checks.wcxb import word_prf
    from extractor.readers import html as reader
    from extractor.readers import html_choice, html_main
    from extractor.readers.html_decode import decode_html
    from extractor.readers.html_page_type import page_kind
    from extractor.readers.html_steps import ingredient_containers, steps_containers

    captured = {}

    def capture(body, roots, marks, listing, *_):  # *_: role_main, tagged (choose's later arguments)
        captured.update(body=body, roots=list(roots), marks=dict(marks), pick_listing=listing(roots))
        return roots

    rules = html_main.html_rules()
    root = reader.parse(decode_html(data)[0])
    kind = page_kind(root)
    body = root.find("body")
    containers = steps_containers(body)
    containers += ingredient_containers(body, containers)
    html_main.clean(body, rules, containers)
    original, html_choice.choose = html_choice.choose, capture
    try:
        html_main.layout(body, [c for c in containers if reader._attached(c, body)], kind)
    finally:
        html_choice.choose = original
    body, pick, marks, pick_listing = captured["body"], captured["roots"], captured["marks"], captured["pick_listing"]
    tally = html_choice.Tally(body, marks)
    signals = html_choice.page_signals(body, model)
    body_chars = tally.chars.get(body, 0)

    def f1_of(roots) -> float:
        own, _ = html_main.label_link_lists(roots, marks, rules)
        return word_prf(" ".join(_text_minus(r, own) for r in roots), truth)[2]

    rows = [{"key": key, "kind": "pick", "f1": f1_of(pick)}]
    for kind_name, roots in html_choice.candidates(body, pick, marks, model):
        rows.append({"key": key, "kind": kind_name, "f1": f1_of(roots),
                     "x": html_choice.features(kind_name, roots, pick, tally, body_chars, signals, pick_listing)})
    return rows


def collect(folder: Path) -> list[list[dict]]:
    from extractor.checks.wcxb import load_wcxb_gold
    from extractor.readers import html_choice

    model = html_choice.ChoiceModel((), (), (), (), 0.0, 1.0, MAX_ANCESTORS, (), (),
                                    {name: html_choice.re.compile(p, html_choice.re.IGNORECASE) for name, p in SIGNALS.items()})
    gold = load_wcxb_gold(str(folder / "ground-truth"))
    pages = []
    for page in gold.pages:
        if int(page.key) % 5 == 0:
            continue  # the held-out fifth: never read here
        data = gzip.decompress((folder / "html" / f"{page.key}.html.gz").read_bytes())
        rows = page_rows(page.key, data, page.main_content, model)
        for row in rows:
            row["type"] = page.page_type
        pages.append(rows)
    return pages


# -- logistic regression, pure Python -------------------------------------------------------------

def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (the matrix is small and positive definite)."""
    n = len(vector)
    a = [row[:] + [vector[i]] for i, row in enumerate(matrix)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(a[r][col]))
        a[col], a[pivot] = a[pivot], a[col]
        for r in range(n):
            if r != col and a[r][col]:
                factor = a[r][col] / a[col][col]
                a[r] = [x - factor * y for x, y in zip(a[r], a[col])]
    return [a[i][n] / a[i][i] for i in range(n)]


def fit(xs: list[list[float]], ys: list[int], weights: list[float]) -> list[float]:
    """Weights (bias last) of an L2-penalised logistic regression, by Newton's method."""
    n = len(xs[0]) + 1
    rows = [x + [1.0] for x in xs]
    w = [0.0] * n
    for _ in range(NEWTON_STEPS):
        grad = [L2 * wi for wi in w[:-1]] + [0.0]
        hess = [[(L2 if i == j and i < n - 1 else 0.0) for j in range(n)] for i in range(n)]
        for x, y, weight in zip(rows, ys, weights):
            p = sigmoid(sum(wi * xi for wi, xi in zip(w, x)))
            g, h = weight * (p - y), weight * p * (1 - p)
            for i in range(n):
                grad[i] += g * x[i]
                hx = h * x[i]
                if hx:
                    row = hess[i]
                    for j in range(i, n):
                        row[j] += hx * x[j]
        for i in range(n):
            for j in range(i):
                hess[i][j] = hess[j][i]
        step = _solve(hess, grad)
        w = [wi - si for wi, si in zip(w, step)]
        if max(abs(s) for s in step) < 1e-8:
            break
    return w


def standardise(pages: list[list[dict]], names: list[str]) -> tuple[list[float], list[float]]:
    values = [[row["x"].get(name, 0.0) for name in names] for rows in pages for row in rows[1:]]
    mean = [sum(col) / len(col) for col in zip(*values)]
    scale = [math.sqrt(sum((v - m) ** 2 for v in col) / len(col)) or 1.0 for col, m in zip(zip(*values), mean)]
    return mean, scale


def train(pages: list[list[dict]], names: list[str]) -> dict:
    mean, scale = standardise(pages, names)
    xs, ys, weights = [], [], []
    for rows in pages:
        for row in rows[1:]:
            xs.append([(row["x"].get(name, 0.0) - m) / s for name, m, s in zip(names, mean, scale)])
            gain = row["f1"] - rows[0]["f1"]
            ys.append(int(gain > MARGIN))
            weights.append(abs(gain) + WEIGHT_FLOOR)
    w = fit(xs, ys, weights)
    return {"features": names, "mean": mean, "scale": scale, "weights": w[:-1], "bias": w[-1]}


def probability(model: dict, x: dict) -> float:
    z = model["bias"] + sum(w * (x.get(n, 0.0) - m) / s
                            for n, m, s, w in zip(model["features"], model["mean"], model["scale"], model["weights"]))
    return sigmoid(z)


def chosen_f1(model: dict, rows: list[dict], threshold: float) -> float:
    best, best_p = rows[0]["f1"], threshold
    for row in rows[1:]:
        if vetoed(row["x"], VETOES):
            continue
        p = probability(model, row["x"])
        if p > best_p:
            best, best_p = row["f1"], p
    return best


def cross_validate(pages: list[list[dict]], names: list[str]) -> dict[float, list[tuple[str, float, float]]]:
    """threshold -> (page type, pick F1, chosen F1) per page, each fold scored by the model of the others."""
    out: dict[float, list] = {t: [] for t in THRESHOLDS}
    for fold in (1, 2, 3, 4):
        model = train([rows for rows in pages if int(rows[0]["key"]) % 5 != fold], names)
        for rows in pages:
            if int(rows[0]["key"]) % 5 == fold:
                for t in THRESHOLDS:
                    out[t].append((rows[0]["type"], rows[0]["f1"], chosen_f1(model, rows, t)))
    return out


def report(results: list[tuple[str, float, float]]) -> str:
    kinds = sorted({k for k, _, _ in results})
    mean = lambda xs: sum(xs) / len(xs) if xs else 0.0  # noqa: E731
    parts = [f"all {mean([p for _, p, _ in results]):.3f}->{mean([c for _, _, c in results]):.3f}"]
    for k in kinds:
        rows = [(p, c) for kk, p, c in results if kk == k]
        parts.append(f"{k[:5]} {mean([p for p, _ in rows]):.3f}->{mean([c for _, c in rows]):.3f}")
    return " ".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wcxb", type=Path, default=DEFAULT_WCXB)
    parser.add_argument("--cache", type=Path, help="keep the candidate rows here (read back when present)")
    parser.add_argument("--write", type=Path, default=None, help=f"write the model (default: {DEFAULT_OUT.relative_to(ROOT)})")
    parser.add_argument("--dry-run", action="store_true", help="cross-validate only, write nothing")
    args = parser.parse_args(argv)
    if args.cache and args.cache.exists():
        pages = json.loads(args.cache.read_text())
    else:
        pages = collect(args.wcxb)
        if args.cache:
            args.cache.write_text(json.dumps(pages))
    from extractor.readers.html_choice import with_products

    for rows in pages:
        for row in rows[1:]:
            with_products(row["x"], PRODUCTS)
    names = sorted({name for rows in pages for row in rows[1:] for name in row["x"]})
    results = cross_validate(pages, names)
    for t in THRESHOLDS:
        print(f"threshold {t:.2f}: {report(results[t])}")
    # The most cautious threshold within TIE of the best cross-validated F1: when in doubt, the pick stands.
    means = {t: sum(c for _, _, c in results[t]) / len(results[t]) for t in THRESHOLDS}
    threshold = max(t for t in THRESHOLDS if means[t] >= max(means.values()) - TIE)
    print(f"chosen threshold {threshold}")
    if args.dry_run:
        return 0
    model = train(pages, names)
    model.update(threshold=threshold, max_ancestors=MAX_ANCESTORS, products=PRODUCTS, vetoes=VETOES, signals=SIGNALS,
                 trained_on="WCXB dev, page ids not divisible by 5; benchmarks/train_main_choice.py")
    model["mean"] = [round(v, 6) for v in model["mean"]]
    model["scale"] = [round(v, 6) for v in model["scale"]]
    model["weights"] = [round(v, 6) for v in model["weights"]]
    model["bias"] = round(model["bias"], 6)
    out = args.write or DEFAULT_OUT
    out.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
