import type { Clause } from "./api-types.js";

/** A heading of a document and what sits under it, in document order. */
export interface HeadingNode {
  heading: string;
  /** Sub-headings and clauses interleaved as the document has them. */
  children: TreeItem[];
}

/** Either a heading with its contents or a clause. */
export type TreeItem = { kind: "heading"; node: HeadingNode } | { kind: "clause"; clause: Clause };

/**
 * Builds the outline of a document from its clauses' `headings` (outermost
 * first). Clauses arrive in document order; a heading that reappears after a
 * different one opens a new node, so the tree never reorders the text.
 */
export function buildDocumentTree(clauses: readonly Clause[]): TreeItem[] {
  const root: TreeItem[] = [];
  // The currently open node at each depth: the path from the root to the last clause.
  let open: HeadingNode[] = [];
  for (const clause of clauses) {
    const headings = clause.headings.filter((heading) => heading.trim() !== "");
    let depth = 0;
    while (depth < headings.length && depth < open.length && open[depth]?.heading === headings[depth]) depth++;
    open = open.slice(0, depth);
    for (let level = depth; level < headings.length; level++) {
      const node: HeadingNode = { heading: headings[level] ?? "", children: [] };
      const parent = open[level - 1];
      (parent ? parent.children : root).push({ kind: "heading", node });
      open.push(node);
    }
    const container = open[headings.length - 1];
    (container ? container.children : root).push({ kind: "clause", clause });
  }
  return root;
}

/**
 * The clauses that belong to a heading itself rather than to a sub-heading:
 * the leading clauses whose title the heading already states (a section's
 * introductory paragraph, or every paragraph of a measure). The outline
 * links the heading to them instead of listing them again under it.
 */
export function ownClauses(node: HeadingNode): Clause[] {
  const own: Clause[] = [];
  for (const child of node.children) {
    if (child.kind !== "clause" || !child.clause.title || !node.heading.includes(child.clause.title)) break;
    own.push(child.clause);
  }
  return own;
}

/**
 * A short label for a clause in an outline or a list: its path and title
 * (once, where the path already says the title: `前言`), or the start of its
 * text when it has no title.
 */
export function clauseLabel(clause: { path: string; title: string | null; text: string }): string {
  const name = clause.title ?? truncate(clause.text, 24);
  if (!clause.path || clause.path.includes(name)) return clause.path || name;
  return `${clause.path} ${name}`;
}

function truncate(text: string, length: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > length ? `${flat.slice(0, length)}…` : flat;
}
