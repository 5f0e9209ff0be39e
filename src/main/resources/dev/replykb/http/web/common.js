// Shared by the agent and translator pages: API calls, DOM building, locale direction, text marks.
"use strict";

const replykb = (() => {
  /** An error answer of the API: its status, error code and message. */
  class ApiError extends Error {
    constructor(status, body) {
      super((body && body.message) || `HTTP ${status}`);
      this.status = status;
      this.body = body || {};
    }
  }

  /** Where a page keeps the API token its user gave, until the tab is closed. */
  const TOKEN_KEY = "replykb.token";

  /**
   * Fetches JSON from the API; a non-2xx answer throws an ApiError carrying its JSON body. The
   * token the user gave is sent along; a server with tokens answers 401 without one, and then the
   * user is asked for it once.
   */
  async function api(path, options = {}) {
    const stored = sessionStorage.getItem(TOKEN_KEY);
    const init = {
      ...options,
      headers: {
        Accept: "application/json",
        ...(stored ? { Authorization: `Bearer ${stored}` } : {}),
        ...(options.headers || {}),
      },
    };
    if (options.json !== undefined) {
      init.body = JSON.stringify(options.json);
      init.headers["Content-Type"] = "application/json";
      delete init.json;
    }
    const response = await fetch(path, init);
    let body = null;
    const text = await response.text();
    if (text) {
      try {
        body = JSON.parse(text);
      } catch (e) {
        body = { message: text };
      }
    }
    if (response.status === 401 && !options.retried && !(options.headers || {}).Authorization) {
      const token = window.prompt("This replykb server needs your API token:");
      if (token && token.trim()) {
        sessionStorage.setItem(TOKEN_KEY, token.trim());
        return api(path, { ...options, retried: true });
      }
    }
    if (!response.ok) {
      throw new ApiError(response.status, body);
    }
    return { body, headers: response.headers, status: response.status };
  }

  /** el("li", {class: "x", onclick: f}, "text", child) — attributes, listeners and children. */
  function el(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes)) {
      if (value === null || value === undefined || value === false) continue;
      if (key.startsWith("on") && typeof value === "function") {
        node.addEventListener(key.slice(2), value);
      } else if (key === "dataset") {
        Object.assign(node.dataset, value);
      } else {
        node.setAttribute(key, value === true ? "" : String(value));
      }
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  const RTL_LANGUAGES = new Set(["ar", "he", "fa", "ur", "yi", "ps", "sd", "ug", "dv", "ckb"]);

  /** "rtl" for Arabic, Hebrew, Persian and the like; "ltr" otherwise. */
  function direction(locale) {
    return RTL_LANGUAGES.has(String(locale || "").split("-")[0].toLowerCase()) ? "rtl" : "ltr";
  }

  /** Sets lang and dir on a node showing text of locale: the browser picks fonts by lang. */
  function setLanguage(node, locale) {
    node.lang = locale || "";
    node.dir = direction(locale);
    return node;
  }

  /** Text with every {placeholder} (and plural/select argument start) wrapped in <mark>. */
  function marked(text, className = "ph", missing = new Set()) {
    const fragment = document.createDocumentFragment();
    const pattern = /\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*[,}]/g;
    let last = 0;
    for (const match of text.matchAll(pattern)) {
      const end = match[0].endsWith("}") ? match.index + match[0].length : match.index + match[0].length - 1;
      fragment.append(text.slice(last, match.index));
      const name = match[1];
      fragment.append(el("mark", { class: className + (missing.has(name) ? " missing" : "") }, text.slice(match.index, end)));
      last = end;
    }
    fragment.append(text.slice(last));
    return fragment;
  }

  /** A function that runs fn once calls have paused for ms. */
  function debounce(fn, ms) {
    let timer = null;
    return (...args) => {
      clearTimeout(timer);
      timer = setTimeout(() => fn(...args), ms);
    };
  }

  /** The catalog's locales with their names: {sourceLocale, fallbackLocale, locales: [...]}. */
  async function locales() {
    return (await api("/api/locales")).body;
  }

  /** "Deutsch (de)" for a locale of the catalog, else the tag itself. */
  function localeName(catalogLocales, tag) {
    const found = (catalogLocales || []).find((l) => l.locale === tag);
    return found ? `${found.nativeName} (${tag})` : tag;
  }

  return { ApiError, api, el, direction, setLanguage, marked, debounce, locales, localeName };
})();
