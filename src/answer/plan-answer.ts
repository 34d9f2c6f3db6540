import type { QueryUnderstanding, RetrievedClause } from "../retrieval/retriever.js";
import type { WordSegmenter } from "../text/segment-words.js";
import type { AnswerLexicon, FactKind } from "./answer-lexicon.js";
import { topicOfGap } from "./gap-topic.js";
import type { QuestionIntent } from "./question-intent.js";
import { byRelevance, focusSentence, overlapScore, repeatsQuoted, scoreSentences, type QueryWords, type ScoredSentence } from "./quote-sentences.js";

/** A clause the answer quotes: its `[n]`, the clause, and the sentences quoted from it. */
export interface QuotedClause {
  ref: number;
  retrieved: RetrievedClause;
  sentences: string[];
}

/** What a gap reply says is missing: the kind of fact, and what the question was about (from its own words). */
export interface AnswerGap {
  kind: FactKind;
  /** The longest stretch of the question the lead clause also says (注销, 出口退税); null when none. */
  topic: string | null;
}

/**
 * What an extractive answer says, before it is put into words (Chinese or
 * English): which clauses lead, which support, which are only named, and
 * whether the answer is a gap (文件没有规定…).
 */
export interface AnswerPlan {
  /** direct: one lead clause; cross: one lead per named region; duties: a unit's measures. */
  shape: "direct" | "cross" | "duties";
  leads: QuotedClause[];
  /** At most two more measures, one sentence each. */
  supporting: QuotedClause[];
  /** Further citations, by title only. */
  further: { ref: number; retrieved: RetrievedClause }[];
  /** Set when no cited sentence holds the fact the question asks for. */
  gap: AnswerGap | null;
  /** The question asks who is responsible: the units lead. */
  unitsFirst: boolean;
  /** The question asks by when the measure is done: its 完成时限 follows its units. */
  statesDeadline: boolean;
  /** For a duties list, the units it is about. */
  dutyUnits: string[];
}

/**
 * Supporting measures and further titles must score at least this share of the best clause. With the
 * sentence vectors in the fusion the fused scores of the top candidates lie closer together, so the
 * shares are higher than before (0.7 / 0.5 gave medians of 255–300 characters; 0.85 / 0.7 gives
 * 163–188 on the three tuning sets with the same unit and fact recall).
 */
const SUPPORTING_SCORE = 0.85;
const FURTHER_SCORE = 0.7;
const MAX_SUPPORTING = 2;
const MAX_FURTHER = 2;
const MAX_DUTIES = 8;
/** A duties list quotes a shorter stretch of each measure: it lists many. */
const DUTY_QUOTE = 60;
/** A place named in a cross-document question must have a clause among this many best ones. */
const CROSS_RANKS = 3;
/** A lead sentence this short gets the next best sentence of its clause beside it; one stating the asked fact, only if shorter still. */
const SHORT_LEAD = 30;
const SHORT_FACT_LEAD = 15;
/** A second lead sentence that mentions this share of what the first does joins it, if both stay this short together. */
const SECOND_LEAD_OVERLAP = 0.5;
const TWO_LEADS_LENGTH = 150;
/** A sentence holding the asked fact answers only if it mentions this share of what its clause's best sentence does. */
const RELEVANT_FACT_OVERLAP = 0.5;
/** …and this share of the question's topic, words weighed by rarity, that the best sentence of any cited clause mentions. */
const RELEVANT_FACT_TOPIC = 0.5;

/** What planning needs besides the retrieved clauses. */
export interface PlanInput {
  /** The question as asked (its own words weigh most when sentences are chosen). */
  question: string;
  /** The previous question of the conversation, which an elliptical follow-up is about. */
  previousQuestion?: string;
  understanding: QueryUnderstanding;
  clauses: readonly RetrievedClause[];
  intent: QuestionIntent;
  segmenter: WordSegmenter;
  lexicon: AnswerLexicon;
  /** Regions the question names (two or more make a cross-document answer). */
  namedRegions: readonly string[];
  /** How rare a word is in the corpus (idf), when the index knows: a fact must be stated about the question's rarer words. */
  termRarity?: (token: string) => number | null;
}

interface Candidate {
  ref: number;
  retrieved: RetrievedClause;
  sentences: ScoredSentence[];
}

/** The words quoted sentences are matched on: the search query's tokens of two or more characters, the question's own marked. */
export function queryWordsOf(question: string, understanding: QueryUnderstanding, segmenter: WordSegmenter): QueryWords {
  const long = (tokens: string[]) => tokens.filter((token) => token.length >= 2);
  const own = new Set(long(segmenter.tokens(question)));
  return { tokens: [...new Set([...long(segmenter.tokens(understanding.searchQuery)), ...own])], own };
}

function leadSentences(candidate: Candidate, relevant: (sentence: ScoredSentence) => boolean): string[] {
  const ranked = [...candidate.sentences].sort(byRelevance);
  const first = ranked.find(relevant) ?? ranked[0];
  if (!first) return [];
  const chosen = [first];
  // A short lead (a slogan-like first sentence) says little alone; a second one about the question as much adds to it.
  // A sentence stating the asked fact answers by itself, unless it is a bare fragment (比例达到70%以上；).
  const second = ranked.find((sentence) => sentence !== first && sentence.overlap > 0);
  const addsToIt = second && second.overlap >= first.overlap * SECOND_LEAD_OVERLAP && first.text.length + second.text.length <= TWO_LEADS_LENGTH;
  const needsMore = first.holdsAskedFact ? first.text.length < SHORT_FACT_LEAD : first.text.length < SHORT_LEAD || addsToIt;
  if (second && needsMore) chosen.push(second);
  return chosen.sort((left, right) => left.index - right.index).map((sentence) => sentence.text);
}

/** What the planning steps share: the question's words, the scored candidates, and what counts as stating the asked fact. */
interface Planning {
  input: PlanInput;
  words: QueryWords;
  candidates: Candidate[];
  /** The best clause's fused score. */
  best: number;
  asksFact: boolean;
  /** Cuts a long sentence to the stretch about the question. */
  focus: (text: string) => string;
  relevantFact: (sentence: ScoredSentence, candidate: Candidate) => boolean;
  holdsFact: (candidate: Candidate) => boolean;
}

function planning(input: PlanInput): Planning {
  const { understanding, clauses, intent, segmenter, lexicon } = input;
  const words = queryWordsOf(input.question, understanding, segmenter);
  const candidates: Candidate[] = clauses.map((retrieved, index) => ({
    ref: index + 1,
    retrieved,
    sentences: scoreSentences(retrieved.clause, words, intent.factKinds, lexicon),
  }));
  // A fact sentence counts only if it is about the question: it shares a word with it (or is all its clause says).
  // Of a long clause, only a sentence about the question as much as its best one: the 1% of 担保费率 does not answer 贴息.
  // And only one about the question's topic as much as the best cited sentence, rare words weighing most: the 68个工作日
  // of 建设工程许可 does not answer how long a 外国人工作许可证 takes, though both say 许可证.
  const topic = topicWeigher(input, words);
  const bestTopic = topic ? Math.max(0, ...candidates.flatMap((candidate) => candidate.sentences.map((sentence) => topic(sentence.text)))) : 0;
  const relevantFact = (sentence: ScoredSentence, candidate: Candidate) => {
    if (!sentence.holdsAskedFact) return false;
    if (topic && bestTopic > 0 && topic(sentence.text) < bestTopic * RELEVANT_FACT_TOPIC) return false;
    if (candidate.sentences.length <= 2) return true;
    const most = Math.max(...candidate.sentences.map((other) => other.overlap));
    return sentence.overlap > 0 && sentence.overlap >= most * RELEVANT_FACT_OVERLAP;
  };
  return {
    input,
    words,
    candidates,
    best: clauses[0]?.score ?? 0,
    asksFact: intent.factKinds.length > 0,
    focus: (text) => focusSentence(text, words, intent.factKinds, lexicon),
    relevantFact,
    holdsFact: (candidate) => candidate.sentences.some((sentence) => relevantFact(sentence, candidate)),
  };
}

/**
 * What a text shares with the question's topic: each query word it holds, by length (at most 4, the question's own
 * words thrice) and by rarity in the corpus. The words of the asked fact (工作日, 比例) are no topic, nor the places
 * the question names (a filter: measures seldom repeat their district's name). Null when the index gives no rarity,
 * and for English questions, whose words reach the clauses only through the glossary.
 */
function topicWeigher(input: PlanInput, words: QueryWords): ((text: string) => number) | null {
  const { termRarity, intent, lexicon, namedRegions, understanding } = input;
  if (!termRarity || intent.factKinds.length === 0 || understanding.language === "en") return null;
  const cues = lexicon.questionCues.filter((entry) => (intent.factKinds as readonly string[]).includes(entry.kind)).flatMap((entry) => entry.cues);
  const topicWords: QueryWords = {
    tokens: words.tokens.filter((token) => !cues.some((cue) => cue.includes(token)) && !namedRegions.some((region) => region.includes(token))),
    own: words.own,
  };
  const rarity = (token: string) => termRarity(token) ?? 1;
  const cache = new Map<string, number>();
  return (text) => {
    let score = cache.get(text);
    if (score === undefined) cache.set(text, (score = overlapScore(text, topicWords, rarity)));
    return score;
  };
}

function basePlan(input: PlanInput): Pick<AnswerPlan, "unitsFirst" | "statesDeadline" | "dutyUnits" | "gap"> {
  return { unitsFirst: input.understanding.asksForUnit, statesDeadline: input.intent.kinds.includes("deadline"), dutyUnits: [], gap: null };
}

/** A unit's duties: its measures, one short sentence each. */
function planDuties(plan: Planning): AnswerPlan {
  const { input, words, candidates } = plan;
  const cited = new Set(input.clauses.flatMap((retrieved) => retrieved.clause.units));
  const brief = (text: string) => focusSentence(text, words, input.intent.factKinds, input.lexicon, DUTY_QUOTE);
  const leads = candidates.slice(0, MAX_DUTIES).map((candidate) => ({ ...candidate, sentences: leadSentences(candidate, () => true).slice(0, 1).map(brief) }));
  return { ...basePlan(input), shape: "duties", leads, supporting: [], further: [], dutyUnits: input.understanding.units.filter((unit) => cited.has(unit)) };
}

/** A question naming two places compares them, if retrieval found both among its best clauses: one lead per place. */
function planCross(plan: Planning): AnswerPlan | null {
  const { input, candidates, asksFact, relevantFact, holdsFact, focus } = plan;
  const regions = input.namedRegions.filter((region) => candidates.slice(0, CROSS_RANKS).some((candidate) => candidate.retrieved.clause.region === region));
  if (regions.length < 2) return null;
  const leads: QuotedClause[] = [];
  for (const region of regions) {
    const inRegion = candidates.filter((candidate) => candidate.retrieved.clause.region === region);
    const lead = (asksFact ? inRegion.find(holdsFact) : undefined) ?? inRegion[0];
    if (lead) leads.push({ ref: lead.ref, retrieved: lead.retrieved, sentences: leadSentences(lead, (sentence) => relevantFact(sentence, lead) || !asksFact).map(focus) });
  }
  if (leads.length < 2) return null;
  const anyFact = !asksFact || leads.some((lead) => holdsFact(candidates[lead.ref - 1]!));
  const used = new Set(leads.map((lead) => lead.ref));
  return { ...basePlan(input), shape: "cross", leads, supporting: [], further: furtherTitles(candidates, used, plan.best), gap: anyFact ? null : gapOf(input, leads[0]!) };
}

/** One lead (the best clause stating the asked fact, else the best measure), up to two supporting measures, further titles. */
function planDirect(plan: Planning): AnswerPlan {
  const { input, candidates, best, asksFact, relevantFact, holdsFact, focus } = plan;
  // A general section (前言, 总体要求) states aims, not measures: a measure scoring near it leads instead.
  const quotable = candidates
    .filter((candidate, index) => index === 0 || candidate.retrieved.score >= best * SUPPORTING_SCORE)
    .sort((left, right) => Number(left.retrieved.clause.kind === "general") - Number(right.retrieved.clause.kind === "general") || left.ref - right.ref);
  const factLead = asksFact ? quotable.find(holdsFact) : undefined;
  const leadCandidate = factLead ?? quotable[0]!;
  const lead: QuotedClause = {
    ref: leadCandidate.ref,
    retrieved: leadCandidate.retrieved,
    sentences: leadSentences(leadCandidate, (sentence) => (factLead ? relevantFact(sentence, leadCandidate) : true)).map(focus),
  };
  const quoted = [...lead.sentences];
  const supporting: QuotedClause[] = [];
  for (const candidate of quotable) {
    if (candidate === leadCandidate || supporting.length >= MAX_SUPPORTING) continue;
    const sentence = [...candidate.sentences].sort(byRelevance).find((scored) => scored.overlap > 0 || scored.holdsAskedFact);
    if (!sentence) continue;
    const text = focus(sentence.text);
    if (repeatsQuoted(text, quoted)) continue;
    quoted.push(text);
    supporting.push({ ref: candidate.ref, retrieved: candidate.retrieved, sentences: [text] });
  }
  const used = new Set([lead.ref, ...supporting.map((entry) => entry.ref)]);
  return {
    ...basePlan(input),
    shape: "direct",
    leads: [lead],
    supporting,
    further: furtherTitles(candidates, used, best),
    gap: asksFact && !factLead ? gapOf(input, lead) : null,
  };
}

/**
 * Plans an extractive answer from the retrieved clauses (rank order, `[n]` =
 * rank): the lead is the best clause holding what the question asks for (a
 * time, an amount, materials …); when none does, the plan is a gap and leads
 * with the best clause as the closest measure. Up to two supporting measures
 * follow, one sentence each; further citations are only named. A unit's
 * duties are a list; a question naming two places leads with each place's.
 */
export function planAnswer(input: PlanInput): AnswerPlan {
  const plan = planning(input);
  if (input.understanding.asksForUnitDuties) return planDuties(plan);
  return planCross(plan) ?? planDirect(plan);
}

function gapOf(input: PlanInput, lead: QuotedClause): AnswerGap {
  const clause = lead.retrieved.clause;
  const asked = [input.question, input.previousQuestion].filter((text): text is string => text !== undefined);
  return {
    kind: input.intent.factKinds[0]!,
    topic: input.understanding.language === "en" ? null : topicOfGap(asked, input.understanding.questionTerms, `${clause.title ?? ""}。${clause.text}`, input.lexicon),
  };
}

/** Citations not quoted, that still score near the best, named by title. */
function furtherTitles(candidates: readonly Candidate[], used: ReadonlySet<number>, best: number): { ref: number; retrieved: RetrievedClause }[] {
  return candidates
    .filter((candidate) => !used.has(candidate.ref) && candidate.retrieved.score >= best * FURTHER_SCORE)
    .slice(0, MAX_FURTHER)
    .map(({ ref, retrieved }) => ({ ref, retrieved }));
}
