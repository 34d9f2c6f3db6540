/**
 * `npx tsx bench/summarize-profile.ts FILE.cpuprofile [--top 30]`: a V8 CPU
 * profile (node --cpu-prof, or bench:load --profile DIR) as two tables — the
 * functions with the most self time, the functions with the most time under
 * them, and the share of time spent under each
 * package or source folder (inclusive, each sample counted once per group).
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { z } from "zod";
import { formatTable } from "../src/cli/format-table.js";

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: "string", default: "30" } } });
if (positionals.length !== 1) throw new Error("usage: bench/summarize-profile.ts FILE.cpuprofile [--top 30]");

const profileSchema = z.object({
  nodes: z.array(
    z.object({
      id: z.number(),
      callFrame: z.object({ functionName: z.string(), url: z.string(), lineNumber: z.number() }),
      children: z.array(z.number()).optional(),
    }),
  ),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});
const profile = profileSchema.parse(JSON.parse(await readFile(positionals[0]!, "utf8")));

/** The group a frame's script belongs to: a package name, a source folder, or V8's own (program, gc …). */
function groupOf(url: string, functionName: string): string {
  if (!url) return `(${functionName || "native"})`;
  const packagePath = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (packagePath) return packagePath[1]!;
  if (url.startsWith("node:")) return url.split("/")[0]!;
  const source = /\/(src\/[^/]+|ingest|bench|eval)\//.exec(url);
  return source ? source[1]! : url;
}

function labelOf(frame: { functionName: string; url: string; lineNumber: number }): string {
  return `${frame.functionName || "(anonymous)"} ${frame.url.replace(/^.*\/(node_modules|src|ingest|bench|eval)\//, "$1/")}:${frame.lineNumber + 1}`;
}

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

const selfMs = new Map<string, number>();
const inclusiveMs = new Map<string, number>();
const groupMs = new Map<string, number>();
let totalMs = 0;
profile.samples.forEach((sampleId, index) => {
  const ms = (profile.timeDeltas[index] ?? 0) / 1000;
  totalMs += ms;
  const node = byId.get(sampleId)!;
  const self = labelOf(node.callFrame);
  selfMs.set(self, (selfMs.get(self) ?? 0) + ms);
  const groups = new Set<string>();
  const labels = new Set<string>();
  for (let id: number | undefined = sampleId; id !== undefined; id = parent.get(id)) {
    const { callFrame } = byId.get(id)!;
    if (callFrame.functionName === "(root)") continue;
    groups.add(groupOf(callFrame.url, callFrame.functionName));
    labels.add(labelOf(callFrame));
  }
  for (const group of groups) groupMs.set(group, (groupMs.get(group) ?? 0) + ms);
  for (const label of labels) inclusiveMs.set(label, (inclusiveMs.get(label) ?? 0) + ms);
});

const top = Number(values.top);
const rows = (entries: Map<string, number>) =>
  [...entries]
    .sort((left, right) => right[1] - left[1])
    .slice(0, top)
    .map(([name, ms]) => [name, ms.toFixed(0), `${((100 * ms) / totalMs).toFixed(1)}%`]);
console.log(`${(totalMs / 1000).toFixed(1)} s sampled`);
console.log(formatTable(["function (self time)", "ms", "share"], rows(selfMs), [1, 2]));
console.log();
console.log(formatTable(["function (inclusive)", "ms", "share"], rows(inclusiveMs), [1, 2]));
console.log();
console.log(formatTable(["package or folder (inclusive)", "ms", "share"], rows(groupMs), [1, 2]));
