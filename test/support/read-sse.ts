import { z } from "zod";
import { chatResponseSchema, citationSchema } from "../../src/answer/chat-schemas.js";

/** The chat stream's events, parsed and validated by name. */
export type ChatStreamEvent =
  | { event: "citations"; data: { citations: z.infer<typeof citationSchema>[] } }
  | { event: "delta"; data: { text: string } }
  | { event: "done"; data: z.infer<typeof chatResponseSchema> }
  | { event: "error"; data: { error: { code: string; message: string } } };

const payloadSchemas = {
  citations: z.object({ citations: z.array(citationSchema) }),
  delta: z.object({ text: z.string() }),
  done: chatResponseSchema,
  error: z.object({ error: z.object({ code: z.string(), message: z.string() }) }),
};

/** Splits a complete `text/event-stream` body into events; throws on an unknown event or a payload that does not fit. */
export function parseChatStream(body: string): ChatStreamEvent[] {
  return body
    .split("\n\n")
    .filter((block) => block.trim() !== "")
    .map((block) => {
      const lines = block.split("\n");
      const name = lines.find((line) => line.startsWith("event: "))?.slice("event: ".length) ?? "message";
      const data = lines
        .filter((line) => line.startsWith("data: "))
        .map((line) => line.slice("data: ".length))
        .join("\n");
      if (!(name in payloadSchemas)) throw new Error(`unexpected event "${name}"`);
      const schema = payloadSchemas[name as keyof typeof payloadSchemas];
      return { event: name, data: schema.parse(JSON.parse(data)) } as ChatStreamEvent;
    });
}
