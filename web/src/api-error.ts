import { ResponseShapeError } from "./api-types.js";

/**
 * A failed call to the server, already worded for the person at the screen.
 * `status` is 0 when no HTTP answer arrived (server down, network cut).
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** What the server said, kept for the console and for bug reports. */
  readonly serverMessage: string;

  constructor(status: number, code: string, serverMessage = "") {
    super(describeApiError(status, code, serverMessage));
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.serverMessage = serverMessage;
  }
}

/**
 * One Chinese sentence for a failure. The server's own messages are written
 * for developers (often in English), so they are only appended as a detail
 * where they help the user fix their input (400).
 */
export function describeApiError(status: number, code: string, serverMessage = ""): string {
  if (code === "index_not_ready") return "检索索引尚未建立，暂时无法回答。请联系管理员运行 npm run ingest 后再试。";
  if (code === "network") return "无法连接服务器，请检查网络或稍后再试。";
  if (code === "aborted") return "已停止。";
  if (code === "bad_response") return "服务器返回的内容无法识别，请稍后再试。";
  if (code === "stream_incomplete") return "回答传输中断，请重新提问。";
  if (status === 400) return serverMessage ? `请求有误：${serverMessage}` : "请求有误，请修改问题后再试。";
  if (status === 401) return "需要有效的 API 密钥才能使用，请输入管理员发放的密钥。";
  if (status === 403) return "该密钥没有这项权限。";
  if (status === 404) return "没有找到相应内容，可能链接已失效。";
  if (status === 409) return "另一项任务正在进行（发布、删除或重建索引），请等它完成后再试。";
  if (status === 429) return "提问过于频繁，请稍等片刻再试。";
  if (status === 503) return "服务暂时不可用，请稍后再试。";
  if (status >= 500) return "服务器出错了，请稍后再试。";
  return "请求失败，请稍后再试。";
}

/** Turns any thrown value into an ApiError so views only ever handle one kind. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof ResponseShapeError) return new ApiError(0, "bad_response", error.message);
  if (error instanceof DOMException && error.name === "AbortError") return new ApiError(0, "aborted");
  // fetch rejects with a TypeError when the connection itself fails.
  if (error instanceof TypeError) return new ApiError(0, "network", error.message);
  if (error instanceof SyntaxError) return new ApiError(0, "bad_response", error.message);
  return new ApiError(0, "unknown", error instanceof Error ? error.message : String(error));
}

/** Reads an error response's `{ error: { code, message } }` body, tolerating anything else. */
export async function apiErrorFromResponse(response: Response): Promise<ApiError> {
  let code = `http_${response.status}`;
  let message = "";
  try {
    const body: unknown = await response.json();
    const error = typeof body === "object" && body !== null ? (body as { error?: unknown }).error : undefined;
    if (typeof error === "object" && error !== null) {
      const fields = error as { code?: unknown; message?: unknown };
      if (typeof fields.code === "string") code = fields.code;
      if (typeof fields.message === "string") message = fields.message;
    }
  } catch {
    // A proxy's HTML error page, or an empty body: the status alone decides the wording.
  }
  return new ApiError(response.status, code, message);
}
