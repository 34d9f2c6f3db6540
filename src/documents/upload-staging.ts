import { randomUUID } from "node:crypto";
import { mkdir, readdir, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { formatOf, supportedExtensions } from "../../ingest/read/read-document-file.js";
import type { DocumentFormat } from "../../ingest/read/structured-text.js";
import { ValidationError } from "../errors/app-errors.js";
import type { DocumentMetadata } from "./document-metadata.js";

/** A plan uploaded on the admin page and kept apart from seeds/ until it is published. */
export interface StagedUpload {
  id: string;
  /** The file name the browser sent, made safe to use as one. */
  name: string;
  format: DocumentFormat;
  size: number;
  /** Where it is staged (never shown to clients). */
  file: string;
  /** The metadata given with the upload; publishing may override it. */
  metadata: DocumentMetadata;
  createdAt: string;
}

/** The formats, for messages: `.txt, .md, .markdown, …`. */
export const supportedFormats = supportedExtensions.join(", ");

/** Characters a file name may not hold on some system, and control characters. */
const UNSAFE_NAME_CHARACTERS = /[\\/:*?"<>|\u0000-\u001f\u007f]/g;
const MAX_NAME_LENGTH = 120;
/** Staged folders older than this are removed when the next upload arrives (uploads left unpublished, or from before a restart). */
const KEEP_STAGED_MS = 7 * 24 * 3600_000;

/** The browser's file name as a safe base name (its extension kept), never empty. */
function safeFileName(original: string): string {
  const base = path.basename(original.replace(/\\/g, "/")).replace(UNSAFE_NAME_CHARACTERS, "_").trim();
  const extension = path.extname(base).toLowerCase();
  const stem = base.slice(0, base.length - extension.length).slice(0, MAX_NAME_LENGTH) || "plan";
  return `${stem}${extension}`;
}

/**
 * Uploads staged under one folder (DATA_DIR/uploads), each in a folder of
 * its own named by its id. Which uploads exist is kept in memory: after a
 * restart a plan must be uploaded again; a published upload's folder is
 * removed at once, an unpublished one's after a week.
 */
export class UploadStaging {
  private readonly uploads = new Map<string, StagedUpload>();

  constructor(private readonly dir: string) {}

  /**
   * Stages a file: a format ingest reads, not empty. The size limit is
   * the multipart parser's (it stops reading past it).
   */
  async stage(originalName: string, bytes: Uint8Array, metadata: DocumentMetadata): Promise<StagedUpload> {
    const name = safeFileName(originalName);
    const format = formatOf(name);
    if (!format) {
      const extension = path.extname(name) || "(none)";
      throw new ValidationError(`file: "${name}" is not a format ingest reads (${extension}); upload one of ${supportedFormats}`, { field: "file" });
    }
    if (bytes.byteLength === 0) throw new ValidationError(`file: "${name}" is empty; upload the plan itself (${supportedFormats})`, { field: "file" });
    await this.pruneOld();
    const id = randomUUID();
    const folder = path.join(this.dir, id);
    await mkdir(folder, { recursive: true });
    const file = path.join(folder, name);
    await writeFile(file, bytes);
    const upload: StagedUpload = { id, name, format, size: bytes.byteLength, file, metadata, createdAt: new Date().toISOString() };
    this.uploads.set(id, upload);
    return upload;
  }

  /** A staged upload, or undefined when there is none by that id (or it was published). */
  get(id: string): StagedUpload | undefined {
    return this.uploads.get(id);
  }

  /** Forgets an upload and removes its folder. */
  async discard(id: string): Promise<void> {
    this.uploads.delete(id);
    // The id is one of ours (a UUID) only when it was found; never join an unchecked one into a path.
    if (/^[0-9a-f-]{36}$/.test(id)) await rm(path.join(this.dir, id), { recursive: true, force: true });
  }

  private async pruneOld(): Promise<void> {
    const entries = await readdir(this.dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries.filter((candidate) => candidate.isDirectory())) {
      const folder = path.join(this.dir, entry.name);
      const { mtimeMs } = await stat(folder);
      if (Date.now() - mtimeMs > KEEP_STAGED_MS) {
        this.uploads.delete(entry.name);
        await rm(folder, { recursive: true, force: true });
      }
    }
  }
}
