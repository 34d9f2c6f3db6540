/**
 * The console's places, addressed by the URL hash so a clause or a unit can
 * be linked from a ticket and the back button works without a server route:
 *   `#/chat`, `#/units`, `#/units/<unit>`, `#/docs`, `#/doc/<docId>`, `#/doc/<docId>/<clauseId>`.
 */
export type Route =
  | { view: "chat" }
  | { view: "units"; unit: string | null }
  | { view: "docs"; docId: string | null; clauseId: string | null };

function decodeSegment(segment: string | undefined): string | null {
  if (!segment) return null;
  try {
    return decodeURIComponent(segment);
  } catch {
    return null; // a hand-mangled link: treat the part as missing
  }
}

/** Reads a hash (with or without the leading `#`); anything unknown is the chat. */
export function parseRoute(hash: string): Route {
  const segments = hash.replace(/^#/, "").replace(/^\/+/, "").split("/");
  const [head, first, second] = segments;
  if (head === "units") return { view: "units", unit: decodeSegment(first) };
  if (head === "docs" || head === "doc") return { view: "docs", docId: decodeSegment(first), clauseId: decodeSegment(second) };
  return { view: "chat" };
}

/** Writes a route as a hash, `#/…`. */
export function formatRoute(route: Route): string {
  if (route.view === "units") return route.unit ? `#/units/${encodeURIComponent(route.unit)}` : "#/units";
  if (route.view === "docs") {
    if (!route.docId) return "#/docs";
    const clause = route.clauseId ? `/${encodeURIComponent(route.clauseId)}` : "";
    return `#/doc/${encodeURIComponent(route.docId)}${clause}`;
  }
  return "#/chat";
}

/** The hash of one clause in the document browser. */
export function clauseHref(docId: string, clauseId: string): string {
  return formatRoute({ view: "docs", docId, clauseId });
}

/** The hash of one unit's measures. */
export function unitHref(unit: string): string {
  return formatRoute({ view: "units", unit });
}
