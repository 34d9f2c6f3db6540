import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";

/** The parts of a chat completions request the tests look at. */
export const chatCompletionRequestSchema = z.looseObject({
  model: z.string(),
  messages: z.array(z.object({ role: z.enum(["system", "user", "assistant"]), content: z.string() })),
  stream: z.boolean().optional(),
});
export type ChatCompletionRequest = z.infer<typeof chatCompletionRequestSchema>;

/** One request the fake received. */
export interface RecordedRequest {
  path: string;
  authorization: string | undefined;
  body: ChatCompletionRequest;
}

/** How the fake answers: text (streamed in chunks when asked to stream, after `delayMs`), an HTTP error, or nothing at all. */
export type FakeReply = { text: string; chunkSize?: number; delayMs?: number } | { status: number } | { hang: true };

/**
 * An OpenAI-compatible chat completions server on 127.0.0.1:0, for testing
 * the LLM path without a network: `POST /v1/chat/completions` answers as JSON
 * or, with `stream: true`, as SSE chunks ending in `data: [DONE]`.
 */
export async function startFakeOpenAI() {
  const requests: RecordedRequest[] = [];
  let reply: (request: RecordedRequest) => FakeReply = () => ({ text: "" });
  const hanging = new Set<ServerResponse>();

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let raw = "";
    for await (const chunk of request) raw += String(chunk);
    if (request.method !== "POST" || request.url !== "/v1/chat/completions") {
      response.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "not found" } }));
      return;
    }
    const recorded: RecordedRequest = {
      path: request.url,
      authorization: request.headers.authorization,
      body: chatCompletionRequestSchema.parse(JSON.parse(raw)),
    };
    requests.push(recorded);
    const planned = reply(recorded);
    if ("hang" in planned) {
      hanging.add(response);
      return;
    }
    if ("status" in planned) {
      response.writeHead(planned.status, { "content-type": "application/json" });
      response.end(JSON.stringify({ error: { message: "the fake model failed", type: "server_error" } }));
      return;
    }
    if (planned.delayMs) await new Promise((resolve) => setTimeout(resolve, planned.delayMs));
    const base = { id: "chatcmpl-fake", created: 0, model: recorded.body.model };
    if (!recorded.body.stream) {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(
        JSON.stringify({
          ...base,
          object: "chat.completion",
          choices: [{ index: 0, message: { role: "assistant", content: planned.text }, finish_reason: "stop" }],
        }),
      );
      return;
    }
    response.writeHead(200, { "content-type": "text/event-stream" });
    const size = planned.chunkSize ?? 4;
    const send = (delta: object, finish: string | null) =>
      response.write(`data: ${JSON.stringify({ ...base, object: "chat.completion.chunk", choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`);
    send({ role: "assistant", content: "" }, null);
    for (let start = 0; start < planned.text.length; start += size) send({ content: planned.text.slice(start, start + size) }, null);
    send({}, "stop");
    response.end("data: [DONE]\n\n");
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: String(error) } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    /** Sets how the following requests are answered. */
    replyWith(next: (request: RecordedRequest) => FakeReply) {
      reply = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of hanging) response.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
