import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { NotFoundError } from "../../src/errors/app-errors.js";
import { toErrorResponse } from "../../src/server/error-handler.js";

afterEach(() => {
  vi.restoreAllMocks();
});

/** Calls toErrorResponse with a logger watched: what it answers, and whether it logged. */
function respond(error: unknown) {
  const log = { error: vi.fn() };
  const response = toErrorResponse(error, log);
  return { ...response, logged: log.error.mock.calls.length > 0 };
}

describe("toErrorResponse", () => {
  it("answers the router's URIError (status and statusCode 400, no type) with a 400, unlogged", () => {
    const error = Object.assign(new URIError("Failed to decode param '%E0%A4%A'"), { status: 400, statusCode: 400 });
    expect(respond(error)).toEqual({
      status: 400,
      body: { error: { code: "invalid_request", message: "malformed URL: Failed to decode param '%E0%A4%A'" } },
      logged: false,
    });
  });

  it("keeps the status of any error carrying a 4xx in status or statusCode", () => {
    expect(respond(Object.assign(new Error("range not satisfiable"), { statusCode: 416 }))).toMatchObject({
      status: 416,
      body: { error: { code: "invalid_request", message: "range not satisfiable" } },
      logged: false,
    });
    expect(respond(Object.assign(new Error("gone"), { status: 404 }))).toMatchObject({ status: 404, body: { error: { code: "not_found" } }, logged: false });
  });

  it.each([
    ["a 5xx status", { status: 503 }],
    ["a status that is not a whole number", { status: 400.5 }],
    ["a status given as a string", { status: "400" }],
  ])("treats an error with %s as a server fault", (_case, fields) => {
    expect(respond(Object.assign(new Error("boom"), fields))).toMatchObject({ status: 500, body: { error: { code: "internal_error" } }, logged: true });
  });

  it("treats a ZodError as a server fault (request input arrives as a ValidationError), logged and without its message", () => {
    const rowSchema = z.object({ clauseId: z.string() });
    const error = rowSchema.safeParse({ clauseId: 7 }).error!;
    const response = respond(error);
    expect(response).toEqual({ status: 500, body: { error: { code: "internal_error", message: "internal server error" } }, logged: true });
  });

  it("keeps an AppError's own status and message", () => {
    expect(respond(new NotFoundError('no clause "x"'))).toEqual({ status: 404, body: { error: { code: "not_found", message: 'no clause "x"' } }, logged: false });
  });
});
