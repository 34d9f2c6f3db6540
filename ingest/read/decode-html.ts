import { decodeText } from "./decode-text.js";

/** `<meta charset="gb2312">` or `<meta http-equiv="Content-Type" content="text/html; charset=gbk">`. */
const META_CHARSET = /<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)/i;

/** GB2312 and GBK pages are decoded as GB18030, their superset: sites mislabel one as the other. */
const GB_FAMILY = /^(gb2312|gbk|gb18030|x-gbk|cp936|euc-cn)$/i;

/** The charset a page declares in its first bytes, lower-cased; null when it declares none. */
export function declaredCharset(bytes: Uint8Array): string | null {
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 4096));
  return head.match(META_CHARSET)?.[1]?.toLowerCase() ?? null;
}

/**
 * Decodes a web page. Bytes that are valid UTF-8 are UTF-8 whatever the page
 * declares (sites re-encode pages and keep the old `<meta>`; Chinese text in
 * GBK is practically never valid UTF-8). Otherwise the declared charset, and
 * GB18030 when the page declares none or one TextDecoder does not know.
 */
export function decodeHtml(bytes: Uint8Array): { text: string; encoding: string } {
  const sniffed = decodeText(bytes);
  if (sniffed.encoding === "utf-8") return sniffed;
  const declared = declaredCharset(bytes);
  if (declared && !GB_FAMILY.test(declared) && !/^utf-?8$/.test(declared)) {
    try {
      const decoder = new TextDecoder(declared);
      return { text: decoder.decode(bytes), encoding: decoder.encoding };
    } catch {
      // A label TextDecoder does not know: GB18030, the fallback for Chinese pages.
    }
  }
  return sniffed;
}
