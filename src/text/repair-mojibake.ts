import type { Replacement } from "./mapped-text.js";

/**
 * Mojibake: UTF-8 bytes that some tool decoded as GBK (`鑻忓窞` for 苏州) or as
 * Latin-1 / Windows-1252 (`èå·` for 苏州) and saved again. The bytes are
 * recovered by encoding the text back the way it was misread, and kept only
 * where they form valid UTF-8 that reads as common Chinese — text that is
 * really GBK or Latin almost never does.
 */

type ByteTable = Map<string, number[]>;

let gbkTable: ByteTable | undefined;
let latinTable: ByteTable | undefined;

/** Every GBK character above ASCII and its bytes, read off the platform's own decoder. */
function gbkBytes(): ByteTable {
  if (gbkTable) return gbkTable;
  const pairs: number[] = [];
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) if (trail !== 0x7f) pairs.push(lead, trail, 0x0a);
  }
  const decoded = new TextDecoder("gbk").decode(new Uint8Array(pairs)).split("\n");
  // The one single byte above ASCII that GBK decoders read as a character.
  gbkTable = new Map([["€", [0x80]]]);
  for (let index = 0; index < pairs.length / 3; index++) {
    const character = decoded[index];
    if (character && character.length === 1 && character !== "\ufffd" && !gbkTable.has(character)) {
      gbkTable.set(character, [pairs[index * 3]!, pairs[index * 3 + 1]!]);
    }
  }
  return gbkTable;
}

/** Windows-1252 (what browsers and Node call latin1) characters for the bytes 0x80–0xFF. */
function latinBytes(): ByteTable {
  if (latinTable) return latinTable;
  latinTable = new Map();
  for (let byte = 0x80; byte <= 0xff; byte++) latinTable.set(new TextDecoder("windows-1252").decode(new Uint8Array([byte])), [byte]);
  return latinTable;
}

/**
 * Feeds one byte to a UTF-8 check: `pending` is how many continuation bytes
 * the current character still needs. Returns the new count, or -1 when the
 * byte cannot stand here. Four-byte characters never occur in the texts repaired.
 */
function nextUtf8State(byte: number, pending: number): number {
  if (pending > 0) return byte >= 0x80 && byte <= 0xbf ? pending - 1 : -1;
  if (byte < 0x80) return 0;
  if (byte >= 0xc2 && byte <= 0xdf) return 1;
  if (byte >= 0xe0 && byte <= 0xef) return 2;
  return -1;
}

/** Whether a character is among the 3,755 most common Chinese characters (GB2312 level 1, leads 0xB0–0xD7). */
function isCommonHan(character: string): boolean {
  const bytes = gbkBytes().get(character);
  return bytes !== undefined && bytes[0]! >= 0xb0 && bytes[0]! <= 0xd7;
}

function commonShare(text: string): number {
  const characters = [...text].filter((character) => /\p{Script=Han}/u.test(character));
  return characters.length === 0 ? 0 : characters.filter(isCommonHan).length / characters.length;
}

/**
 * Repairs runs of text misread through `table`. From each position, the
 * longest run of characters whose bytes are complete CJK UTF-8 is decoded; it
 * replaces the run when it is at least `minCharacters` long and clearly more
 * common Chinese than the run it replaces.
 */
function repairRuns(text: string, table: ByteTable, minCharacters: number, firstBytes: { min: number; max: number }): Replacement[] {
  const replacements: Replacement[] = [];
  const characters = [...text];
  const offsets: number[] = [];
  let offset = 0;
  for (const character of characters) {
    offsets.push(offset);
    offset += character.length;
  }
  offsets.push(offset);
  let start = 0;
  while (start < characters.length) {
    // A repair starts where a misread character's first byte starts a UTF-8 sequence.
    const lead = table.get(characters[start]!)?.[0];
    if (lead === undefined || lead < firstBytes.min || lead > firstBytes.max) {
      start++;
      continue;
    }
    // Extend the run while its bytes stay valid UTF-8; remember the last place where characters of both end together.
    const bytes: number[] = [];
    let pending = 0;
    let aligned = -1;
    let end = start;
    extend: while (end < characters.length && table.has(characters[end]!)) {
      for (const byte of table.get(characters[end]!)!) {
        pending = nextUtf8State(byte, pending);
        if (pending < 0) break extend;
        bytes.push(byte);
      }
      end++;
      if (pending === 0) aligned = end;
    }
    if (aligned > start) {
      const byteCount = characters.slice(start, aligned).reduce((sum, character) => sum + table.get(character)!.length, 0);
      const original = characters.slice(start, aligned).join("");
      const repaired = new TextDecoder("utf-8").decode(new Uint8Array(bytes.slice(0, byteCount)));
      const hanCount = repaired.match(/\p{Script=Han}/gu)?.length ?? 0;
      if (hanCount >= minCharacters && commonShare(repaired) >= 0.7 && commonShare(repaired) > commonShare(original) + 0.2) {
        replacements.push({ start: offsets[start]!, end: offsets[aligned]!, text: repaired });
        start = aligned;
        continue;
      }
    }
    start++;
  }
  return replacements;
}

/** Replacements that undo GBK- and Latin-1-misread UTF-8 in `text`; empty for text that reads right. */
export function mojibakeRepairs(text: string): Replacement[] {
  // Latin-1 keeps every byte as a character; GBK pairs them, so a repair starts on a Chinese character's lead byte (0xE0–0xEF).
  const latin = /[\u00c0-\u00ff]/.test(text) ? repairRuns(text, latinBytes(), 2, { min: 0xc2, max: 0xef }) : [];
  if (latin.length > 0) return latin;
  return /\p{Script=Han}/u.test(text) ? repairRuns(text, gbkBytes(), 3, { min: 0xe0, max: 0xef }) : [];
}
