import path from "node:path";

/** Where the object store is and who signs for it, from the standard AWS_* variables. */
export interface S3Settings {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  region: string;
  /** `https://s3.<region>.amazonaws.com` unless AWS_ENDPOINT_URL names another (MinIO, OSS, COS …). */
  endpoint: string;
  allowHttp: boolean;
}

/**
 * Where the index lives: a local folder, or a prefix in an S3-compatible
 * bucket. The LanceDB tables, the manifest readers follow, the writer's
 * lease and the embedding cache are all under it.
 */
export type IndexLocation =
  | { kind: "local"; uri: string; dir: string }
  | { kind: "s3"; uri: string; bucket: string; prefix: string; s3: S3Settings };

/** The environment variables an object-store location reads (their standard AWS names). */
export interface ObjectStoreEnv {
  AWS_ACCESS_KEY_ID?: string;
  AWS_SECRET_ACCESS_KEY?: string;
  AWS_SESSION_TOKEN?: string;
  AWS_REGION?: string;
  AWS_ENDPOINT_URL?: string;
  AWS_ALLOW_HTTP?: string;
}

/** The default: `DATA_DIR/lancedb`, as before INDEX_URI existed. */
export function localIndexLocation(dataDir: string): IndexLocation {
  const dir = path.join(path.resolve(dataDir), "lancedb");
  return { kind: "local", uri: dir, dir };
}

/**
 * Reads INDEX_URI: `s3://bucket/prefix` or a folder path. Throws an Error
 * naming the variable to set when an object-store location lacks credentials
 * or points to a plain-http endpoint without AWS_ALLOW_HTTP=true.
 */
export function parseIndexLocation(uri: string, env: ObjectStoreEnv): IndexLocation {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(uri)) {
    const dir = path.resolve(uri);
    return { kind: "local", uri: dir, dir };
  }
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!match) throw new Error(`INDEX_URI ${uri}: only s3://bucket/prefix (any S3-compatible store) or a local folder is supported`);
  const [, bucket, rawPrefix] = match;
  if (!env.AWS_ACCESS_KEY_ID || !env.AWS_SECRET_ACCESS_KEY) {
    throw new Error(`INDEX_URI ${uri} needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`);
  }
  const region = env.AWS_REGION || "us-east-1";
  const endpoint = (env.AWS_ENDPOINT_URL || `https://s3.${region}.amazonaws.com`).replace(/\/+$/, "");
  const allowHttp = /^(1|true|yes)$/i.test(env.AWS_ALLOW_HTTP ?? "");
  if (endpoint.startsWith("http://") && !allowHttp) {
    throw new Error(`AWS_ENDPOINT_URL ${endpoint} is plain http: set AWS_ALLOW_HTTP=true to allow it (test endpoints only)`);
  }
  return {
    kind: "s3",
    uri: `s3://${bucket}/${rawPrefix!.replace(/\/+$/, "")}`,
    bucket: bucket!,
    prefix: rawPrefix!.replace(/\/+$/, ""),
    s3: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN || undefined, region, endpoint, allowHttp },
  };
}

/** The same settings in the names LanceDB's object store reads (its `storageOptions`). */
export function lancedbStorageOptions(location: IndexLocation): Record<string, string> | undefined {
  if (location.kind === "local") return undefined;
  const { s3 } = location;
  return {
    aws_access_key_id: s3.accessKeyId,
    aws_secret_access_key: s3.secretAccessKey,
    ...(s3.sessionToken ? { aws_session_token: s3.sessionToken } : {}),
    aws_region: s3.region,
    aws_endpoint: s3.endpoint,
    allow_http: String(s3.allowHttp),
  };
}

