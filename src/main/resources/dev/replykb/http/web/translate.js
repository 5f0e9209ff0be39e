// The translator page: a status matrix of templates × locales, and a side-by-side editor.
"use strict";

(() => {
  const { api, el, setLanguage, marked, debounce, localeName } = replykb;
  const $ = (id) => document.getElementById(id);
  const statusLine = $("status");
  const matrix = $("matrix");
  const editor = $("editor");
  const tokenDialog = $("token-dialog");
  const TOKEN_KEY = "replykb.token"; // shared with common.js: one token per tab
  const LABELS = { current: "✓", outdated: "outdated", untracked: "untracked", missing: "missing" };

  const state = {
    catalog: null,
    status: null,
    entries: new Map(), // "locale id" -> entry
    findings: new Map(), // file -> findings
    open: null, // the variant in the editor
    returnFocus: null,
  };

  function showStatus(text, isError = false) {
    statusLine.textContent = text;
    statusLine.classList.toggle("error", isError);
  }

  // --- the matrix ----------------------------------------------------------------------------

  async function load() {
    const [catalog, status, lint] = await Promise.all([
      replykb.locales(),
      api("/api/translations"),
      api("/api/lint"),
    ]);
    state.catalog = catalog;
    state.status = status.body;
    state.entries = new Map();
    for (const l of state.status.locales) {
      for (const e of l.entries) state.entries.set(`${l.locale} ${e.id}`, e);
    }
    state.findings = new Map();
    for (const f of lint.body.findings) {
      if (!state.findings.has(f.file)) state.findings.set(f.file, []);
      state.findings.get(f.file).push(f);
    }
    renderMatrix();
    const total = state.status.locales.reduce((n, l) => n + l.templates, 0);
    const current = state.status.locales.reduce((n, l) => n + l.current, 0);
    showStatus(
      `${state.status.templates.length} templates in ${state.status.locales.length} languages besides ` +
        `${state.status.sourceLocale}: ${current} of ${total} translations current · ` +
        `${lint.body.red} red, ${lint.body.yellow} yellow findings`,
    );
  }

  function sourceFile(id) {
    return `${state.status.sourceLocale}/${id}.md`;
  }

  function findingsOf(file) {
    return (file && state.findings.get(file)) || [];
  }

  function marker(findings) {
    const red = findings.filter((f) => f.severity === "red").length;
    const yellow = findings.length - red;
    if (red) return el("span", { class: "dot red", "aria-hidden": "true" }, String(red));
    if (yellow) return el("span", { class: "dot yellow", "aria-hidden": "true" }, String(yellow));
    return null;
  }

  function findingWords(findings) {
    const red = findings.filter((f) => f.severity === "red").length;
    const yellow = findings.length - red;
    return [red ? `${red} red` : "", yellow ? `${yellow} yellow` : ""].filter(Boolean).join(", ");
  }

  function renderMatrix() {
    const source = state.status.sourceLocale;
    const locales = state.status.locales;
    matrix.tHead.replaceChildren(
      el(
        "tr",
        {},
        el("th", { scope: "col", class: "template-col" }, "Template"),
        el("th", { scope: "col", class: "locale-col" }, el("span", { class: "code" }, source), el("span", { class: "pct" }, "source")),
        ...locales.map((l) =>
          el(
            "th",
            { scope: "col", class: "locale-col", title: localeName(state.catalog.locales, l.locale) },
            el("span", { class: "code" }, l.locale),
            el("span", { class: "pct" }, `${Math.round(l.percentComplete)}%`),
            el("progress", { max: "100", value: String(l.percentComplete), "aria-label": `${l.locale} ${l.percentComplete}% current` }),
          ),
        ),
      ),
    );
    const filter = $("filter").value.trim().toLowerCase();
    const onlyWork = $("todo").checked;
    const rows = [];
    for (const t of state.status.templates) {
      if (filter && !`${t.id} ${t.title}`.toLowerCase().includes(filter)) continue;
      const entries = locales.map((l) => state.entries.get(`${l.locale} ${t.id}`));
      const needsWork =
        entries.some((e) => e && e.state !== "current") ||
        entries.some((e) => e && findingsOf(e.file).length) ||
        findingsOf(sourceFile(t.id)).length > 0;
      if (onlyWork && !needsWork) continue;
      const sourceFindings = findingsOf(sourceFile(t.id));
      rows.push(
        el(
          "tr",
          {},
          el("th", { scope: "row" }, el("span", { class: "tid" }, t.id), setLanguage(el("span", { class: "ttitle" }, t.title), source)),
          el(
            "td",
            {},
            el(
              "button",
              {
                type: "button",
                class: "cell state-source",
                "aria-label": `${t.id}, ${source}: source${sourceFindings.length ? ", " + findingWords(sourceFindings) + " findings" : ""}`,
                dataset: { id: t.id, locale: source },
                onclick: (e) => openEditor(t.id, source, e.currentTarget),
              },
              "source",
              marker(sourceFindings),
            ),
          ),
          ...locales.map((l, i) => {
            const entry = entries[i];
            const stateName = entry ? entry.state : "missing";
            const findings = findingsOf(entry && entry.file);
            return el(
              "td",
              {},
              el(
                "button",
                {
                  type: "button",
                  class: `cell state-${stateName}`,
                  "aria-label": `${t.id}, ${l.locale}: ${stateName}${findings.length ? ", " + findingWords(findings) + " findings" : ""}`,
                  dataset: { id: t.id, locale: l.locale, state: stateName },
                  onclick: (e) => openEditor(t.id, l.locale, e.currentTarget),
                },
                LABELS[stateName],
                marker(findings),
              ),
            );
          }),
        ),
      );
    }
    matrix.tBodies[0].replaceChildren(...rows);
  }

  // --- the editor ----------------------------------------------------------------------------

  const form = $("e-form");
  const fields = {
    title: $("e-title-input"),
    tone: $("e-tone"),
    tags: $("e-tags"),
    body: $("e-body"),
    examples: $("e-examples"),
    omits: $("e-omits"),
  };

  function list(text, separator) {
    return text
      .split(separator)
      .map((s) => s.trim())
      .filter(Boolean);
  }

  function draft() {
    const o = state.open;
    const d = {
      title: fields.title.value.trim(),
      tags: list(fields.tags.value, ","),
      examples: list(fields.examples.value, "\n"),
      tone: fields.tone.value || null,
      omits: list(fields.omits.value, ","),
      body: fields.body.value,
    };
    if (o.isSource) {
      // The source variant carries the template's channel and shortcut; keep them as they are.
      d.channel = o.variant ? o.variant.channel : null;
      d.shortcut = o.variant ? o.variant.shortcut : null;
    }
    return d;
  }

  function fill(variant, sourceVariant) {
    fields.title.value = variant ? variant.title : "";
    fields.tone.value = (variant ? variant.tone : sourceVariant && sourceVariant.tone) || "";
    fields.tags.value = variant ? variant.tags.join(", ") : "";
    fields.examples.value = variant ? variant.examples.join("\n") : "";
    fields.omits.value = variant ? variant.omits.join(", ") : "";
    fields.body.value = variant ? variant.body : "";
  }

  async function openEditor(id, locale, button) {
    const sourceLocale = state.status.sourceLocale;
    const isSource = locale === sourceLocale;
    state.returnFocus = button;
    let variant;
    let source;
    let change = null;
    try {
      [variant, source, change] = await Promise.all([
        api(`/api/templates/${id}/${locale}`).catch((e) => (e.status === 404 ? null : Promise.reject(e))),
        api(`/api/templates/${id}/${sourceLocale}`),
        isSource ? Promise.resolve(null) : api(`/api/templates/${id}/${locale}/source`),
      ]);
    } catch (e) {
      showStatus(`${id} (${locale}) could not be opened: ${e.message}`, true);
      return;
    }
    const entry = state.entries.get(`${locale} ${id}`);
    state.open = {
      id,
      locale,
      isSource,
      etag: variant ? variant.headers.get("ETag") : null,
      variant: variant ? variant.body : null,
      source: source.body,
      change: change ? change.body : null,
      state: isSource ? "source" : entry ? entry.state : "missing",
    };
    $("e-title").textContent = `${id} · ${localeName(state.catalog.locales, locale)}`;
    showState(state.open.state);
    $("e-source-h").textContent = `Source (${sourceLocale})`;
    $("e-target-h").textContent = isSource ? `Source variant (${locale})` : `Translation (${locale})`;
    showSource();
    fill(state.open.variant, source.body);
    for (const f of [fields.title, fields.tags, fields.body, fields.examples, fields.omits]) setLanguage(f, locale);
    $("e-start").hidden = isSource;
    $("e-conflict").hidden = true;
    $("e-message").textContent = "";
    editor.showModal();
    fields.body.focus();
    refreshHelpers();
    checkNow();
  }

  function showState(name) {
    const badge = $("e-state");
    badge.textContent = name;
    badge.className = `badge state-${name}`;
  }

  function showSource() {
    const o = state.open;
    const src = o.source;
    setLanguage($("e-src-title"), src.locale).textContent = src.title;
    setLanguage($("e-src-body"), src.locale).replaceChildren(marked(src.body));
    const changes = $("e-changes");
    const note = $("e-note");
    changes.hidden = true;
    note.hidden = true;
    if (o.isSource) {
      note.hidden = false;
      note.textContent = "This is the source variant: saving a new title or text turns its translations outdated.";
    } else if (o.change && o.change.translatedFrom) {
      const before = o.change.translatedFrom;
      changes.hidden = false;
      setLanguage($("e-diff"), src.locale).replaceChildren(
        diff(`${before.title}\n\n${before.body}`, `${o.change.current.title}\n\n${o.change.current.body}`),
      );
    } else if (o.state === "outdated") {
      note.hidden = false;
      note.textContent =
        "The source changed since this translation, but the earlier source text is not on record: compare the translation with the source above.";
    } else if (o.state === "untracked") {
      note.hidden = false;
      note.textContent = "This translation records no source version: check it against the source, then save to mark it current.";
    } else if (o.state === "missing") {
      note.hidden = false;
      note.textContent = "No translation yet. Write it for the buyers of this market, not word for word.";
    }
  }

  /**
   * Words (and each CJK character) of a text, each with the spaces after it: a shared space must
   * not pair two different sentences up word by word.
   */
  function tokens(text) {
    return text.match(/[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]\s*|[\p{L}\p{N}_]+\s*|\S\s*|\s+/gsu) || [];
  }

  /** The changes from a to b, word by word: removed words struck through, added ones marked. */
  function diff(a, b) {
    const x = tokens(a);
    const y = tokens(b);
    const fragment = document.createDocumentFragment();
    if (x.length * y.length > 4_000_000) {
      fragment.append(el("del", {}, a), el("ins", {}, b));
      return fragment;
    }
    // Longest common subsequence, from the end, so the walk below goes forwards.
    const n = x.length;
    const m = y.length;
    const lcs = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    let i = 0;
    let j = 0;
    const push = (tag, text) => {
      const last = fragment.lastChild;
      if (last && last.nodeName.toLowerCase() === tag) last.textContent += text;
      else fragment.append(tag === "span" ? el("span", {}, text) : el(tag, {}, text));
    };
    while (i < n || j < m) {
      if (i < n && j < m && x[i] === y[j]) {
        push("span", x[i]);
        i++;
        j++;
      } else if (i < n && (j === m || lcs[i + 1][j] >= lcs[i][j + 1])) {
        push("del", x[i++]); // what went first, then what came instead
      } else {
        push("ins", y[j++]);
      }
    }
    return fragment;
  }

  /** The argument names of an ICU pattern: {customer}, {days, plural, …}. */
  function placeholders(body) {
    return new Set([...body.matchAll(/\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*[,}]/g)].map((m) => m[1]));
  }

  function refreshHelpers() {
    const o = state.open;
    const mine = placeholders(fields.body.value);
    const theirs = placeholders(o.source.body);
    const omitted = new Set(list(fields.omits.value, ","));
    const chips = [];
    for (const name of theirs) {
      if (o.isSource) chips.push(el("span", { class: "chip ok" }, `{${name}}`));
      else if (mine.has(name)) chips.push(el("span", { class: "chip ok" }, `✓ {${name}}`));
      else if (omitted.has(name)) chips.push(el("span", { class: "chip omitted" }, `– {${name}} left out`));
      else chips.push(el("span", { class: "chip missing" }, `✗ {${name}} missing`));
    }
    if (!o.isSource) {
      for (const name of mine) {
        if (!theirs.has(name)) chips.push(el("span", { class: "chip missing" }, `! {${name}} not in the source`));
      }
    }
    $("e-placeholders").replaceChildren(...chips);
    setLanguage($("e-mirror"), o.locale).replaceChildren(marked(fields.body.value));
  }

  let checkSeq = 0;

  async function checkNow() {
    const o = state.open;
    const seq = ++checkSeq;
    const box = $("e-checks");
    try {
      const { body } = await api(`/api/templates/${o.id}/${o.locale}/check`, { method: "POST", json: draft() });
      if (seq !== checkSeq) return;
      showFindings(body.findings);
    } catch (e) {
      if (seq !== checkSeq) return;
      box.replaceChildren(el("p", { class: "finding yellow" }, e.message));
    }
  }

  const checkSoon = debounce(checkNow, 300);

  function showFindings(findings) {
    const box = $("e-checks");
    if (findings.length === 0) {
      box.replaceChildren(el("p", { class: "finding ok" }, "✓ No findings: ready to publish."));
      return;
    }
    box.replaceChildren(
      el(
        "ul",
        { "aria-label": "Findings" },
        ...findings.map((f) =>
          el(
            "li",
            { class: `finding ${f.severity}` },
            el("span", { class: "sev" }, f.severity),
            ` line ${f.line} · ${f.check}: ${f.message}`,
          ),
        ),
      ),
    );
  }

  // --- saving --------------------------------------------------------------------------------

  function askToken() {
    return new Promise((resolve) => {
      const input = $("token");
      input.value = "";
      const done = (token) => {
        tokenDialog.close();
        $("t-form").onsubmit = null;
        $("t-cancel").onclick = null;
        resolve(token);
      };
      $("t-form").onsubmit = (e) => {
        e.preventDefault();
        const token = input.value.trim();
        if (token) {
          sessionStorage.setItem(TOKEN_KEY, token);
          done(token);
        }
      };
      $("t-cancel").onclick = () => done(null);
      tokenDialog.oncancel = () => done(null);
      tokenDialog.showModal();
      input.focus();
    });
  }

  async function token() {
    return sessionStorage.getItem(TOKEN_KEY) || (await askToken());
  }

  async function save(retried = false) {
    const o = state.open;
    const message = $("e-message");
    const secret = await token();
    if (!secret) {
      message.textContent = "Not saved: saving needs a translator token.";
      return;
    }
    const headers = { Authorization: `Bearer ${secret}` };
    if (o.etag) headers["If-Match"] = o.etag;
    else headers["If-None-Match"] = "*";
    message.textContent = "Saving…";
    try {
      const res = await api(`/api/templates/${o.id}/${o.locale}`, { method: "PUT", headers, json: draft() });
      o.etag = res.headers.get("ETag") || res.body.etag;
      o.variant = { ...draft(), channel: o.variant && o.variant.channel, shortcut: o.variant && o.variant.shortcut };
      $("e-conflict").hidden = true;
      showFindings(res.body.findings);
      await load();
      const entry = state.entries.get(`${o.locale} ${o.id}`);
      o.state = o.isSource ? "source" : entry ? entry.state : "current";
      showState(o.state);
      message.textContent = `Saved ${res.body.file}${o.isSource ? "" : " · " + o.state}.`;
    } catch (e) {
      if (e.status === 401) {
        sessionStorage.removeItem(TOKEN_KEY);
        message.textContent = "The token was refused.";
        if (!retried) await save(true);
      } else if (e.status === 412) {
        await showConflict();
        message.textContent = "Not saved: someone else saved first.";
      } else if (e.status === 422) {
        showFindings(e.body.findings || []);
        message.textContent = "Not saved: fix the red findings first.";
      } else {
        message.textContent = `Not saved: ${e.message}`;
      }
    }
  }

  async function showConflict() {
    const o = state.open;
    let theirs = null;
    let etag = null;
    try {
      const res = await api(`/api/templates/${o.id}/${o.locale}`);
      theirs = res.body;
      etag = res.headers.get("ETag");
    } catch (e) {
      if (e.status !== 404) throw e;
    }
    $("e-conflict").hidden = false;
    $("e-their-title").textContent = theirs ? theirs.title : "(deleted)";
    setLanguage($("e-their-body"), o.locale).replaceChildren(
      theirs ? diff(fields.body.value, theirs.body) : el("span", {}, "They deleted this translation."),
    );
    $("e-take-theirs").onclick = () => {
      fill(theirs, o.source);
      o.etag = etag;
      o.variant = theirs;
      $("e-conflict").hidden = true;
      refreshHelpers();
      checkNow();
      $("e-message").textContent = "Their version is loaded.";
    };
    $("e-keep-mine").onclick = () => {
      o.etag = etag;
      $("e-conflict").hidden = true;
      $("e-message").textContent = "Your version is kept: save again to replace theirs.";
      fields.body.focus();
    };
  }

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    save();
  });
  form.addEventListener("input", () => {
    refreshHelpers();
    checkSoon();
  });
  editor.addEventListener("keydown", (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "s") {
      e.preventDefault();
      save();
    }
  });
  editor.addEventListener("close", () => {
    if (state.returnFocus && document.contains(state.returnFocus)) state.returnFocus.focus();
    else {
      const again = matrix.querySelector(`button[data-id="${state.open.id}"][data-locale="${state.open.locale}"]`);
      if (again) again.focus();
    }
  });
  $("e-close").addEventListener("click", () => editor.close());
  $("e-start").addEventListener("click", () => {
    const src = state.open.source;
    if (!fields.title.value.trim()) fields.title.value = src.title;
    fields.body.value = src.body;
    fields.body.focus();
    refreshHelpers();
    checkNow();
  });
  $("filter").addEventListener("input", debounce(renderMatrix, 100));
  $("todo").addEventListener("change", renderMatrix);

  load().catch((e) => showStatus(`The translations could not be loaded: ${e.message}`, true));
})();
