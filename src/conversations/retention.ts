import type { StoreLog } from "../store-sql/sql-client.js";
import type { ConversationStore } from "./conversation-store.js";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * RETENTION_DAYS: purges answers (with their feedback) and idle conversations
 * older than `days`, now and then once a day. Returns the stop function. A
 * failed purge is logged and tried again the next day; it never stops the server.
 */
export function startRetention(store: ConversationStore, days: number, log: StoreLog, now: () => Date = () => new Date()): () => void {
  const purge = () =>
    store.purgeBefore(new Date(now().getTime() - days * DAY_MS)).then(
      ({ answers, conversations }) => {
        if (answers > 0 || conversations > 0) log.info(`retention (${days} days): purged ${answers} answers and ${conversations} conversations`);
      },
      (error: unknown) => log.warn(`retention purge failed (retried tomorrow): ${error instanceof Error ? error.message : String(error)}`),
    );
  void purge();
  const timer = setInterval(() => void purge(), DAY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
