import { createHash } from "node:crypto";
import { copyFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import { catalogEntrySchema, loadCatalog, type Catalog, type CatalogEntry } from "../../src/corpus/catalog.js";
import { ValidationError } from "../../src/errors/app-errors.js";
import { regionNames } from "../../src/retrieval/corpus-places.js";
import { loadLexicon } from "../../src/retrieval/lexicon.js";
import { normalizeForSearch } from "../../src/text/normalize.js";
import type { ParsedDocument } from "../parse-document.js";
import { parseDocument } from "../parse-document.js";
import { readDocumentFile } from "../read/read-document-file.js";
import type { StructuredText } from "../read/structured-text.js";
import { inferMetadata, type InferredMetadata } from "./infer-metadata.js";
import { writeCatalog } from "./write-catalog.js";

/** What `--add FILE [--id] [--title] [--region] [--year]` asks for; the flags override what the text says. */
export interface AddRequest {
  file: string;
  id?: string;
  title?: string;
  region?: string;
  year?: number;
}

/** An addition worked out and checked, before anything is written. */
export interface PlannedAddition {
  entry: CatalogEntry;
  inferred: InferredMetadata;
  /** Whether the id was derived rather than given. */
  idDerived: boolean;
  /** The entry an `--id` of an existing document replaces. */
  replaces: CatalogEntry | null;
  structured: StructuredText;
  parsed: ParsedDocument;
}

/** The catalog's region that an inferred one is a short form of (相城区 → 苏州市相城区), else the inferred one. */
function catalogRegion(inferred: string | null, catalog: Catalog): string | null {
  if (!inferred) return null;
  const wanted = normalizeForSearch(inferred);
  const regions = [...new Set(catalog.documents.map((document) => document.region))];
  return regions.find((region) => regionNames(region).map(normalizeForSearch).includes(wanted)) ?? inferred;
}

/** The shortest name of a region: 苏州市吴江区 → 吴江, for the short name `吴江2024`. */
function shortRegionName(region: string): string {
  return [...regionNames(region)].sort((a, b) => a.length - b.length)[0] ?? region;
}

/**
 * A lower-case ascii id like the catalog's own (`sip-2023`): the region's
 * latin name from lexicon/places.json where it has one (Xiangcheng → xiangcheng-2024),
 * else `plan-<year>-<hash of the title>` (no pinyin offline); `-2`, `-3` … when taken.
 */
function deriveId(region: string, year: number, title: string, taken: ReadonlySet<string>): string {
  const latin = loadLexicon()
    .places.filter((place) => place.region === region)
    .flatMap((place) => place.names)
    .filter((name) => /^[A-Za-z][A-Za-z ]*$/.test(name))
    .sort((a, b) => a.length - b.length)[0];
  const base = latin ? `${latin.toLowerCase().replace(/\s+/g, "-")}-${year}` : `plan-${year}-${createHash("sha256").update(title).digest("hex").slice(0, 6)}`;
  let id = base;
  for (let suffix = 2; taken.has(id); suffix++) id = `${base}-${suffix}`;
  return id;
}

/** A field the text does not show, and the flag that gives it. */
export interface MissingField {
  flag: "--title" | "--region" | "--year";
  what: string;
  example: string;
}

const MISSING: Record<"title" | "region" | "year", MissingField> = {
  title: { flag: "--title", what: "title", example: '"…" (as the document writes it, on a line of its own)' },
  region: { flag: "--region", what: "region", example: "苏州市吴江区" },
  year: { flag: "--year", what: "year", example: "2024" },
};

/**
 * The catalog entry for a file from what its text shows and the flags (which
 * win), with what neither gives. Where a field is missing the entry is still
 * built, with a stand-in, so the document can be parsed for a check.
 */
export function entryFor(catalog: Catalog, file: string, inferred: InferredMetadata, request: Omit<AddRequest, "file">) {
  const replaces = request.id ? (catalog.documents.find((document) => document.id === request.id) ?? null) : null;
  const title = request.title ?? inferred.title ?? replaces?.title;
  const region = request.region ?? catalogRegion(inferred.region, catalog) ?? replaces?.region;
  const year = request.year ?? inferred.year ?? replaces?.year;
  const missing = [!title && MISSING.title, !region && MISSING.region, !year && MISSING.year].filter((field): field is MissingField => Boolean(field));
  const someYear = year ?? new Date().getFullYear();
  const someRegion = region ?? "未知地区";
  const taken = new Set(catalog.documents.map((document) => document.id));
  const id = request.id ?? deriveId(someRegion, someYear, title ?? file, taken);
  const parsedEntry = catalogEntrySchema.safeParse({
    id,
    title: title ?? path.basename(file),
    shortName: `${shortRegionName(someRegion)}${someYear}`,
    region: someRegion,
    // A plan that prints no issuer is issued by its region's government; the catalog needs a name.
    issuer: inferred.issuer ?? replaces?.issuer ?? someRegion,
    docNumber: inferred.docNumber ?? null,
    date: inferred.date && Number(inferred.date.slice(0, 4)) === someYear ? inferred.date : String(someYear),
    year: someYear,
    file: `${id}${path.extname(file).toLowerCase()}`,
  });
  if (!parsedEntry.success) {
    const field = String(parsedEntry.error.issues[0]?.path[0] ?? "id");
    throw new ValidationError(`--${field}: ${parsedEntry.error.issues[0]?.message ?? "invalid"}`, { field });
  }
  return { entry: parsedEntry.data, missing, replaces, idDerived: request.id === undefined };
}

/**
 * Reads the file, infers its metadata (flags override), builds the catalog
 * entry and parses the document with it — writing nothing. A title, region
 * or year the text does not show is an error asking for the flag by name; a
 * document that does not parse is the parser's error, file and line named.
 */
export async function planAddition(seedsDir: string, request: AddRequest): Promise<PlannedAddition> {
  const catalog = await loadCatalog(seedsDir);
  const file = path.resolve(request.file);
  const structured = await readDocumentFile(file);
  const inferred = inferMetadata(structured);
  const { entry, missing, replaces, idDerived } = entryFor(catalog, file, inferred, request);
  const [first] = missing;
  if (first) throw new ValidationError(`could not find the plan's ${first.what} in ${file}: give it with ${first.flag} ${first.example}`, { field: first.flag.slice(2) });
  // Parsed before anything is written: a plan that does not parse never reaches the catalog.
  const parsed = parseDocument(structured, { ...entry, file });
  return { entry, inferred, idDerived, replaces, structured, parsed };
}

/**
 * Adds a plan to the corpus: {@link planAddition}, then the file copied into
 * `seeds/` as `<id><ext>` (moved, when it is already an unlisted file there)
 * and the catalog entry written — replacing the entry and file of an existing
 * `--id`. Re-indexing is the caller's step.
 */
export async function addDocument(seedsDir: string, request: AddRequest): Promise<PlannedAddition> {
  const plan = await planAddition(seedsDir, request);
  const source = path.resolve(request.file);
  const target = path.join(seedsDir, plan.entry.file);
  if (source !== target) {
    const insideSeeds = path.dirname(source) === path.resolve(seedsDir);
    const listed = (await loadCatalog(seedsDir)).documents.some((document) => path.join(seedsDir, document.file) === source);
    if (insideSeeds && !listed) await rename(source, target);
    else await copyFile(source, target);
  }
  const catalog = await loadCatalog(seedsDir);
  const documents = plan.replaces
    ? catalog.documents.map((document) => (document.id === plan.entry.id ? plan.entry : document))
    : [...catalog.documents, plan.entry];
  await writeCatalog(seedsDir, { documents });
  if (plan.replaces && plan.replaces.file !== plan.entry.file) await rm(path.join(seedsDir, plan.replaces.file), { force: true });
  return plan;
}
