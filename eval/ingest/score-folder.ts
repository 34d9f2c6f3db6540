import { readdir } from "node:fs/promises";
import path from "node:path";
import { parseDocument } from "../../ingest/parse-document.js";
import { formatOf, readDocumentFile } from "../../ingest/read/read-document-file.js";
import { addScores, scoreDocument, type DocumentScore } from "./score-document.js";
import { entryFromTruth, readTruthFile } from "./truth-file.js";

/** The scores of every document of a folder that has a truth file. */
export interface FolderScore {
  documents: DocumentScore[];
  all: ReturnType<typeof addScores>;
  /** Documents left out, with why (a format this checkout cannot read yet). */
  skipped: { file: string; reason: string }[];
}

const TRUTH_SUFFIX = ".truth.json";

/**
 * Parses every document of `dir` that has a truth file (`<file>.truth.json`, naming its document in `file`) beside it and
 * scores it. A document that fails to parse scores nothing (its measures all
 * count as missed), with the error as its note.
 */
export async function scoreFolder(dir: string): Promise<FolderScore> {
  const names = await readdir(dir).catch(() => {
    throw new Error(`cannot read the folder ${dir}: pass --dir with a folder of documents and their ${TRUTH_SUFFIX} files`);
  });
  const truthFiles = names.filter((name) => name.endsWith(TRUTH_SUFFIX)).sort();
  if (truthFiles.length === 0) throw new Error(`no *${TRUTH_SUFFIX} files in ${dir}: each document needs one beside it (<file>${TRUTH_SUFFIX})`);
  const documents: DocumentScore[] = [];
  const skipped: FolderScore["skipped"] = [];
  for (const truthName of truthFiles) {
    const truth = await readTruthFile(path.join(dir, truthName));
    // The truth names its document (`file`); writers name the truth `<file>.truth.json` or `<id>.truth.json`.
    const file = path.join(dir, path.basename(truth.file));
    if (!formatOf(file)) {
      skipped.push({ file: path.basename(file), reason: `ingest cannot read ${path.extname(file) || "extension-less"} files yet` });
      continue;
    }
    try {
      const parsed = parseDocument(await readDocumentFile(file), entryFromTruth(truth, file));
      documents.push(scoreDocument(parsed, truth));
    } catch (error) {
      documents.push({
        file: truth.file,
        measures: { right: 0, total: truth.measures.length },
        names: { right: 0, total: truth.measures.reduce((sum, measure) => sum + measure.leadUnits.length + measure.supportUnits.length + measure.responsibleUnits.length, 0) },
        roles: { right: 0, total: 0 },
        deadlines: { right: 0, total: truth.measures.filter((measure) => measure.deadline !== null).length },
        extraMeasures: 0,
        notes: [`failed to parse: ${(error as Error).message}`],
      });
    }
  }
  return { documents, all: addScores(documents), skipped };
}
