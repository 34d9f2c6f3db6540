import type { AddressInfo } from "node:net";
import type { AppConfig } from "../config/app-config.js";
import { createServices } from "../services/create-services.js";
import type { QiwenServices } from "../services/qiwen-services.js";
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
  app?: CreateAppOptions;
}

/** A listening server. */
export interface RunningServer {
  url: string;
  services: QiwenServices;
  /** Stops listening and drops open connections (streams included). */
  close(): Promise<void>;
}

/** Builds the services if needed, then serves the app until `close()`. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const { config } = options;
  const services = options.services ?? (await createServices(config));
  const host = options.host ?? config.host;
  const app = createApp(services, options.app);
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve, reject) => {
    const listening = app.listen(options.port ?? config.port, host, (error?: Error) => (error ? reject(error) : resolve(listening)));
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  return {
    url: `http://${shownHost.includes(":") ? `[${shownHost}]` : shownHost}:${port}`,
    services,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
