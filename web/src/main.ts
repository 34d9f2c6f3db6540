import { ApiClient } from "./api-client.js";
import { toApiError } from "./api-error.js";
import { modeLabel } from "./answer-meta.js";
import { callerHeaders } from "./caller-identity.js";
import { ChatView } from "./chat-view.js";
import { CitationPanel } from "./citation-panel.js";
import { DocumentBrowser } from "./document-browser.js";
import { DocumentCatalog } from "./document-catalog.js";
import { h, replaceChildren } from "./dom.js";
import { formatRoute, parseRoute, type Route } from "./hash-route.js";
import { UnitView } from "./unit-view.js";

/**
 * Starts the console: one instance of each view, kept alive across
 * navigation (so a conversation survives a look at a document), and a hash
 * router that shows one of them at a time.
 */
function start(root: HTMLElement): void {
  const api = new ApiClient("", callerHeaders);
  const catalog = new DocumentCatalog(api);
  const panel = new CitationPanel(catalog);
  const chat = new ChatView(panel, catalog, api);
  const units = new UnitView(api);
  const documents = new DocumentBrowser(api, catalog);

  const status = h("p", { class: "server-status", role: "status" });
  const tabs = {
    chat: h("a", { href: formatRoute({ view: "chat" }) }, "问答"),
    units: h("a", { href: formatRoute({ view: "units", unit: null }) }, "责任单位"),
    docs: h("a", { href: formatRoute({ view: "docs", docId: null, clauseId: null }) }, "文件浏览"),
  };
  const sections = {
    chat: h("section", { class: "view view-chat", "aria-labelledby": "chat-heading" }, h("div", { class: "chat-layout" }, chat.element, panel.element)),
    units: h("section", { class: "view view-units", "aria-labelledby": "units-heading", hidden: true }, units.element),
    docs: h("section", { class: "view view-docs", "aria-labelledby": "docs-heading", hidden: true }, documents.element),
  };

  replaceChildren(
    root,
    h("a", { class: "skip-link", href: "#question", onclick: (event: Event) => skipToQuestion(event) }, "跳到提问框"),
    h(
      "header",
      { class: "app-header" },
      h("div", { class: "brand" }, h("h1", {}, "企问"), h("p", { class: "tagline" }, "营商环境政策问答 · 一企来 / 12345 助手")),
      h("nav", { class: "tabs", "aria-label": "主导航" }, h("ul", {}, Object.values(tabs).map((tab) => h("li", {}, tab)))),
      status,
    ),
    h("main", { id: "main" }, Object.values(sections)),
  );

  function skipToQuestion(event: Event): void {
    event.preventDefault();
    if (parseRoute(location.hash).view !== "chat") location.hash = formatRoute({ view: "chat" });
    chat.focusInput();
  }

  let firstRoute = true;
  let currentView: Route["view"] | null = null;
  // Each view keeps its own scroll position: coming back to the chat after
  // reading a document should land where the conversation was left.
  const scrollPositions: Partial<Record<Route["view"], number>> = {};
  const focusWithoutScrolling = (id: string) => document.getElementById(id)?.focus({ preventScroll: true });
  const showRoute = (route: Route) => {
    if (currentView !== route.view) {
      if (currentView) scrollPositions[currentView] = window.scrollY;
      for (const [view, section] of Object.entries(sections)) section.hidden = view !== route.view;
      window.scrollTo({ top: scrollPositions[route.view] ?? 0 });
      currentView = route.view;
    }
    for (const [view, tab] of Object.entries(tabs)) {
      if (view === route.view) tab.setAttribute("aria-current", "page");
      else tab.removeAttribute("aria-current");
    }
    document.title = { chat: "企问 · 政策问答", units: "企问 · 责任单位", docs: "企问 · 文件浏览" }[route.view];
    const isFirst = firstRoute;
    firstRoute = false;
    if (route.view === "chat") {
      if (isFirst) chat.focusInput();
      else focusWithoutScrolling("chat-heading");
    } else if (route.view === "units") {
      void units.show(route.unit);
      if (!route.unit) units.focusInput();
      else if (!isFirst) focusWithoutScrolling("units-heading");
    } else {
      // Without a clause to land on, start at the top of the view for keyboard users.
      if (!route.clauseId && !isFirst) focusWithoutScrolling("docs-heading");
      void documents.show(route.docId, route.clauseId);
    }
  };
  window.addEventListener("hashchange", () => showRoute(parseRoute(location.hash)));
  showRoute(parseRoute(location.hash));

  void api.health().then(
    (health) => {
      status.textContent = health.ready ? `${modeLabel(health.mode)} · 已收录 ${health.clauses} 条` : "检索索引尚未建立";
      status.classList.toggle("is-warning", !health.ready);
    },
    (error: unknown) => {
      const code = toApiError(error).code;
      status.textContent = code === "network" ? "无法连接服务器" : code === "index_not_ready" ? "检索索引尚未建立" : "服务状态未知";
      status.classList.add("is-warning");
    },
  );
}

const root = document.getElementById("app");
if (root) {
  try {
    start(root);
  } catch (error) {
    // Never leave a blank page: say so in a sentence, with the detail for whoever reports it.
    root.textContent = `页面初始化失败，请刷新重试。（${error instanceof Error ? error.message : String(error)}）`;
    throw error;
  }
}
