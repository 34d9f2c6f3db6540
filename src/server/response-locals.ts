import type { ApiKeyIdentity } from "../auth/api-key.js";
import type { Logger } from "../observability/logger.js";

/**
 * What the service's middleware leaves on every response for the handlers after it:
 * the request id, a logger bound to it, the signal that tells open streams the server is closing,
 * and the API key the request carried (set by the authentication in front of /api and /v1).
 */
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      requestId: string;
      log: Logger;
      /** Aborted once a shutdown wants open streams ended (after their grace period). */
      closeStreams: AbortSignal;
      /** The verified key, or undefined for an anonymous request (the rate limiters key on its id). */
      apiKey: ApiKeyIdentity | undefined;
    }
  }
}

export {};
