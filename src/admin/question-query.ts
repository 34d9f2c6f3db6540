import { z } from "zod";
import type { AnswerFilter } from "../conversations/conversation-store.js";

/**
 * A date-only bound is a day in China Standard Time, where every caller of
 * these plans is: `from=2025-03-01` starts at its midnight, `to=2025-03-01`
 * includes the whole day. A full ISO time is taken as written.
 */
const CHINA_OFFSET = "+08:00";
const DAY_MS = 24 * 60 * 60 * 1000;
const dateOnly = /^\d{4}-\d{2}-\d{2}$/;

/** Four-digit years: JavaScript dates reach the year 275760, beyond what PostgreSQL's timestamps hold. */
const earliest = Date.UTC(1970, 0, 1);
const latest = Date.UTC(10000, 0, 1);

function parseBound(text: string): number {
  return Date.parse(dateOnly.test(text) ? `${text}T00:00:00${CHINA_OFFSET}` : text);
}

function dateBound(edge: "from" | "to") {
  return z
    .string()
    .refine((text) => {
      const time = parseBound(text);
      return !Number.isNaN(time) && time >= earliest && time <= latest;
    }, "expected a date (2025-03-01) or an ISO time, in a four-digit year")
    .transform((text) => {
      if (!dateOnly.test(text)) return new Date(text);
      const midnight = new Date(`${text}T00:00:00${CHINA_OFFSET}`);
      return edge === "to" ? new Date(midnight.getTime() + DAY_MS) : midnight;
    })
    .optional();
}

const booleanText = z.enum(["true", "false"], "expected true or false").transform((text) => text === "true");

/** The filters of `GET /api/admin/questions` and `/export`, from the query string. */
export const questionFilterSchema = z.object({
  refused: booleanText.optional(),
  rating: z.enum(["up", "down"], 'expected "up" or "down"').optional(),
  docId: z.string().min(1).max(100).optional(),
  from: dateBound("from"),
  to: dateBound("to"),
  mode: z.enum(["extractive", "llm"], 'expected "extractive" or "llm"').optional(),
});

/** The parsed filters as the store takes them. */
export function toAnswerFilter(query: z.output<typeof questionFilterSchema>): AnswerFilter {
  return { refused: query.refused, rating: query.rating, docId: query.docId, from: query.from, to: query.to, mode: query.mode };
}

/** A page position: the last item's time and id, as an opaque string for `?after=`. */
export function encodeCursor(item: { createdAt: Date; id: string }): string {
  return Buffer.from(JSON.stringify([item.createdAt.toISOString(), item.id])).toString("base64url");
}

const cursorSchema = z.tuple([z.iso.datetime(), z.string().min(1)]);

/** Reads `?after=`; undefined when it is not a cursor this server wrote. */
export function decodeCursor(text: string): { createdAt: Date; id: string } | undefined {
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(text, "base64url").toString("utf8")));
    return parsed.success ? { createdAt: new Date(parsed.data[0]), id: parsed.data[1] } : undefined;
  } catch {
    return undefined;
  }
}
