import type { IndexManifest } from "../store/index-manifest.js";
import type { Answerability } from "./answerability.js";

/** Where to ask when the documents do not answer. */
export const WHERE_TO_ASK = "建议拨打 12345 政务服务便民热线，或通过“一企来”企业服务热线/平台咨询相关部门。";
const WHERE_TO_ASK_EN = "Please call the 12345 government service hotline, or ask through the “一企来” enterprise service platform.";

/** The documents being served, as a refusal names them: `《园区2021》《园区2023》…`. */
function documentList(documents: IndexManifest["documents"]): string {
  return documents.map((document) => `《${document.shortName}》`).join("");
}

/** The regions being served: `苏州工业园区、苏州高新区…`. */
function regionList(documents: IndexManifest["documents"], separator = "、"): string {
  return [...new Set(documents.map((document) => document.region))].join(separator);
}

/**
 * The answer text of a refusal: says the documents do not cover it, and where
 * to ask instead — in English for an English question.
 */
export function refusalMessage(
  answerability: Extract<Answerability, { answerable: false }>,
  documents: IndexManifest["documents"],
  language: "zh" | "en" = "zh",
): string {
  if (language === "en") {
    if (answerability.reason === "empty_question") return `企问 answers questions about the business-environment action plans; this request holds no such question. ${WHERE_TO_ASK_EN}`;
    if (answerability.reason === "elsewhere") return `企问 covers the action plans of ${regionList(documents, ", ")} only; the place you ask about is not among them, so 企问 will not guess. ${WHERE_TO_ASK_EN}`;
    return `The action plans 企问 covers (${documentList(documents)}) do not answer this question, so 企问 will not guess. ${WHERE_TO_ASK_EN}`;
  }
  if (answerability.reason === "empty_question") {
    return `企问只回答与营商环境行动方案有关的政策问题，这个请求里没有可以查询的政策问题。请直接描述您想了解的事项，例如“在园区注销公司要多久？”。${WHERE_TO_ASK}`;
  }
  if (answerability.reason === "elsewhere") {
    return `企问收录的是${regionList(documents)}的营商环境行动方案，您问到的地区不在其中，这里不作推测。${WHERE_TO_ASK}`;
  }
  return `抱歉，现有的营商环境行动方案${documentList(documents)}中没有找到能回答这个问题的条款，为避免误导，这里不作推测。${WHERE_TO_ASK}`;
}
