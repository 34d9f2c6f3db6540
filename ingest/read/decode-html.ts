import { decodeText } from "./decode-text.js";

/** `<meta charset="gb2312">` or `<meta http-equiv="Content-Type" content="text/html; charset=gbk">`. */
const META_CHARSET = /<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)/i;

/** GB2312 and GBK pages are decoded as GB18030, their superset: sites mislabel one as the other. */
const GB_FAMILY = /^(gb2312|gbk|gb18030|x-gbk|cp936|euc-cn|hz-gb-2312)$/i;

/** The charset a page declares in its first bytes, lower-cased; null when it declares none. */
export function declaredCharset(bytes: Uint8Array): string | null {
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 4096));
  return head.match(META_CHARSET)?.[1]?.toLowerCase() ?? null;
}

/**
 * Decodes a web page: by the charset its <meta> declares, else as UTF-8 with
 * the GB18030 fallback. A page that declares UTF-8 but is not valid UTF-8 (a
 * site that re-encoded without updating the header) falls back too.
 */
export function decodeHtml(bytes: Uint8Array): { text: string; encoding: string } {
  const declared = declaredCharset(bytes);
  if (declared && GB_FAMILY.test(declared)) return { text: new TextDecoder("gb18030").decode(bytes), encoding: "gb18030" };
  if (declared && !/^utf-?8$/.test(declared)) {
    try {
      const decoder = new TextDecoder(declared);
      return { text: decoder.decode(bytes), encoding: decoder.encoding };
    } catch {
      // A label TextDecoder does not know: sniff instead.
    }
  }
  return decodeText(bytes);
}
