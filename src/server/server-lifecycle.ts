import type { RequestHandler } from "express";

/**
 * Counts the requests in flight so a shutdown can wait for them, and tells
 * open streams when to end. `drain` is what SIGTERM runs: from then on every
 * response says `Connection: close`; streams get half the time to finish on
 * their own, then are ended with a final event; the promise resolves once
 * nothing is in flight or the time is up.
 */
export class ServerLifecycle {
  private readonly open = new Set<{ setHeader(name: string, value: string): unknown; headersSent: boolean }>();
  private readonly idle = new Set<() => void>();
  private readonly closingStreams = new AbortController();
  private drainingSince: number | null = null;

  /** Mounted first: tracks each request until its response is finished or the client is gone. */
  readonly middleware: RequestHandler = (_request, response, next) => {
    response.locals.closeStreams = this.closingStreams.signal;
    if (this.draining) response.setHeader("Connection", "close");
    this.open.add(response);
    response.once("close", () => {
      this.open.delete(response);
      if (this.open.size === 0) for (const resolve of this.idle) resolve();
    });
    next();
  };

  /** True once a shutdown has begun (readiness then fails, so a balancer stops sending). */
  get draining(): boolean {
    return this.drainingSince !== null;
  }

  /** Requests still being answered, open streams included. */
  get inFlight(): number {
    return this.open.size;
  }

  /** Waits for in-flight requests, ending streams halfway; resolves with how many were still open at the deadline. */
  async drain(timeoutMs: number): Promise<{ unfinished: number }> {
    this.drainingSince ??= Date.now();
    for (const response of this.open) if (!response.headersSent) response.setHeader("Connection", "close");
    const streamTimer = setTimeout(() => this.closingStreams.abort(), timeoutMs / 2);
    let deadline: NodeJS.Timeout | undefined;
    const emptied = new Promise<void>((resolve) => {
      if (this.open.size === 0) resolve();
      this.idle.add(resolve);
      deadline = setTimeout(resolve, timeoutMs);
    });
    await emptied;
    clearTimeout(streamTimer);
    clearTimeout(deadline);
    return { unfinished: this.open.size };
  }
}
