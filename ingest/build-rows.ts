import type { CatalogEntry } from "../src/corpus/catalog.js";
import type { Clause } from "../src/corpus/clause.js";
import type { IndexedClause } from "../src/store/indexed-clause.js";
import { normalizeForSearch } from "../src/text/normalize.js";
import { hanBigrams, type WordSegmenter } from "../src/text/segment-words.js";

/** A clause with its document metadata and the two text forms that are searched. */
export interface PreparedClause extends IndexedClause {
  searchText: string;
  tokens: string;
}

/**
 * What gets embedded and indexed for a clause: the document's short name, the
 * path and title (so "园区2021 注销" finds the right document), then the
 * Simplified text. Tokens also carry the unit text, so a unit's name finds it.
 */
export function prepareClause(clause: Clause, entry: CatalogEntry, segmenter: WordSegmenter): PreparedClause {
  const searchText = normalizeForSearch(`${entry.shortName} ${clause.path} ${clause.title ?? ""}\n${clause.text}`);
  const searchable = `${searchText} ${clause.unitText ?? ""} ${clause.units.join(" ")}`;
  const tokens = [...segmenter.tokens(searchable), ...hanBigrams(searchable)].join(" ");
  return {
    ...clause,
    docTitle: entry.title,
    docShortName: entry.shortName,
    region: entry.region,
    year: entry.year,
    searchText,
    tokens,
  };
}
