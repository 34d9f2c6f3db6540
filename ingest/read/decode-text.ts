/**
 * Decodes a text file whose encoding nobody declared. Government sites still
 * serve GBK / GB18030: a file that is not valid UTF-8 is read as GB18030 (a
 * superset of GBK and GB2312), which every byte sequence decodes under.
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: "utf-8" | "gb18030" } {
  // A UTF-8 byte-order mark is dropped by TextDecoder itself.
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "utf-8" };
  } catch {
    return { text: new TextDecoder("gb18030").decode(bytes), encoding: "gb18030" };
  }
}
