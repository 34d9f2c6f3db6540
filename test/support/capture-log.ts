import { z } from "zod";
import { createLogger, type Logger } from "../../src/observability/logger.js";

/** One JSON log line as the service writes it (the fields every line has; the rest kept). */
export const logEntrySchema = z.looseObject({ level: z.string(), time: z.string(), msg: z.string().optional(), reqId: z.string().optional() });
export type LogEntry = z.infer<typeof logEntrySchema>;

/** A real service logger (pino, JSON lines) whose lines are kept in memory for a test to read. */
export function captureLog(level: "info" | "debug" = "info"): { logger: Logger; entries: () => LogEntry[]; raw: () => string[] } {
  const lines: string[] = [];
  const logger = createLogger({ level, questions: false }, { write: (line: string) => void lines.push(line) });
  return { logger, raw: () => [...lines], entries: () => lines.map((line) => logEntrySchema.parse(JSON.parse(line))) };
}
