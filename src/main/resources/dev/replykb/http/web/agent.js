// The agent page: search as you type, pick the buyer's language, fill the placeholders, copy.
"use strict";

(() => {
  const { api, el, setLanguage, marked, debounce, localeName } = replykb;
  const $ = (id) => document.getElementById(id);
  const q = $("q");
  const buyer = $("buyer");
  const resultsList = $("results");
  const suggestionsBox = $("suggestions");
  const statusLine = $("status");
  const preview = $("preview");
  const fieldsBox = $("p-fields");
  const form = $("p-form");
  const textBox = $("p-text");
  const errorLine = $("p-error");

  const STORE_KEY = "replykb.buyerLocale";
  // Below this, /api/best answers no_confident_match: the first result is a guess.
  const CONFIDENT = 0.35;
  const NUMERIC = new Set(["plural", "selectordinal", "number", "spellout", "ordinal", "duration"]);

  const state = {
    catalog: null,
    results: [],
    selected: -1,
    values: {}, // placeholder values typed so far, kept across replies (the buyer's name...)
    rendered: null, // {id, locale, text, missing}
    rendering: Promise.resolve(),
    searchSeq: 0,
    renderSeq: 0,
  };

  function showStatus(text, isError = false) {
    statusLine.textContent = text;
    statusLine.classList.toggle("error", isError);
  }

  async function init() {
    q.focus();
    try {
      state.catalog = await replykb.locales();
    } catch (e) {
      showStatus(`The catalog could not be loaded: ${e.message}`, true);
      return;
    }
    for (const l of state.catalog.locales) {
      buyer.append(el("option", { value: l.locale }, `${l.nativeName} (${l.locale})`));
    }
    const saved = localStorage.getItem(STORE_KEY);
    if (saved && [...buyer.options].some((o) => o.value === saved)) {
      buyer.value = saved;
    }
    if (q.value.trim()) {
      search();
    }
  }

  // --- searching -----------------------------------------------------------------------------

  const searchSoon = debounce(search, 150);

  async function search() {
    const text = q.value.trim();
    const seq = ++state.searchSeq;
    if (!text) {
      clear(false);
      return;
    }
    const locale = buyer.value;
    const searching = api("/api/search?" + new URLSearchParams({ q: text, locale, limit: "8" }));
    // Completions are for a word being typed, not for a pasted message.
    const suggesting =
      text.length <= 40 && !text.includes("\n")
        ? api("/api/suggest?" + new URLSearchParams({ prefix: text, locale, limit: "6" })).catch(() => null)
        : Promise.resolve(null);
    try {
      const [results, suggestions] = await Promise.all([searching, suggesting]);
      if (seq !== state.searchSeq) return; // a newer search is on its way
      showSuggestions(suggestions ? suggestions.body.suggestions : [], text);
      showResults(results.body.results, text);
    } catch (e) {
      if (seq !== state.searchSeq) return;
      showResults([], text);
      showStatus(e.message, true);
    }
  }

  function showSuggestions(suggestions, text) {
    const useful = suggestions.filter((s) => s.text.toLowerCase() !== text.toLowerCase());
    suggestionsBox.replaceChildren(
      ...useful.map((s) =>
        setLanguage(
          el(
            "button",
            {
              type: "button",
              class: "chip",
              title: `${s.kind}: ${s.title}`,
              onclick: () => {
                q.value = s.text;
                q.focus();
                search();
              },
            },
            s.text,
          ),
          s.textLocale,
        ),
      ),
    );
  }

  function showResults(results, text) {
    state.results = results;
    resultsList.replaceChildren(...results.map(resultItem));
    resultsList.dataset.query = text; // what these results answer: tools and tests wait for it
    q.setAttribute("aria-expanded", String(results.length > 0));
    if (results.length === 0) {
      select(-1);
      showStatus(`No reply matches “${text}”.`);
      return;
    }
    const detected = results[0].detectedLocale;
    const unsure = results[0].confidence !== null && results[0].confidence < CONFIDENT;
    showStatus(
      `${results.length} ${results.length === 1 ? "reply" : "replies"}` +
        (detected ? ` · buyer writes ${detected === "und" ? "an unknown language" : localeName(state.catalog.locales, detected)}` : "") +
        (unsure ? " · no confident match: check that the reply fits" : ""),
    );
    select(0);
  }

  /** "No Deutsch (de) reply: shown in English (en)" when the reply is not in the buyer's language. */
  function fallbackText(r) {
    const wanted = localeName(state.catalog.locales, r.requestedLocale);
    return `No ${wanted} reply: shown in ${localeName(state.catalog.locales, r.locale)}`;
  }

  function resultItem(r, i) {
    return el(
      "li",
      {
        id: `r-${i}`,
        role: "option",
        class: "result",
        "aria-selected": "false",
        onclick: () => {
          select(i);
          q.focus();
        },
        ondblclick: () => {
          select(i);
          copy();
        },
      },
      el(
        "div",
        { class: "result-head" },
        setLanguage(el("span", { class: "title" }, r.title), r.locale),
        el("span", { class: "badge" + (r.fallback ? " fallback" : ""), title: "served locale" }, r.locale),
      ),
      el(
        "div",
        { class: "meta" },
        r.category,
        ` · ${r.channel}`,
        r.convertedFrom ? ` · converted from ${r.convertedFrom}` : "",
        r.confidence !== null && r.confidence !== undefined ? ` · ${Math.round(r.confidence * 100)}% sure` : "",
      ),
      r.fallback ? el("div", { class: "warn" }, "⚠ ", fallbackText(r)) : null,
    );
  }

  function select(i) {
    state.selected = i;
    [...resultsList.children].forEach((li, j) => li.setAttribute("aria-selected", String(j === i)));
    if (i < 0) {
      q.removeAttribute("aria-activedescendant");
      preview.hidden = true;
      state.rendered = null;
      return;
    }
    q.setAttribute("aria-activedescendant", `r-${i}`);
    resultsList.children[i].scrollIntoView({ block: "nearest" });
    showPreview(state.results[i]);
  }

  function move(step) {
    if (state.results.length === 0) return;
    const next = (state.selected + step + state.results.length) % state.results.length;
    select(next);
  }

  function current() {
    return state.selected >= 0 ? state.results[state.selected] : null;
  }

  // --- preview and placeholders --------------------------------------------------------------

  function showPreview(r) {
    preview.hidden = false;
    setLanguage($("p-title"), r.locale).textContent = r.title;
    $("p-meta").replaceChildren(
      el("span", { class: "badge" + (r.fallback ? " fallback" : "") }, r.locale),
      ` ${r.id} · ${r.channel}${r.tone ? " · " + r.tone : ""}${r.shortcut ? " · " + r.shortcut : ""}`,
      r.convertedFrom ? ` · converted from ${r.convertedFrom}` : "",
    );
    const warning = $("p-warning");
    warning.hidden = !r.fallback;
    warning.textContent = r.fallback ? `⚠ ${fallbackText(r)}. Check that the buyer reads it.` : "";
    $("p-uses").textContent = r.uses ? `sent ${r.uses} ${r.uses === 1 ? "time" : "times"}` : "";
    fieldsBox.replaceChildren(...r.placeholders.map((p) => field(p, r)));
    form.hidden = r.placeholders.length === 0;
    setLanguage(textBox, r.locale);
    state.rendered = null;
    textBox.replaceChildren(marked(r.body));
    render();
  }

  /** The keys of a select argument, read from the pattern: {included, select, yes {…} other {…}}. */
  function selectKeys(body, name) {
    const start = body.search(new RegExp(`\\{\\s*${name}\\s*,\\s*select\\s*,`));
    if (start < 0) return [];
    const keys = [];
    let depth = 0;
    let word = "";
    for (let i = body.indexOf("select", start) + "select".length + 1; i < body.length; i++) {
      const c = body[i];
      if (c === "{") {
        if (depth === 0 && word.trim()) keys.push(word.trim());
        depth++;
        word = "";
      } else if (c === "}") {
        if (depth === 0) break;
        depth--;
      } else if (depth === 0) {
        word += c;
      }
    }
    return keys;
  }

  function field(p, r) {
    const id = `v-${p.name}`;
    const numeric = p.numeric ?? NUMERIC.has(p.type);
    const temporal = p.temporal ?? (p.type === "date" || p.type === "time");
    const keys = p.type === "select" ? selectKeys(r.body, p.name) : [];
    const input = el("input", {
      id,
      name: p.name,
      type: numeric ? "number" : temporal ? "date" : "text",
      min: numeric ? "0" : null,
      step: numeric ? "1" : null,
      autocomplete: "off",
      list: keys.length ? `${id}-keys` : null,
    });
    input.value = state.values[p.name] ?? "";
    input.addEventListener("input", () => {
      state.values[p.name] = input.value;
      renderSoon();
    });
    return el(
      "div",
      { class: "field" },
      el("label", { for: id }, p.name, p.type === "text" ? "" : el("span", { class: "type" }, ` ${p.type}`)),
      input,
      keys.length ? el("datalist", { id: `${id}-keys` }, ...keys.map((k) => el("option", { value: k }))) : null,
    );
  }

  const renderSoon = debounce(() => render(), 120);

  function render() {
    const r = current();
    if (!r) return Promise.resolve();
    const seq = ++state.renderSeq;
    const variables = {};
    for (const p of r.placeholders) {
      const v = state.values[p.name];
      if (v === undefined || v === "") continue;
      variables[p.name] = NUMERIC.has(p.type) && !Number.isNaN(Number(v)) ? Number(v) : v;
    }
    state.rendering = api("/api/render", { method: "POST", json: { id: r.id, locale: r.locale, variables } })
      .then(({ body }) => {
        if (seq !== state.renderSeq) return;
        state.rendered = { id: r.id, locale: body.locale, text: body.text, missing: body.missing };
        errorLine.hidden = true;
        setLanguage(textBox, body.locale);
        textBox.replaceChildren(marked(body.text, "ph", new Set(body.missing)));
      })
      .catch((e) => {
        if (seq !== state.renderSeq) return;
        state.rendered = null;
        errorLine.hidden = false;
        errorLine.textContent = e.message;
      });
    return state.rendering;
  }

  // --- copying -------------------------------------------------------------------------------

  async function writeClipboard(text) {
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(text);
        return true;
      }
    } catch (e) {
      // Not allowed here (no focus, no permission): the selection route below still works.
    }
    const focused = document.activeElement;
    const area = el("textarea", { class: "clip", readonly: true, "aria-hidden": "true", tabindex: "-1" });
    area.value = text;
    document.body.append(area);
    area.select();
    let ok = false;
    try {
      ok = document.execCommand("copy");
    } catch (e) {
      ok = false;
    }
    area.remove();
    if (focused) focused.focus();
    return ok;
  }

  async function copy() {
    const r = current();
    if (!r) return;
    await render(); // with every value typed so far, even within the debounce
    const rendered = state.rendered && state.rendered.id === r.id ? state.rendered : null;
    if (!rendered) {
      showStatus("The reply cannot be rendered with these values; fix the highlighted field.", true);
      return;
    }
    if (!(await writeClipboard(rendered.text))) {
      showStatus("The browser refused the clipboard: select the reply text and copy it.", true);
      return;
    }
    const unfilled = rendered.missing.length ? ` · not filled: ${rendered.missing.map((m) => `{${m}}`).join(" ")}` : "";
    showStatus(`Copied “${r.title}” (${r.locale})${unfilled}`, false);
    try {
      const { body } = await api(`/api/templates/${r.id}/used`, { method: "POST", json: { locale: r.locale } });
      r.uses = body.uses;
      $("p-uses").textContent = `sent ${body.uses} ${body.uses === 1 ? "time" : "times"}`;
    } catch (e) {
      // Counting is a bonus; the reply is on the clipboard.
    }
  }

  // --- keyboard ------------------------------------------------------------------------------

  function clear(resetQuery = true) {
    if (resetQuery) q.value = "";
    state.searchSeq++;
    delete resultsList.dataset.query;
    state.results = [];
    resultsList.replaceChildren();
    suggestionsBox.replaceChildren();
    q.setAttribute("aria-expanded", "false");
    select(-1);
    showStatus("");
  }

  function isTyping(target) {
    return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
  }

  q.addEventListener("input", searchSoon);
  q.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      move(1);
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      move(-1);
    } else if (e.key === "Enter") {
      e.preventDefault();
      copy();
    } else if (e.key === "Escape") {
      e.preventDefault();
      clear();
    }
  });
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    copy();
  });
  form.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && e.target instanceof HTMLInputElement) {
      e.preventDefault();
      copy();
    } else if (e.key === "Escape") {
      e.preventDefault();
      q.focus();
    }
  });
  document.addEventListener("keydown", (e) => {
    if (e.key === "/" && !isTyping(e.target)) {
      e.preventDefault();
      q.focus();
      q.select();
    }
  });
  buyer.addEventListener("change", () => {
    localStorage.setItem(STORE_KEY, buyer.value);
    search();
    q.focus();
  });
  $("copy").addEventListener("click", copy);

  init();
})();
