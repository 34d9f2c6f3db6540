import { h } from "./dom.js";
import { unitHref } from "./hash-route.js";
import { highlightUsedSentences } from "./sentence-highlight.js";

/**
 * The responsible units of a clause as tags, each a link to that unit's
 * measures; leading (牵头) units are marked. `emphasise` picks out the unit
 * the user is looking at in the unit view (by containment: the documents
 * write `区行政审批局` where the user picked `行政审批局`).
 */
export function unitTags(units: readonly string[], leadUnits: readonly string[], emphasise?: string): HTMLElement {
  if (units.length === 0) return h("p", { class: "units-none" }, "该文件未列明责任单位");
  const leads = new Set(leadUnits);
  return h(
    "ul",
    { class: "unit-tags", "aria-label": "责任单位" },
    units.map((unit) =>
      h(
        "li",
        {},
        h(
          "a",
          {
            class: `unit-tag${leads.has(unit) ? " is-lead" : ""}${emphasise && unit.includes(emphasise) ? " is-current" : ""}`,
            href: unitHref(unit),
            title: `查看${unit}负责的全部措施`,
          },
          unit,
          leads.has(unit) && h("span", { class: "lead-mark" }, "牵头"),
        ),
      ),
    ),
  );
}

/**
 * The clause text, keeping its line breaks. With `answer`, the sentences the
 * answer used are wrapped in <mark> so the agent can see what was quoted.
 */
export function clauseText(text: string, answer?: string): HTMLElement {
  const block = h("div", { class: "clause-text" });
  if (answer === undefined) {
    block.textContent = text;
    return block;
  }
  for (const sentence of highlightUsedSentences(text, answer)) {
    block.append(sentence.used ? h("mark", {}, sentence.text) : sentence.text);
  }
  return block;
}

/** `二、（一）7 优化企业注销流程`: the path in quieter type, a space, then the title. */
export function clauseHeading(path: string, title: string | null): (HTMLElement | string)[] {
  const parts: (HTMLElement | string)[] = [];
  if (path) parts.push(h("span", { class: "clause-path" }, path));
  if (path && title) parts.push(" ");
  if (title) parts.push(h("span", { class: "clause-title" }, title));
  return parts;
}
