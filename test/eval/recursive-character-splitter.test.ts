import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { recursiveCharacterSplit } from "../../eval/baselines/recursive-character-splitter.js";
import { projectRoot } from "../../src/config/app-config.js";

const options = { chunkSize: 500, chunkOverlap: 50 };

/** `count` distinct lines of `width` characters: 第01行 followed by filler. */
function lines(count: number, width: number): string[] {
  return Array.from({ length: count }, (_, index) => `第${String(index + 1).padStart(2, "0")}行`.padEnd(width, "政"));
}

describe("recursiveCharacterSplit (LangChain RecursiveCharacterTextSplitter, 500/50)", () => {
  it("keeps a text shorter than a chunk whole, trimmed", () => {
    expect(recursiveCharacterSplit("  一段话。\n\n另一段话。  ", options)).toEqual(["一段话。\n\n另一段话。"]);
  });

  it("cuts a text without any separator into 500 characters overlapping by exactly 50", () => {
    const text = Array.from({ length: 1200 }, (_, index) => String.fromCodePoint(0x4e00 + index)).join("");
    expect(recursiveCharacterSplit(text, options)).toEqual([text.slice(0, 500), text.slice(450, 950), text.slice(900, 1200)]);
  });

  it("packs whole short lines and repeats the last line (≤ 50 characters) at the start of the next chunk", () => {
    const thirty = lines(30, 30);
    // Pieces are "line" and "\nline" (31): 30 + 15 × 31 = 495 fit, the 17th would not.
    expect(recursiveCharacterSplit(thirty.join("\n"), options)).toEqual([thirty.slice(0, 16).join("\n"), thirty.slice(15).join("\n")]);
  });

  it("gives no overlap when the pieces are longer than the overlap (LangChain's behaviour, not a bug here)", () => {
    const paragraphs = lines(6, 180);
    // "\n\n" is the separator; two paragraphs (180 + 182) fit, a third would not.
    expect(recursiveCharacterSplit(paragraphs.join("\n\n"), options)).toEqual([
      paragraphs.slice(0, 2).join("\n\n"),
      paragraphs.slice(2, 4).join("\n\n"),
      paragraphs.slice(4, 6).join("\n\n"),
    ]);
  });

  it("splits a paragraph too long for a chunk by lines, then by characters", () => {
    const longLine = "长".repeat(700);
    const text = `短段落。\n\n${longLine}\n结尾。`;
    const chunks = recursiveCharacterSplit(text, options);
    expect(chunks.length).toBeGreaterThan(2); // the short paragraph, and the long line in more than one piece
    expect(chunks[0]).toBe("短段落。");
    expect(chunks.filter((chunk) => chunk.length > 500)).toEqual([]);
    expect(chunks.join("").replace(/\s/g, "").length).toBeGreaterThanOrEqual(text.replace(/\s/g, "").length);
    expect(chunks.at(-1)).toContain("结尾。");
  });

  it("cuts a real seed plan into chunks of at most 500 characters that appear in the file in order", () => {
    const raw = readFileSync(path.join(projectRoot, "seeds", "sip-2021.txt"), "utf8");
    const chunks = recursiveCharacterSplit(raw, options);
    expect(chunks.length).toBeGreaterThan(20);
    let from = 0;
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(500);
      const at = raw.indexOf(chunk, from);
      expect(at).toBeGreaterThanOrEqual(0);
      from = at + 1;
    }
  });

  it("rejects an overlap as large as the chunk", () => {
    expect(() => recursiveCharacterSplit("文本", { chunkSize: 50, chunkOverlap: 50 })).toThrow(/chunkOverlap/);
  });
});
