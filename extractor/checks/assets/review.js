"use strict";
// The review page. Article text is untrusted: it is only ever put in the page with textContent
// (never innerHTML), links are clickable only for http(s)/mailto, and images are never loaded.
(function () {
  const PAGE = 200; // article rows rendered per scroll page
  const $ = (id) => document.getElementById(id);
  const readJSON = (id) => JSON.parse($(id).textContent);

  const index = readJSON("index");
  const summary = readJSON("summary");
  const meta = readJSON("meta");
  const state = { filter: "all", query: "", facet: null, selected: null, shown: 0, rows: [] };

  // el("div", {class: "x", text: "y", data: {k: v}}, children)
  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    const a = attrs || {};
    if (a.class) node.className = a.class;
    if (a.text !== undefined && a.text !== null) node.textContent = String(a.text);
    if (a.title) node.title = String(a.title);
    if (a.data) for (const k of Object.keys(a.data)) node.dataset[k] = String(a.data[k]);
    for (const child of children || []) if (child) node.appendChild(child);
    return node;
  }

  function safeLink(text, url) {
    const clean = String(url || "").trim();
    const label = String(text || clean);
    if (/^(https?:\/\/|mailto:)[^\s\u0000-\u001f]*$/i.test(clean)) {
      const a = el("a", { text: label, title: clean });
      a.href = clean;
      a.rel = "noopener noreferrer nofollow";
      a.target = "_blank";
      return a;
    }
    return el("span", { class: "blocked-link", text: label + " <" + clean + ">", title: "link not clickable" });
  }

  // --- filters and the article list -------------------------------------------------------------
  const FILTERS = {
    all: () => true,
    findings: (a) => a.findings > 0,
    noproc: (a) => a.status === "ok" && a.procedures === 0,
    errors: (a) => a.status !== "ok",
  };

  // Every word of the search box must be in the path, the title or the step text.
  function matches(a) {
    if (!FILTERS[state.filter](a)) return false;
    if (state.facet && !(a.facets || []).includes(state.facet.key)) return false;
    if (!state.query) return true;
    const hay = ((a.path || "") + " " + (a.title || "")).toLowerCase() + " " + (a.text || "");
    return state.query.split(/\s+/).every((word) => hay.includes(word));
  }

  function setFacet(facet) {
    state.facet = facet;
    const button = $("facet");
    button.hidden = !facet;
    button.textContent = facet ? facet.label + " \u00d7" : "";
    renderList();
  }

  function countFilters() {
    for (const name of Object.keys(FILTERS)) {
      $("n-" + name).textContent = String(index.filter(FILTERS[name]).length);
    }
  }

  function row(a) {
    const badges = [el("span", { class: "badge", text: a.procedures + " proc" }),
      el("span", { class: "badge", text: a.steps + " steps" })];
    if (a.status !== "ok") badges.push(el("span", { class: "badge err", text: a.status }));
    if (a.findings) badges.push(el("span", { class: "badge warn", text: a.findings + " lint" }));
    const li = el("li", { class: "article-row", data: { id: a.id } }, [
      el("div", { class: "title", text: a.title || "(no title)" }),
      el("div", { class: "path", text: a.path, title: a.full_path || a.path }),
      el("div", { class: "badges" }, badges),
    ]);
    if (state.selected === a.id) li.classList.add("selected");
    li.addEventListener("click", () => openArticle(a.id));
    return li;
  }

  function renderMore() {
    const fragment = document.createDocumentFragment();
    const next = state.rows.slice(state.shown, state.shown + PAGE);
    for (const a of next) fragment.appendChild(row(a));
    $("rows").appendChild(fragment);
    state.shown += next.length;
    $("more").textContent = state.shown < state.rows.length
      ? "showing " + state.shown + " of " + state.rows.length + " (scroll for more)"
      : state.rows.length + " articles";
  }

  function renderList() {
    state.rows = index.filter(matches);
    state.shown = 0;
    $("rows").replaceChildren();
    renderMore();
  }

  if ("IntersectionObserver" in window) {
    new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && state.shown < state.rows.length) renderMore();
    }, { root: $("list") }).observe($("more"));
  }

  // --- summary ---------------------------------------------------------------------------------------
  // A bar lists the articles it counts when clicked (``facet`` names the chart's facets in the index).
  function chart(title, pairs, facet) {
    const top = Math.max(1, ...pairs.map((p) => p[1]));
    const rows = pairs.map(([label, n]) => {
      const bar = el("span", { class: "bar" });
      bar.style.width = Math.round(160 * n / top) + "px";
      const barRow = el("div", { class: "bar-row", data: { facet: facet + ":" + label },
        title: "list the articles counted here" }, [el("span", { class: "lbl", text: label, title: label }), bar,
        el("span", { class: "val", text: n })]);
      barRow.addEventListener("click", () => setFacet({ key: facet + ":" + label, label: title + ": " + label }));
      return barRow;
    });
    if (!rows.length) rows.push(el("div", { class: "note", text: "(none)" }));
    return el("section", { class: "chart", data: { chart: title } }, [el("h4", { text: title }), ...rows]);
  }

  function showSummary() {
    state.selected = null;
    for (const r of document.querySelectorAll(".article-row.selected")) r.classList.remove("selected");
    const s = summary;
    const counts = [["articles", s.articles], ["extracted", s.documents], ["errors", s.errors + s.unreadable],
      ["without procedures", s.without_procedures], ["procedures", s.procedures], ["steps", s.steps],
      ["substeps", s.substeps], ["boilerplate blocks", s.boilerplate], ["lint findings", s.findings]]
      .map(([label, n]) => el("div", { class: "count", data: { count: label } }, [el("b", { text: n }), el("span", { text: label })]));
    const entries = (o) => Object.entries(o);
    $("view").replaceChildren(el("div", { class: "summary", data: { testid: "summary" } }, [
      el("div", { class: "counts" }, counts),
      el("div", { class: "charts" }, [
        chart("Procedures per article", entries(s.procedures_per_article), "procs"),
        chart("Steps per procedure", entries(s.steps_per_procedure), "steps"),
        chart("Boilerplate kinds", entries(s.boilerplate_kinds), "bp"),
        chart("Procedure origins", entries(s.origins), "origin"),
        chart("Top UI elements", s.ui_elements, "ui"),
        chart("Top shortcuts", s.shortcuts, "key"),
        chart("Lint findings by code", entries(s.finding_codes), "lint"),
      ]),
    ]));
  }

  // --- one article -----------------------------------------------------------------------------------
  function lineClasses(article) {
    const classes = new Map();
    const add = (span, cls) => {
      for (let n = span[0]; n <= span[1]; n++) {
        if (!classes.has(n)) classes.set(n, new Set());
        classes.get(n).add(cls);
      }
    };
    if (!article.spans) return classes;
    for (const b of article.boilerplate || []) { add(b.span, "bp"); add(b.span, "bp-" + b.kind); }
    for (const p of article.procedures || []) {
      add(p.span, "in-proc");
      p.steps.forEach((s, i) => {
        if (s.depth === 0) { add(s.span, "in-step"); add(s.span, i % 2 ? "step-b" : "step-a"); }
      });
    }
    return classes;
  }

  function renderSource(article) {
    const pane = el("div", { class: "source", data: { testid: "source" } });
    pane.id = "source";
    const classes = lineClasses(article);
    const fragment = document.createDocumentFragment();
    (article.lines || []).forEach((text, i) => {
      const n = i + 1;
      const line = el("div", { class: "line", data: { line: n } }, [el("span", { class: "no", text: n }), el("span", { class: "tx", text: text })]);
      for (const cls of classes.get(n) || []) line.classList.add(cls);
      fragment.appendChild(line);
    });
    pane.appendChild(fragment);
    // Clicking a source line selects the innermost step that came from it.
    pane.addEventListener("click", (event) => {
      const line = event.target.closest(".line");
      if (!line || !article.spans) return;
      const n = Number(line.dataset.line);
      const steps = [...document.querySelectorAll("#extracted .step")]
        .filter((s) => Number(s.dataset.from) <= n && n <= Number(s.dataset.to));
      const step = steps[steps.length - 1];
      if (step) {
        selectStep(step, [Number(step.dataset.from), Number(step.dataset.to)], false);
        step.scrollIntoView({ block: "nearest" });
      }
    });
    return pane;
  }

  function selectStep(node, span, scroll) {
    for (const a of document.querySelectorAll("#source .active, #extracted .active")) a.classList.remove("active");
    node.classList.add("active");
    let first = null;
    for (let n = span[0]; n <= span[1]; n++) {
      const line = document.querySelector('#source .line[data-line="' + n + '"]');
      if (line) { line.classList.add("active"); first = first || line; }
    }
    if (first && scroll !== false) first.scrollIntoView({ block: "center" });
  }

  function renderStep(step, p) {
    const chips = [...step.ui.map((u) => el("span", { class: "chip", text: u })),
      ...step.keys.map((k) => el("span", { class: "chip key", text: k }))];
    const extras = [];
    if (step.images) extras.push(step.images + " image" + (step.images > 1 ? "s" : ""));
    if (step.code) extras.push(step.code + " code block" + (step.code > 1 ? "s" : ""));
    const body = el("span", { class: "body" }, [
      el("span", { class: "text", text: step.text || "(empty)" }),
      chips.length ? el("span", { class: "chips" }, chips) : null,
      extras.length ? el("span", { class: "note", text: " [" + extras.join(", ") + "]" }) : null,
      ...step.links.map(([text, url]) => el("span", { class: "link" }, [document.createTextNode(" "), safeLink(text, url)])),
      ...step.notes.map((n) => el("div", { class: "note", text: "note: " + n })),
    ]);
    const li = el("li", { class: "step", data: { step: step.label, procedure: p, from: step.span[0], to: step.span[1] },
      title: "lines " + step.span[0] + "-" + step.span[1] }, [el("span", { class: "label", text: step.label + "." }), body]);
    li.style.marginLeft = (step.depth * 18) + "px";
    li.addEventListener("click", (event) => {
      if (event.target.closest("a")) return;
      selectStep(li, step.span);
    });
    return li;
  }

  function renderExtracted(article) {
    const pane = el("div", { data: { testid: "extracted" } });
    pane.id = "extracted";
    if (article.findings.length) {
      pane.appendChild(el("h4", { text: "Lint findings (" + article.findings.length + ")" }));
      pane.appendChild(el("ul", { class: "findings" }, article.findings.map((f) => el("li", {
        class: "sev-" + f.severity, text: f.code + " " + f.severity + " " + f.name + ": " + f.message +
          (f.procedure ? " [procedure " + f.procedure + (f.step ? ", step " + f.step : "") + "]" : "") +
          (f.line ? " (line " + f.line + ")" : ""),
      }))));
    }
    if ((article.warnings || []).length) {
      pane.appendChild(el("h4", { text: "Extraction warnings (" + article.warnings.length + ")" }));
      pane.appendChild(el("ul", { class: "findings" }, article.warnings.map((w) => el("li", {
        class: "sev-info", text: w.code + ": " + w.message + (w.line ? " (line " + w.line + ")" : ""),
      }))));
    }
    (article.procedures || []).forEach((p, i) => {
      pane.appendChild(el("section", { class: "procedure", data: { procedure: i + 1 } }, [
        el("h3", { text: (i + 1) + ". " + (p.title || "(untitled procedure)") }),
        el("div", { class: "meta", text: p.kind + " · " + p.origin + " · lines " + p.span[0] + "-" + p.span[1] +
          (p.section.length ? " · " + p.section.join(" › ") : "") }),
        p.outcome ? el("div", { class: "note", text: "outcome: " + p.outcome }) : null,
        (p.requirements || []).length ? el("div", { class: "note", text: "needs: " + p.requirements.join("; ") }) : null,
        el("ol", { class: "steps" }, p.steps.map((s) => renderStep(s, i + 1))),
      ]));
    });
    if (article.status === "ok" && !(article.procedures || []).length) {
      pane.appendChild(el("p", { class: "note", text: "No procedures found." }));
    }
    if ((article.boilerplate || []).length) {
      pane.appendChild(el("h4", { text: "Boilerplate (" + article.boilerplate.length + ")" }));
      pane.appendChild(el("ul", { class: "boilerplate-list" }, article.boilerplate.map((b) => {
        const li = el("li", { class: "bp-item", text: b.kind + " (" + b.rule + ", lines " + b.span[0] + "-" + b.span[1] + "): " + b.text });
        li.addEventListener("click", () => selectStep(li, b.span));
        return li;
      })));
    }
    return pane;
  }

  function legend() {
    const item = (cls, text) => { const s = el("span", { class: "line " + cls, text: text }); s.style.display = "inline"; return s; };
    return el("div", { class: "legend" }, [item("in-proc", "procedure"), item("in-step step-a", "step"),
      item("in-step step-b", "next step"), item("bp bp-ad", "ad"), item("bp bp-link_list", "link list / contents"),
      item("bp bp-promo", "promo"), item("bp", "other boilerplate"), item("active", "selected")]);
  }

  function openArticle(id) {
    const node = $("article-" + id);
    if (!node) return;
    const article = JSON.parse(node.textContent);
    state.selected = id;
    for (const r of document.querySelectorAll(".article-row")) r.classList.toggle("selected", r.dataset.id === String(id));
    const head = el("div", { class: "article-head" }, [
      el("h2", { text: article.title || article.path }),
      el("div", { class: "note", text: article.path + (article.note ? " — " + article.note : "") }),
      legend(),
    ]);
    const parts = [head];
    if (article.error) parts.push(el("div", { class: "error-box", data: { testid: "error" }, text: article.error }));
    parts.push(el("div", { class: "panes" }, [renderSource(article), renderExtracted(article)]));
    $("view").replaceChildren(...parts);
  }

  // --- wiring ------------------------------------------------------------------------------------------
  for (const button of document.querySelectorAll("[data-filter]")) {
    button.addEventListener("click", () => {
      state.filter = button.dataset.filter;
      for (const b of document.querySelectorAll("[data-filter]")) b.classList.toggle("on", b === button);
      renderList();
    });
  }
  $("search").addEventListener("input", (event) => { state.query = event.target.value.trim().toLowerCase(); renderList(); });
  $("show-summary").addEventListener("click", showSummary);
  $("facet").addEventListener("click", () => setFacet(null));
  if (meta.root) $("root").textContent = "paths under " + meta.root;

  // j / k: the next / previous article in the list (not while typing in the search box)
  function step(by) {
    const at = state.rows.findIndex((a) => a.id === state.selected);
    const next = Math.min(state.rows.length - 1, Math.max(0, at < 0 ? 0 : at + by));
    if (!state.rows.length) return;
    while (state.shown <= next) renderMore();
    openArticle(state.rows[next].id);
    const rowNode = document.querySelector('.article-row[data-id="' + state.rows[next].id + '"]');
    if (rowNode) rowNode.scrollIntoView({ block: "nearest" });
  }
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.target.closest("input, textarea")) return;
    if (event.key === "j") { step(1); event.preventDefault(); }
    if (event.key === "k") { step(-1); event.preventDefault(); }
  });
  countFilters();
  renderList();
  showSummary();
  document.body.dataset.ready = "1";
})();
