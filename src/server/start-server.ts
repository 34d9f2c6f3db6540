import { createServer, type Server } from "node:http";
import { Server as NetServer, type AddressInfo, type Socket } from "node:net";
import type { Express } from "express";
import type { AppConfig } from "../config/app-config.js";
import { createLogger, type Logger } from "../observability/logger.js";
import { createServices } from "../services/create-services.js";
import type { QiwenServices } from "../services/qiwen-services.js";
import { openServiceStore, type ServiceStore } from "../store-sql/service-store.js";
import { createApp, type CreateAppOptions } from "./create-app.js";
import { ServerLifecycle } from "./server-lifecycle.js";

/** Options for {@link startServer}. */
export interface StartServerOptions {
  config: AppConfig;
  /** Defaults to `config.port`; 0 picks a free port. */
  port?: number;
  /** Defaults to `config.host` (127.0.0.1 unless HOST says otherwise). */
  host?: string;
  /** Built from `config` by createServices (model loaded, index opened, LLM when configured) when absent. */
  services?: QiwenServices;
  /** Conversations, feedback and keys; opened from `config` (RETENTION_DAYS applied) and closed with the server when absent. */
  store?: ServiceStore;
  app?: Omit<CreateAppOptions, "lifecycle">;
}

/** A listening server. */
export interface RunningServer {
  url: string;
  /** The Express app it serves (its router lists the routes). */
  app: Express;
  services: QiwenServices;
  store: ServiceStore;
  logger: Logger;
  /**
   * The graceful stop SIGTERM runs: stops accepting connections, lets
   * in-flight requests finish (streams end with a final event halfway), and
   * after SHUTDOWN_TIMEOUT_MS drops whatever is left; then closes the store
   * if startServer opened it.
   */
  shutdown(): Promise<{ unfinished: number }>;
  /** Stops listening and drops open connections (streams included) at once. */
  close(): Promise<void>;
}

/** Node checks the header and request timeouts this often; its 30 s default would let them overrun by that much. */
const TIMEOUT_CHECK_MS = 1_000;
/** How often a shutdown looks whether anything is still being answered. */
const DRAIN_POLL_MS = 20;

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

/**
 * Builds the services and opens the store if needed, then serves the app
 * until `shutdown()` or `close()`, with the header, request and keep-alive
 * timeouts of the settings. The request timeout bounds receiving a request,
 * not answering it, so a long stream is not cut by it. A store opened here is
 * closed after the server has stopped (or when it fails to start).
 */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const services = options.services ?? (await createServices(options.config));
  if (options.store) return serve(options, services, options.store);
  const logger = options.app?.logger ?? createLogger(options.config.server.log);
  // PGlite starts with the first request that needs the store, not with the server (see deferredSqlClient).
  const store = await openServiceStore(options.config, {
    retention: true,
    deferEmbeddedStart: true,
    log: { info: (message) => logger.info(message), warn: (message) => logger.warn(message) },
  });
  const running = await serve({ ...options, app: { ...options.app, logger } }, services, store).catch(async (error: unknown) => {
    await store.close();
    throw error;
  });
  return {
    ...running,
    shutdown: () => running.shutdown().finally(() => store.close()),
    close: () => running.close().finally(() => store.close()),
  };
}

async function serve(options: StartServerOptions, services: QiwenServices, store: ServiceStore): Promise<RunningServer> {
  const { config } = options;
  const host = options.host ?? config.host;
  const logger = options.app?.logger ?? createLogger(config.server.log);
  const lifecycle = new ServerLifecycle();
  const app = createApp(services, store, { ...options.app, logger, lifecycle });
  const { timeouts } = config.server;
  const server = createServer(
    {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      keepAliveTimeout: timeouts.keepAliveMs,
      connectionsCheckingInterval: Math.min(TIMEOUT_CHECK_MS, timeouts.headersMs),
    },
    app,
  );
  // Connections accepted that have not sent a request yet: a shutdown waits for their request instead of resetting them.
  const fresh = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    fresh.add(socket);
    socket.once("close", () => fresh.delete(socket));
  });
  server.on("request", (request: { socket: Socket }) => fresh.delete(request.socket));
  await listen(server, options.port ?? config.port, host);
  const { port } = server.address() as AddressInfo;
  const shownHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  const closed = new Promise<void>((resolve) => server.once("close", resolve));
  const stopListening = () => {
    if (server.listening) server.close();
  };
  return {
    url: `http://${shownHost.includes(":") ? `[${shownHost}]` : shownHost}:${port}`,
    app,
    services,
    store,
    logger,
    shutdown: async () => {
      // Keep a second of the budget for the exit itself; streams get half of it to finish on their own.
      const deadline = Date.now() + Math.max(0, timeouts.shutdownMs - 1_000);
      lifecycle.beginDrain((deadline - Date.now()) / 2);
      // Stop accepting, so new connections are refused. Not through http.Server#close: it also drops
      // connections without a request in progress, and one just accepted has not sent its request yet.
      if (server.listening) NetServer.prototype.close.call(server);
      // Logged once the listener is closed: whoever reads this line can count on new connections being refused.
      logger.info({ inFlight: lifecycle.inFlight }, "shutting down: no new connections, finishing requests in flight");
      while (Date.now() < deadline && (lifecycle.inFlight > 0 || fresh.size > 0)) {
        await new Promise((resolve) => setTimeout(resolve, DRAIN_POLL_MS));
      }
      const unfinished = lifecycle.inFlight;
      lifecycle.closeStreams();
      server.closeAllConnections();
      server.close();
      await closed;
      return { unfinished };
    },
    close: async () => {
      stopListening();
      server.closeAllConnections();
      await closed;
    },
  };
}
