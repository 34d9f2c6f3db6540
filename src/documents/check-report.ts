import type { DocumentCheck } from "../../ingest/catalog/check-document.js";
import type { CatalogEntry } from "../corpus/catalog.js";
import type { StagedUpload } from "./upload-staging.js";

/** The metadata fields a check found missing, by name (`title`, `region`, `year`). */
export type MissingField = "title" | "region" | "year";

/**
 * An upload's check as the admin API shows it: what `ingest --check FILE
 * --json` prints, with the file named as uploaded (not where it is
 * staged), the missing fields by name, and the document it would replace.
 */
export interface CheckReport extends Omit<DocumentCheck, "file" | "missing"> {
  upload: { id: string; name: string; format: string; size: number };
  file: string;
  missing: MissingField[];
  /** The catalog document publishing it replaces (an `id` already in the catalog), or null for a new one. */
  replaces: { id: string; title: string; file: string } | null;
}

/** The check with every mention of the staged path made the upload's name, by `scrub`. */
export function toCheckReport(check: DocumentCheck, upload: StagedUpload, replaces: CatalogEntry | null, scrub: (text: string) => string): CheckReport {
  const { file: _file, missing, error, ...rest } = check;
  return {
    ...rest,
    upload: { id: upload.id, name: upload.name, format: upload.format, size: upload.size },
    file: upload.name,
    missing: missing.map((flag) => flag.replace(/^--/, "") as MissingField),
    error: error && { ...error, reason: scrub(error.reason) },
    replaces: replaces && { id: replaces.id, title: replaces.title, file: replaces.file },
  };
}
