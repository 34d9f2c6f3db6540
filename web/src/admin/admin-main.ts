import { ApiClient } from "../api-client.js";
import { toApiError } from "../api-error.js";
import { errorNotice, h, loadingNotice, replaceChildren } from "../dom.js";
import { keyForm } from "../key-form.js";
import { AdminApi } from "./admin-api.js";
import { DocumentsView } from "./documents-view.js";
import { ExportView } from "./export-view.js";
import { GapReportView } from "./gap-report-view.js";
import { QuestionLogView } from "./question-log-view.js";

/** The admin key lives for this tab only: closing it signs out. */
const keyStorageName = "qiwen.adminKey";

/** One tab of the admin page: adding one is one more entry in `adminTabs`. */
interface AdminTab {
  id: string;
  label: string;
  create(admin: AdminApi, api: ApiClient): Promise<{ element: HTMLElement; show(): Promise<void> }>;
}

const adminTabs: AdminTab[] = [
  { id: "questions", label: "问题记录", create: async (admin, api) => new QuestionLogView(admin, api) },
  { id: "gaps", label: "缺口报告", create: async (admin) => new GapReportView(admin) },
  { id: "documents", label: "文件管理", create: async (admin) => new DocumentsView(admin) },
  {
    id: "export",
    label: "导出",
    create: async (admin, api) => {
      const view = new ExportView(admin, await api.documents().catch(() => []));
      return { element: view.element, show: async () => undefined };
    },
  },
];

function readKey(): string | null {
  try {
    return sessionStorage.getItem(keyStorageName);
  } catch {
    return null;
  }
}

function writeKey(key: string | null): void {
  try {
    if (key) sessionStorage.setItem(keyStorageName, key);
    else sessionStorage.removeItem(keyStorageName);
  } catch {
    // Storage refused: the key then lasts until the page is left.
  }
}

/** Asks for the admin key, checks it against the server, then shows the tabs. */
function askForKey(root: HTMLElement, problem?: string): void {
  replaceChildren(
    root,
    header(null),
    h(
      "main",
      { class: "admin-main admin-login" },
      h("h2", {}, "管理员登录"),
      problem && errorNotice(problem),
      keyForm({ label: "管理员 API 密钥", hint: "由 npm run keys -- create --role admin 生成。密钥只保存在本标签页，关闭即退出。", onSave: (key) => void signIn(root, key) }),
    ),
  );
  root.querySelector<HTMLInputElement>(".key-form input")?.focus();
}

function header(onSignOut: (() => void) | null): HTMLElement {
  return h(
    "header",
    { class: "app-header" },
    h("div", { class: "brand" }, h("h1", {}, "企问 · 管理"), h("p", { class: "tagline" }, "问题记录、缺口报告、文件管理与导出")),
    h("nav", { class: "tabs", "aria-label": "管理导航" }, h("ul", {}, h("li", {}, h("a", { href: "/" }, "返回问答")))),
    onSignOut && h("button", { type: "button", class: "button-quiet", onclick: onSignOut }, "退出"),
  );
}

async function signIn(root: HTMLElement, key: string): Promise<void> {
  const admin = new AdminApi(key);
  replaceChildren(root, header(null), h("main", { class: "admin-main" }, loadingNotice("正在验证密钥…")));
  try {
    await admin.questions({ limit: "1" });
  } catch (error) {
    const apiError = toApiError(error);
    writeKey(null);
    askForKey(root, apiError.status === 401 || apiError.status === 403 ? "密钥无效，或不是管理员密钥。" : apiError.message);
    return;
  }
  writeKey(key);
  await showTabs(root, admin);
}

async function showTabs(root: HTMLElement, admin: AdminApi): Promise<void> {
  const api = new ApiClient();
  const views = await Promise.all(adminTabs.map((tab) => tab.create(admin, api)));
  const panels = views.map((view, index) => h("section", { class: "admin-panel", id: `panel-${adminTabs[index]!.id}`, hidden: true }, view.element));
  const buttons = adminTabs.map((tab, index) =>
    h("button", { type: "button", role: "tab", class: "admin-tab", "aria-controls": `panel-${tab.id}`, onclick: () => select(index) }, tab.label),
  );
  const shown = new Set<number>();
  function select(index: number): void {
    buttons.forEach((button, other) => button.setAttribute("aria-selected", String(other === index)));
    panels.forEach((panel, other) => (panel.hidden = other !== index));
    history.replaceState(null, "", `#/${adminTabs[index]!.id}`);
    if (!shown.has(index)) {
      shown.add(index);
      void views[index]!.show();
    }
  }
  replaceChildren(
    root,
    header(() => {
      writeKey(null);
      askForKey(root);
    }),
    h("main", { class: "admin-main" }, h("div", { class: "admin-tabs", role: "tablist", "aria-label": "管理功能" }, buttons), panels),
  );
  const fromHash = adminTabs.findIndex((tab) => location.hash === `#/${tab.id}`);
  select(Math.max(0, fromHash));
}

const root = document.getElementById("app");
if (root) {
  const key = readKey();
  if (key) void signIn(root, key);
  else askForKey(root);
}
