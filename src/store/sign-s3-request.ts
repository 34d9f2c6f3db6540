import { createHash, createHmac } from "node:crypto";

/** What signing an S3 request needs: the credentials and the region they sign for. */
export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  region: string;
}

const sha256Hex = (data: string | Uint8Array) => createHash("sha256").update(data).digest("hex");
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest();

/** RFC 3986 encoding as SigV4 wants it: everything but unreserved characters, `/` kept in paths. */
function encodeRfc3986(text: string, keepSlash: boolean): string {
  return Array.from(new TextEncoder().encode(text), (byte) => {
    const char = String.fromCharCode(byte);
    return /[A-Za-z0-9\-_.~]/.test(char) || (keepSlash && char === "/") ? char : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }).join("");
}

/** The URL path in SigV4's canonical form (each segment percent-encoded once). */
export function canonicalPath(objectPath: string): string {
  return encodeRfc3986(objectPath, true);
}

/**
 * Signs one S3 request with AWS Signature Version 4 and returns the headers
 * to send (host excepted: fetch derives it from the URL, which is what was
 * signed). The payload is hashed, never sent unsigned.
 */
export function signS3Request(
  request: { method: string; url: URL; body?: Uint8Array; headers?: Record<string, string> },
  credentials: S3Credentials,
  now: Date = new Date(),
): Record<string, string> {
  const amzDate = now.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
  const day = amzDate.slice(0, 8);
  const payloadHash = sha256Hex(request.body ?? new Uint8Array());
  const headers: Record<string, string> = {
    ...request.headers,
    "x-amz-content-sha256": payloadHash,
    "x-amz-date": amzDate,
    ...(credentials.sessionToken ? { "x-amz-security-token": credentials.sessionToken } : {}),
  };
  const signed: Record<string, string> = { host: request.url.host };
  for (const [name, value] of Object.entries(headers)) signed[name.toLowerCase()] = value.trim();
  const signedNames = Object.keys(signed).sort();
  const query = [...request.url.searchParams]
    .map(([name, value]) => [encodeRfc3986(name, false), encodeRfc3986(value, false)] as const)
    .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : 1) : a < b ? -1 : 1))
    .map(([name, value]) => `${name}=${value}`)
    .join("&");
  const canonicalRequest = [
    request.method,
    canonicalPath(decodeURIComponent(request.url.pathname)),
    query,
    signedNames.map((name) => `${name}:${signed[name]}\n`).join(""),
    signedNames.join(";"),
    payloadHash,
  ].join("\n");
  const scope = `${day}/${credentials.region}/s3/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256Hex(canonicalRequest)].join("\n");
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, day), credentials.region), "s3"), "aws4_request");
  const signature = createHmac("sha256", signingKey).update(stringToSign).digest("hex");
  return {
    ...headers,
    authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedNames.join(";")}, Signature=${signature}`,
  };
}
