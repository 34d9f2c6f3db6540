import type { ChatFilters } from "../answer/chat-schemas.js";
import { ValidationError } from "../errors/app-errors.js";
import type { IndexManifest } from "../store/index-manifest.js";

/**
 * Checks document ids against the index and turns region names into the
 * index's own (`相城区` → `苏州市相城区`: a region matches when its name
 * contains the one given). An unknown id or region is a 400 naming it and
 * listing what exists, instead of a silent empty answer; so are ids and
 * regions that no document satisfies together (retrieval needs both).
 */
export function resolveFilters(
  filters: ChatFilters | undefined,
  manifest: IndexManifest,
  fields: { docIds: string; regions: string } = { docIds: "filters.docIds", regions: "filters.regions" },
): ChatFilters | undefined {
  if (!filters) return undefined;
  const knownIds = manifest.documents.map((document) => document.id);
  for (const docId of filters.docIds ?? []) {
    if (!knownIds.includes(docId)) {
      throw new ValidationError(`${fields.docIds}: unknown document "${docId}" (known: ${knownIds.join(", ")})`, { field: fields.docIds });
    }
  }
  const knownRegions = [...new Set(manifest.documents.map((document) => document.region))];
  const regions = filters.regions?.flatMap((region) => {
    const matches = knownRegions.filter((known) => known.includes(region));
    if (matches.length === 0) {
      throw new ValidationError(`${fields.regions}: unknown region "${region}" (known: ${knownRegions.join("、")})`, {
        field: fields.regions,
      });
    }
    return matches;
  });
  const resolvedRegions = regions ? [...new Set(regions)] : undefined;
  // Retrieval needs both to hold: ids and regions that never meet would match nothing and read as "the documents do not say".
  if (filters.docIds?.length && resolvedRegions?.length) {
    const both = manifest.documents.filter((document) => filters.docIds!.includes(document.id) && resolvedRegions.includes(document.region));
    if (both.length === 0) {
      const where = filters.docIds.map((docId) => `${docId} is in ${manifest.documents.find((document) => document.id === docId)!.region}`).join(", ");
      throw new ValidationError(
        `${fields.docIds} and ${fields.regions}: no document matches both (${where}; ${fields.regions} asks for ${resolvedRegions.join("、")})`,
        { field: fields.docIds },
      );
    }
  }
  return { ...filters, ...(resolvedRegions ? { regions: resolvedRegions } : {}) };
}
