import type { Request, Response } from "express";
import { z } from "zod";
import { apiKeyOf } from "../auth/authenticate.js";
import type { Caller } from "../conversations/caller.js";
import { ValidationError } from "../errors/app-errors.js";

/** The console's client id: random, kept in the browser's localStorage. */
const clientIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "X-Client-Id: 8 to 64 letters, digits, - or _");

/** The caller of a request: its API key when it sent one, else its X-Client-Id header. */
export function callerOf(request: Request, response: Response): Caller {
  const key = apiKeyOf(response);
  if (key) return { owner: `key:${key.id}`, client: key.name, isAdmin: key.role === "admin" };
  const header = request.get("x-client-id");
  if (header === undefined) return { owner: null, client: null, isAdmin: false };
  const parsed = clientIdSchema.safeParse(header);
  if (!parsed.success) throw new ValidationError(parsed.error.issues[0]!.message, { field: "X-Client-Id" });
  return { owner: `client:${parsed.data}`, client: parsed.data, isAdmin: false };
}
