-- Conversations, the answers given in them, feedback on answers, and API keys.
-- Times are written by the application (one clock for both databases, and tests can move it).

CREATE TABLE conversations (
  id text PRIMARY KEY,
  -- 'key:<key id>' or 'client:<client id>': who may list and reopen it; null for nobody.
  owner text,
  -- The first question, shortened; null when question text is not stored.
  title text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX conversations_by_owner ON conversations (owner, updated_at DESC);

CREATE TABLE answers (
  id text PRIMARY KEY,
  -- Null for stateless callers (the OpenAI-compatible endpoint).
  conversation_id text REFERENCES conversations (id) ON DELETE CASCADE,
  -- Both null when question text is not stored (an answer can repeat the question).
  question text,
  answer text,
  answerable boolean NOT NULL,
  -- A refusal that found related clauses ("the documents do not say"): a gap as much as a plain refusal.
  related boolean NOT NULL DEFAULT false,
  -- The citations as the caller saw them: the index may change later.
  citations jsonb NOT NULL,
  citation_ids text[] NOT NULL,
  doc_ids text[] NOT NULL,
  mode text NOT NULL,
  latency_ms double precision NOT NULL,
  filters jsonb,
  -- 'chat', 'stream' or 'openai'.
  channel text NOT NULL,
  -- The API key's name, or the console's client id.
  client text,
  created_at timestamptz NOT NULL
);
CREATE INDEX answers_by_time ON answers (created_at DESC, id DESC);
CREATE INDEX answers_by_conversation ON answers (conversation_id, created_at);

-- One rating per answer: a second one replaces the first.
CREATE TABLE feedback (
  answer_id text PRIMARY KEY REFERENCES answers (id) ON DELETE CASCADE,
  rating text NOT NULL CHECK (rating IN ('up', 'down')),
  reason text,
  comment text,
  created_at timestamptz NOT NULL
);

-- Keys are stored as sha256(salt || secret): the secret itself is shown once, at creation.
CREATE TABLE api_keys (
  id text PRIMARY KEY,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('agent', 'admin')),
  salt text NOT NULL,
  hash text NOT NULL,
  created_at timestamptz NOT NULL,
  revoked_at timestamptz
);
