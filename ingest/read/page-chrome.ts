import { z } from "zod";
import { readJson } from "../../src/retrieval/lexicon.js";

const pageChromeSchema = z.object({
  /** Elements dropped wherever they are (scripts, menus, forms …). */
  removeTags: z.array(z.string().min(1)),
  /** Elements dropped unless they sit inside <article> or <main> (a site's header, not an article's). */
  removeOutsideArticle: z.array(z.string().min(1)),
  /** ARIA roles of page chrome. */
  removeRoles: z.array(z.string().min(1)),
  /** Patterns matched against each class name and the id: a match drops the element. */
  classOrIdTokens: z.array(z.string().min(1)),
  /** Patterns of footer and toolbar text (版权所有, ICP备 …): a short paragraph matching one is dropped. */
  chromeText: z.array(z.string().min(1)),
  /** Paragraphs longer than this are never chrome, whatever they contain. */
  chromeTextMaxLength: z.number().int().positive(),
});

/** What a web page carries besides the document: the data in `lexicon/page-chrome.json`, compiled. */
export interface PageChrome {
  removeTags: ReadonlySet<string>;
  removeOutsideArticle: ReadonlySet<string>;
  removeRoles: ReadonlySet<string>;
  classOrIdTokens: RegExp[];
  chromeText: RegExp[];
  chromeTextMaxLength: number;
}

let cached: PageChrome | undefined;

/** Reads `lexicon/page-chrome.json` once. */
export function loadPageChrome(): PageChrome {
  if (cached) return cached;
  const data = readJson("page-chrome.json", pageChromeSchema);
  const lowerSet = (names: string[]) => new Set(names.map((name) => name.toLowerCase()));
  cached = {
    removeTags: lowerSet(data.removeTags),
    removeOutsideArticle: lowerSet(data.removeOutsideArticle),
    removeRoles: lowerSet(data.removeRoles),
    classOrIdTokens: data.classOrIdTokens.map((pattern) => new RegExp(pattern, "i")),
    chromeText: data.chromeText.map((pattern) => new RegExp(pattern, "i")),
    chromeTextMaxLength: data.chromeTextMaxLength,
  };
  return cached;
}
