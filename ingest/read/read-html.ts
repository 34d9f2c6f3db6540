import { HTMLElement, parse, TextNode, type Node } from "node-html-parser";
import { normalizeForSearch } from "../../src/text/normalize.js";
import { loadPageChrome, type PageChrome } from "./page-chrome.js";
import { readHtmlTable } from "./read-html-table.js";
import type { TextBlock } from "./structured-text.js";

/** Elements that end the paragraph before them and start a new one. */
const BLOCK_TAGS = new Set([
  "p", "div", "section", "article", "main", "header", "footer", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre",
  "center", "address", "figure", "figcaption", "table", "caption", "tr", "td", "th", "tbody", "thead", "tfoot", "hr",
  "h1", "h2", "h3", "h4", "h5", "h6", "body", "html", "fieldset", "details", "summary",
]);
const HEADING = /^h([1-6])$/;
/** The share of the page's text that the article body must hold. */
const ARTICLE_SHARE = 0.75;

/** Options for {@link readHtml}. */
export interface ReadHtmlOptions {
  /**
   * Look for the article inside the page (a web page's body among its menus);
   * off for HTML that is the document itself (mammoth's output).
   */
  findArticle: boolean;
}

const tagOf = (element: HTMLElement) => element.tagName?.toLowerCase() ?? "";

/** Whether an element is page chrome by its tag, role, class or id. */
function isChrome(element: HTMLElement, chrome: PageChrome, insideArticle: boolean): boolean {
  const tag = tagOf(element);
  if (chrome.removeTags.has(tag)) return true;
  if (!insideArticle && chrome.removeOutsideArticle.has(tag)) return true;
  const role = element.getAttribute("role")?.toLowerCase();
  if (role && chrome.removeRoles.has(role)) return true;
  const names = [...(element.getAttribute("class")?.split(/\s+/) ?? []), element.getAttribute("id") ?? ""].filter(Boolean);
  return names.some((name) => chrome.classOrIdTokens.some((pattern) => pattern.test(name)));
}

function removeChrome(element: HTMLElement, chrome: PageChrome, insideArticle = false): void {
  for (const child of [...element.childNodes]) {
    if (!(child instanceof HTMLElement)) continue;
    if (isChrome(child, chrome, insideArticle)) child.remove();
    else removeChrome(child, chrome, insideArticle || tagOf(child) === "article" || tagOf(child) === "main");
  }
}

/** A table of data (rows × columns of cells), as opposed to a table that only lays the page out. */
export function isDataTable(table: HTMLElement): boolean {
  if (table.querySelector("table")) return false;
  const rows = table.querySelectorAll("tr");
  if (rows.length < 2) return false;
  const widest = Math.max(...rows.map((row) => row.childNodes.filter((cell) => cell instanceof HTMLElement && /^t[dh]$/.test(tagOf(cell))).length));
  const longestCell = Math.max(0, ...table.querySelectorAll("td, th").map((cell) => cell.text.trim().length));
  return widest >= 2 && longestCell <= 800;
}

/** Characters of text an element holds outside links (a menu is mostly links), whitespace aside. */
function ownTextLength(node: Node, lengths: Map<Node, number>): number {
  let length = 0;
  if (node instanceof TextNode) length = node.text.replace(/\s+/g, "").length;
  else if (node instanceof HTMLElement && tagOf(node) !== "a") for (const child of node.childNodes) length += ownTextLength(child, lengths);
  lengths.set(node, length);
  return length;
}

/** The deepest element that still holds most of the page's text: the article, without the page around it. */
function findArticleElement(root: HTMLElement): HTMLElement {
  const lengths = new Map<Node, number>();
  const total = ownTextLength(root, lengths);
  let article = root;
  for (;;) {
    const next = article.childNodes.find(
      (child): child is HTMLElement =>
        child instanceof HTMLElement && (lengths.get(child) ?? 0) >= total * ARTICLE_SHARE && !(tagOf(child) === "table" && isDataTable(child)),
    );
    if (!next) return article;
    article = next;
  }
}

/** A <title> part that names the site, not the document: `苏州市吴江区人民政府`, `中国政府网`. */
const SITE_NAME = /(人民政府|政府|委员会|管委会|办公室|办公厅|网|网站|门户)$/;

/** The page's title for an article that does not carry one: its first <h1> outside the article, or the longest part of <title> that is not the site's name. */
function titleOutside(document: HTMLElement, article: HTMLElement, pageTitle: string): string | null {
  const heading = document.querySelectorAll("h1").find((element) => !article.querySelectorAll("h1").includes(element) && element !== article)?.text;
  const fromTitle = pageTitle
    .split(/\s*[_|–—]\s*|\s+-\s+/)
    .filter((part) => !SITE_NAME.test(part.trim()))
    .sort((a, b) => b.length - a.length)[0];
  return [heading, fromTitle].map((text) => text?.replace(/\s+/g, " ").trim()).find((text): text is string => Boolean(text && text.length >= 4)) ?? null;
}

/** A paragraph that numbers itself: 一、 （一） 1. （1） ① 第一条. */
const NUMBERED = /^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+\s*[.、．]|[①-⑳]|第[一二三四五六七八九十百\d]+[章节条])/;

/**
 * The number a browser shows before an item of an <ol> (`3.`, `c.`), which the
 * text does not contain: `start` and `type` honoured. (A Word file's automatic
 * numbering arrives from mammoth as <ol> too, its format lost: it reads `1.`.)
 */
function listNumber(item: HTMLElement): string | null {
  const list = item.parentNode;
  if (!(list instanceof HTMLElement) || tagOf(list) !== "ol") return null;
  const position = list.childNodes.filter((child) => child instanceof HTMLElement && tagOf(child) === "li").indexOf(item);
  const start = Number.parseInt(list.getAttribute("start") ?? "1", 10);
  const number = (Number.isFinite(start) ? start : 1) + position;
  const type = list.getAttribute("type");
  if ((type === "a" || type === "A") && number >= 1 && number <= 26) {
    const letter = String.fromCharCode(96 + number);
    return `${type === "A" ? letter.toUpperCase() : letter}.`;
  }
  return `${number}.`;
}

/** Collapses markup whitespace; ideographic spaces inside the text stay, those around it go. */
function tidy(text: string): string {
  return text.replace(/[ \t\r\n\f\u00a0]+/g, " ").replace(/^[\s\u3000]+|[\s\u3000]+$/g, "");
}

/** Walks the article, cutting paragraphs at block elements and <br>, tables kept as rows. */
class BlockWriter {
  readonly blocks: TextBlock[] = [];
  private text = "";
  private headingLevel: number | undefined;
  private boldStart: number | null = null;
  private bold: string | null = null;
  /** The number of the <ol> item being written, put before its text unless the text numbers itself. */
  private listPrefix: string | null = null;

  constructor(private readonly chrome: PageChrome) {}

  write(node: Node): void {
    if (node instanceof TextNode) {
      this.text += node.text;
      return;
    }
    if (!(node instanceof HTMLElement)) return;
    const tag = tagOf(node);
    if (tag === "br") return this.flush();
    if (tag === "img") return;
    if (tag === "table" && isDataTable(node)) {
      this.flush();
      const rows = readHtmlTable(node);
      if (rows.length > 0) this.blocks.push({ kind: "table", rows, line: this.blocks.length + 1 });
      return;
    }
    const heading = tag.match(HEADING);
    if (BLOCK_TAGS.has(tag)) this.flush();
    if (heading) this.headingLevel = Number(heading[1]);
    if (tag === "li") this.listPrefix = listNumber(node);
    const startsBold = (tag === "strong" || tag === "b") && this.bold === null && this.boldStart === null && tidy(this.text) === "";
    if (startsBold) this.boldStart = this.text.length;
    for (const child of node.childNodes) this.write(child);
    if (startsBold && this.boldStart !== null) {
      this.bold = tidy(this.text.slice(this.boldStart));
      this.boldStart = null;
    }
    if (BLOCK_TAGS.has(tag)) this.flush();
    if (heading) this.headingLevel = undefined;
    if (tag === "li") this.listPrefix = null;
  }

  /** Ends the paragraph being written (dropping it when it is footer or toolbar text). */
  flush(): void {
    const written = tidy(this.text);
    const bold = this.bold;
    const prefix = this.listPrefix && !NUMBERED.test(written) ? this.listPrefix : "";
    this.text = "";
    this.bold = null;
    this.boldStart = null;
    // An item's number waits for its first text (`<li><p>…` flushes an empty paragraph first).
    if (written === "") return;
    this.listPrefix = null;
    const text = prefix + written;
    if (text.length <= this.chrome.chromeTextMaxLength) {
      // Matched in Simplified, so a Traditional page's 版權所有 is chrome too.
      const simplified = normalizeForSearch(text);
      if (this.chrome.chromeText.some((pattern) => pattern.test(simplified))) return;
    }
    const boldLeadLength = bold && written.startsWith(bold) ? prefix.length + bold.length : undefined;
    this.blocks.push({
      kind: "paragraph",
      text,
      line: this.blocks.length + 1,
      ...(this.headingLevel ? { headingLevel: this.headingLevel } : {}),
      ...(boldLeadLength ? { boldLeadLength } : {}),
    });
  }
}

/**
 * A web page (or the HTML mammoth makes of a Word file) into blocks: page
 * chrome dropped (menus, breadcrumbs, share bars, footers — `lexicon/page-chrome.json`),
 * the article found as the element holding most of the text, headings and a
 * leading bold run marked, tables kept as rows with merged cells filled in,
 * entities decoded. A block's `line` is its position in the document.
 */
export function readHtml(html: string, options: ReadHtmlOptions = { findArticle: true }): TextBlock[] {
  const chrome = loadPageChrome();
  const document = parse(html, { comment: false });
  const pageTitle = document.querySelector("title")?.text ?? "";
  removeChrome(document, chrome);
  const article = options.findArticle ? findArticleElement(document) : document;
  const writer = new BlockWriter(chrome);
  writer.write(article);
  writer.flush();
  const title = options.findArticle ? titleOutside(document, article, pageTitle) : null;
  const compact = (text: string) => text.replace(/\s+/g, "");
  // Only a title the article lacks as a line of its own is put first (quoted in 印发《…》 does not count).
  if (!title || writer.blocks.some((block) => block.kind === "paragraph" && compact(block.text) === compact(title))) return writer.blocks;
  return [{ kind: "paragraph", text: title, line: 1, headingLevel: 1 }, ...writer.blocks.map((block) => ({ ...block, line: block.line + 1 }))];
}
