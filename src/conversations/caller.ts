/** Who is asking: what their conversations are filed under and what their answers are logged as. */
export interface Caller {
  /** `key:<key id>` or `client:<client id>`; null for a caller who sent neither. */
  owner: string | null;
  /** The key's name or the client id, for the question log. */
  client: string | null;
  isAdmin: boolean;
}
