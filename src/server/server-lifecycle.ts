import type { RequestHandler } from "express";

/**
 * Counts the requests in flight so a shutdown can wait for them, and tells
 * open streams when to end. Once `beginDrain` has run, every response says
 * `Connection: close`, and after the streams' grace period the
 * `closeStreams` signal ends them with their final event.
 */
export class ServerLifecycle {
  private readonly open = new Set<{ setHeader(name: string, value: string): unknown; headersSent: boolean }>();
  private readonly closingStreams = new AbortController();
  private streamTimer: NodeJS.Timeout | undefined;
  private drainStarted = false;

  /** Mounted first: tracks each request until its response is finished or the client is gone. */
  readonly middleware: RequestHandler = (_request, response, next) => {
    response.locals.closeStreams = this.closingStreams.signal;
    if (this.drainStarted) response.setHeader("Connection", "close");
    this.open.add(response);
    response.once("close", () => this.open.delete(response));
    next();
  };

  /** True once a shutdown has begun (readiness then fails, so a balancer stops sending). */
  get draining(): boolean {
    return this.drainStarted;
  }

  /** Requests still being answered, open streams included. */
  get inFlight(): number {
    return this.open.size;
  }

  /** Starts a shutdown: no more keep-alive, and streams still open after `streamGraceMs` are ended. */
  beginDrain(streamGraceMs: number): void {
    if (this.drainStarted) return;
    this.drainStarted = true;
    for (const response of this.open) if (!response.headersSent) response.setHeader("Connection", "close");
    this.streamTimer = setTimeout(() => this.closingStreams.abort(), streamGraceMs);
  }

  /** Ends any stream still open now (the shutdown's deadline). */
  closeStreams(): void {
    clearTimeout(this.streamTimer);
    this.closingStreams.abort();
  }
}
