import type { AddressInfo } from "node:net";
import type { AppConfig } from "../config/app-config.js";
import { createServices } from "../services/create-services.js";
import type { QiwenServices } from "../services/qiwen-services.js";
import { openServiceStore, type ServiceStore } from "../store-sql/service-store.js";
import { createApp, type CreateAppOptions } from "./create-app.js";

/** Options for {@link startServer}. */
export interface StartServerOptions {
  config: AppConfig;
  /** Defaults to `config.port`; 0 picks a free port. */
  port?: number;
  /** Defaults to `config.host` (127.0.0.1 unless HOST says otherwise). */
  host?: string;
  /** Built from `config` by createServices (model loaded, index opened, LLM when configured) when absent. */
  services?: QiwenServices;
  /** Conversations, feedback and keys; opened from `config` (and closed with the server) when absent. */
  store?: ServiceStore;
  app?: CreateAppOptions;
}

/** A listening server. */
export interface RunningServer {
  url: string;
  services: QiwenServices;
  store: ServiceStore;
  /** Stops listening and drops open connections (streams included). */
  close(): Promise<void>;
}

/** Builds the services if needed, then serves the app until `close()`. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const { config } = options;
  const services = options.services ?? (await createServices(config));
  const host = options.host ?? config.host;
  const store = options.store ?? (await openServiceStore(config, { retention: true }));
  const closeStore = options.store ? async () => undefined : () => store.close();
  const app = createApp(services, store, options.app);
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve, reject) => {
    const listening = app.listen(options.port ?? config.port, host, (error?: Error) => (error ? reject(error) : resolve(listening)));
  }).catch(async (error: unknown) => {
    await closeStore();
    throw error;
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  return {
    url: `http://${shownHost.includes(":") ? `[${shownHost}]` : shownHost}:${port}`,
    services,
    store,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }).finally(closeStore),
  };
}
