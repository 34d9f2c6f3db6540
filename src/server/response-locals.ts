import type { Logger } from "../observability/logger.js";

/**
 * What the service's middleware leaves on every response for the handlers after it:
 * the request id, a logger bound to it, and the signal that tells open streams the server is closing.
 */
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      requestId: string;
      log: Logger;
      /** Aborted once a shutdown wants open streams ended (after their grace period). */
      closeStreams: AbortSignal;
    }
  }
}

export {};
