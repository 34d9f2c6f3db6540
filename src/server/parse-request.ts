import type { z } from "zod";
import { ValidationError } from "../errors/app-errors.js";

/**
 * One zod issue as a sentence that names the field first, e.g.
 * `question: question must not be empty` or `filters.docIds.0: …`.
 */
export function describeIssue(issue: z.core.$ZodIssue, root: string): { field: string; message: string } {
  if (issue.code === "unrecognized_keys") {
    const field = [...issue.path, issue.keys[0]].join(".");
    return { field, message: `${field}: unknown field` };
  }
  const field = issue.path.length > 0 ? issue.path.join(".") : root;
  return { field, message: `${field}: ${issue.message}` };
}

/** Parses untrusted input with a schema; the first problem becomes a ValidationError (400) naming the field. */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown, root: "body" | "query"): z.output<Schema> {
  if (input === undefined && root === "body") {
    throw new ValidationError("body: expected a JSON object (send Content-Type: application/json)", { field: "body" });
  }
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const { field, message } = describeIssue(parsed.error.issues[0]!, root);
  throw new ValidationError(message, { field });
}
