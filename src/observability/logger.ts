import { pino, type DestinationStream, type Logger } from "pino";
import type { ServerConfig } from "../config/server-config.js";

export type { Logger };

/**
 * The service's structured JSON logger (one object per line on stdout, or on
 * the stream given, as tests do). Request lines come from child loggers that
 * carry the request id.
 */
export function createLogger(options: ServerConfig["log"], destination?: DestinationStream): Logger {
  return pino(
    {
      level: options.level,
      base: { service: "qiwen" },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: pino.stdSerializers.err },
    },
    destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
