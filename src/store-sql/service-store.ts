import { createSqlApiKeyStore } from "../auth/sql-api-key-store.js";
import type { ApiKeyStore } from "../auth/api-key-store.js";
import type { AppConfig } from "../config/app-config.js";
import type { ConversationStore } from "../conversations/conversation-store.js";
import { startRetention } from "../conversations/retention.js";
import { createSqlConversationStore } from "../conversations/sql-conversation-store.js";
import { openSqlClient, type OpenSqlClientOptions } from "./open-sql-client.js";
import { consoleStoreLog } from "./sql-client.js";

/** What the hotline service keeps: conversations with their answers and feedback, and the API keys. */
export interface ServiceStore {
  conversations: ConversationStore;
  apiKeys: ApiKeyStore;
  /** Which database holds them, for messages. */
  kind: "pglite" | "postgres";
  close(): Promise<void>;
}

/** Options for {@link openServiceStore}. */
export interface OpenServiceStoreOptions extends OpenSqlClientOptions {
  /** Apply RETENTION_DAYS (the server does; the keys command does not). */
  retention?: boolean;
  /** The clock (tests move it). */
  now?: () => Date;
}

/** Opens the configured database, migrated, and the stores over it. */
export async function openServiceStore(config: AppConfig, options: OpenServiceStoreOptions = {}): Promise<ServiceStore> {
  const client = await openSqlClient(config.serviceStore, options);
  const conversations = createSqlConversationStore(client, options.now);
  const stopRetention = options.retention && config.retentionDays ? startRetention(conversations, config.retentionDays, options.log ?? consoleStoreLog, options.now) : () => undefined;
  return {
    conversations,
    apiKeys: createSqlApiKeyStore(client, options.now),
    kind: client.kind,
    close: async () => {
      stopRetention();
      await client.close();
    },
  };
}
