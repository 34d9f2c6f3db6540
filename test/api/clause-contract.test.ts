import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { chatResponseSchema, citationSchema } from "../../src/answer/chat-schemas.js";
import { clauseViewSchema } from "../../src/server/clause-view.js";
import type { RunningServer } from "../../src/server/start-server.js";
import { prepareTestIndex } from "../support/test-index.js";
import { startTestServer } from "../support/test-store.js";

/**
 * The clause contract other tools read: every clause and citation carries
 * units (leads first), leadUnits, supportUnits, deadline and unitText, and
 * responsible units are the units neither leading nor supporting.
 */
let server: RunningServer;
beforeAll(async () => {
  const { config } = await prepareTestIndex();
  server = await startTestServer({ config, port: 0, app: { webConsole: false } });
});
afterAll(async () => {
  await server?.close();
});

const documentClausesSchema = z.object({ document: z.object({ id: z.string() }).passthrough(), clauses: z.array(clauseViewSchema.strict()) });

async function clausesOf(docId: string) {
  const response = await fetch(`${server.url}/api/documents/${docId}/clauses`);
  expect(response.status).toBe(200);
  return documentClausesSchema.parse(await response.json()).clauses;
}

async function ask(question: string) {
  const response = await fetch(`${server.url}/api/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ question }) });
  expect(response.status).toBe(200);
  return chatResponseSchema.parse(await response.json());
}

describe("GET /api/documents/:id/clauses", () => {
  it("gives every clause its units by role, its deadline and its unit block as written", async () => {
    const clauses = await clausesOf("snd-2021");
    const six = clauses.find((clause) => clause.path === "三、（一）6");
    expect(six?.leadUnits).toEqual(["区行政审批局", "区住建局", "区资规分局"]);
    expect(six?.supportUnits).toEqual(["区城管局", "区市场监管局", "区生态环境局"]);
    expect(six?.units).toEqual([...six!.leadUnits, ...six!.supportUnits]);
    expect(six?.unitText).toBe("(区行政审批局、区住建局、区资规分局牵头,区城管局、区市场监管局、区生态环境局按职责分工负责)");
    expect(clauses.find((clause) => clause.path === "三、（三）24")?.deadline).toBe("2021年底前");
    for (const clause of clauses) {
      expect(clause.units.slice(0, clause.leadUnits.length)).toEqual(clause.leadUnits);
      for (const unit of clause.supportUnits) expect(clause.units).toContain(unit);
    }
  });

  it("carries the Simplified text of a Traditional document", async () => {
    const clauses = await clausesOf("jiading-2023");
    expect(clauses.some((clause) => clause.textSimplified?.includes("营商环境"))).toBe(true);
    expect((await clausesOf("sip-2021")).every((clause) => clause.textSimplified === null)).toBe(true);
  });
});

describe("citations and answers", () => {
  it("cite the lead and support units and name them so in one line", async () => {
    const response = await ask("高新区加速重点项目落地开工是哪个部门牵头？");
    const citation = z.array(citationSchema.strict()).parse(response.citations).find((cited) => cited.path === "三、（一）6");
    expect(citation?.leadUnits).toEqual(["区行政审批局", "区住建局", "区资规分局"]);
    expect(citation?.supportUnits).toEqual(["区城管局", "区市场监管局", "区生态环境局"]);
    expect(response.answer).toContain("牵头单位：区行政审批局、区住建局、区资规分局；配合单位：区城管局、区市场监管局、区生态环境局");
  });

  it("say a clause names no unit, not the document, where the document names units elsewhere", async () => {
    const response = await ask("园区2021年优化营商环境的总体要求是什么？");
    const cited = response.citations.find((citation) => citation.docId === "sip-2021" && citation.units.length === 0);
    expect(cited).toBeDefined();
    expect(response.answer).toContain("该条未列明责任单位");
    expect(response.answer).not.toContain("该文件未列明责任单位");
  });
});
