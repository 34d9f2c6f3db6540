/** Where the console keeps what identifies it to the server across reloads. */
const clientIdKey = "qiwen.clientId";
const agentKeyKey = "qiwen.agentKey";

/** localStorage, or a map when the browser refuses storage (private mode, disabled cookies). */
function storage(): Pick<Storage, "getItem" | "setItem" | "removeItem"> {
  try {
    const probe = "qiwen.probe";
    window.localStorage.setItem(probe, "1");
    window.localStorage.removeItem(probe);
    return window.localStorage;
  } catch {
    const memory = new Map<string, string>();
    return { getItem: (key) => memory.get(key) ?? null, setItem: (key, value) => void memory.set(key, value), removeItem: (key) => void memory.delete(key) };
  }
}

const store = storage();

/** A random id for this browser (the server files its conversations under it), made on first use. */
export function clientId(): string {
  let id = store.getItem(clientIdKey);
  if (!id || !/^[A-Za-z0-9_-]{8,64}$/.test(id)) {
    id = crypto.randomUUID();
    store.setItem(clientIdKey, id);
  }
  return id;
}

/** The agent's API key, when the server needs one for chat (PUBLIC_CHAT=false). */
export function agentKey(): string | null {
  return store.getItem(agentKeyKey);
}

/** Keeps (or, with null, forgets) the agent's API key. */
export function saveAgentKey(key: string | null): void {
  if (key) store.setItem(agentKeyKey, key);
  else store.removeItem(agentKeyKey);
}

/** The headers every call to the chat, conversation and feedback routes carries. */
export function callerHeaders(): Record<string, string> {
  const key = agentKey();
  return { "x-client-id": clientId(), ...(key ? { authorization: `Bearer ${key}` } : {}) };
}

/** A value kept in localStorage under `qiwen.<name>` (the open conversation survives a reload). */
export const remembered = {
  get: (name: string): string | null => store.getItem(`qiwen.${name}`),
  set: (name: string, value: string | null): void => (value === null ? store.removeItem(`qiwen.${name}`) : store.setItem(`qiwen.${name}`, value)),
};
