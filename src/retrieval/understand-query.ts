import type { ChatTurn } from "../answer/chat-schemas.js";
import type { IndexManifest } from "../store/index-manifest.js";
import { isMostlyLatin } from "../text/is-mostly-latin.js";
import { normalizeForSearch } from "../text/normalize.js";
import { corpusPlaces } from "./corpus-places.js";
import type { Lexicon } from "./lexicon.js";
import type { QueryUnderstanding } from "./retriever.js";

/** A lexicon phrase as it is matched: lower-cased, and a latin one as a whole-word pattern. */
interface PhraseMatcher {
  lower: string;
  wholeWord: RegExp | null;
}

/** Each phrase's matcher, made once: the lexicon's phrases are a fixed set, asked about on every question. */
const phraseMatchers = new Map<string, PhraseMatcher>();

function matcherOf(phrase: string): PhraseMatcher {
  let matcher = phraseMatchers.get(phrase);
  if (!matcher) {
    const lower = phrase.toLowerCase();
    matcher = { lower, wholeWord: /^[a-z][a-z '-]*$/.test(lower) ? new RegExp(`\\b${lower}\\b`) : null };
    phraseMatchers.set(phrase, matcher);
  }
  return matcher;
}

/** Whether the text says one of the phrases; a latin phrase only as whole words (`now` is not in `know`). */
function includesAny(text: string, phrases: readonly string[]): boolean {
  const lower = text.toLowerCase();
  return phrases.some((phrase) => {
    const { lower: wanted, wholeWord } = matcherOf(phrase);
    return wholeWord ? wholeWord.test(lower) : lower.includes(wanted);
  });
}

/** Removes instructions aimed at the assistant; what is left is the question, if any. */
export function stripInjection(question: string, lexicon: Lexicon): string {
  let text = question;
  for (const pattern of lexicon.injectionPatterns) text = text.replace(pattern, " ");
  return text.replace(/^[\s，,。.；;：:！!]+/, "").trim();
}

/** How many instructions aimed at the assistant (lexicon/injection-patterns.json) the question carries. */
function injectionCount(question: string, lexicon: Lexicon): number {
  return lexicon.injectionPatterns.reduce((count, pattern) => count + (question.match(pattern)?.length ?? 0), 0);
}

/** Computes a value once per lexicon or manifest object (they are replaced, never mutated): no per-question setup. */
function memoized<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  const cache = new WeakMap<K, V>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) cache.set(key, (value = compute(key)));
    return value;
  };
}

/**
 * The lexicon with the served corpus's places, one object per lexicon and
 * document list: what is memoized on the lexicon (place names, glossary
 * patterns) is then computed once, not on every question's fresh copy.
 */
const withCorpusPlaces = memoized((documents: IndexManifest["documents"]) =>
  memoized((lexicon: Lexicon): Lexicon => ({ ...lexicon, ...corpusPlaces(documents, lexicon) })),
);

/** Every place name with its region, longest first. */
const placeNames = memoized((lexicon: Lexicon) =>
  lexicon.places.flatMap((place) => place.names.map((name) => ({ name, region: place.region }))).sort((a, b) => b.name.length - a.name.length),
);

/** The glossary's English terms as word patterns (plural and hyphen variants). */
const glossaryPatterns = memoized((lexicon: Lexicon) =>
  Object.entries(lexicon.glossary).map(([english, chinese]) => ({ pattern: new RegExp(`\\b${english.replace(/[-]/g, "[- ]?")}s?\\b`, "i"), chinese })),
);

/** Each unit's spellings a caller may use, normalised, longest first. */
const unitSpellings = memoized((manifest: IndexManifest) =>
  // A caller says 资规分局 or 人社局 for 区资规分局 / 区人社局: match the name without its district prefix too.
  manifest.units
    .map((unit) => unit.name)
    .flatMap((name) => [name, name.replace(/^区/, "")].map((spelling) => ({ name, spelling: normalizeForSearch(spelling) })))
    .filter(({ spelling }) => spelling.length >= 3)
    .sort((a, b) => b.spelling.length - a.spelling.length),
);

/** The lexicon's short unit names, normalised. */
const aliasSpellings = memoized((lexicon: Lexicon) => lexicon.unitAliases.map((alias) => ({ units: alias.units, say: alias.say.map(normalizeForSearch) })));

/** Regions the text names, with the place names that matched (longest names first). */
function namedRegions(text: string, lexicon: Lexicon): { regions: string[]; matched: string[] } {
  const lower = text.toLowerCase();
  const regions = new Set<string>();
  const matched: string[] = [];
  const names = placeNames(lexicon);
  let remaining = lower;
  for (const { name, region } of names) {
    // A Latin name only as a whole word (Wuhou, SIP): painting is not 安亭's anting.
    const { lower: needle, wholeWord } = matcherOf(name);
    if (wholeWord ? wholeWord.test(remaining) : remaining.includes(needle)) {
      regions.add(region);
      matched.push(name);
      remaining = wholeWord ? remaining.replace(new RegExp(wholeWord.source, "g"), " ") : remaining.split(needle).join(" ");
    }
  }
  return { regions: [...regions], matched };
}

/** The text with the corpus's place names taken out. */
function withoutPlaceNames(text: string, lexicon: Lexicon): string {
  return namedRegions(text, lexicon).matched.reduce(
    (remaining, name) => {
      const { wholeWord } = matcherOf(name);
      return wholeWord ? remaining.replace(new RegExp(wholeWord.source, "gi"), " ") : remaining.split(name).join(" ");
    },
    text,
  );
}

/** Documents the question points at by place and year; [] when it names neither. */
function namedDocuments(text: string, manifest: IndexManifest, lexicon: Lexicon): string[] {
  const { regions } = namedRegions(text, lexicon);
  const years = [...text.matchAll(/(20\d\d)\s*年?/g)].map((match) => Number(match[1]));
  let documents = manifest.documents;
  if (regions.length > 0) documents = documents.filter((document) => regions.includes(document.region));
  const inYears = documents.filter((document) => years.includes(document.year));
  if (years.length > 0 && inYears.length > 0) documents = inYears;
  return regions.length > 0 || (years.length > 0 && inYears.length > 0) ? documents.map((document) => document.id) : [];
}

/** Terms the synonym list and the English glossary add for what the question says. */
function expansions(text: string, lexicon: Lexicon): string[] {
  const lower = text.toLowerCase();
  const added: string[] = [];
  for (const entry of lexicon.synonyms) if (includesAny(lower, entry.say)) added.push(...entry.means);
  for (const { pattern, chinese } of glossaryPatterns(lexicon)) if (pattern.test(lower)) added.push(chinese);
  return [...new Set(added)];
}

/** Unit names from the dictionary that the text mentions, longest first, without names inside longer ones. */
function namedUnits(text: string, manifest: IndexManifest, lexicon: Lexicon): string[] {
  const spellings = unitSpellings(manifest);
  const found: string[] = [];
  let remaining = text;
  for (const { name, spelling } of spellings) {
    if (remaining.includes(spelling)) {
      found.push(name);
      remaining = remaining.split(spelling).join(" ");
    }
  }
  // Short names (审批局, 人社) count only where no dictionary name already matched.
  const known = new Set(manifest.units.map((unit) => unit.name));
  for (const alias of aliasSpellings(lexicon)) {
    if (alias.say.some((spelling) => remaining.includes(spelling))) found.push(...alias.units.filter((unit) => known.has(unit)));
  }
  // 行政审批局 also means 区行政审批局 when the question names no district: add dictionary names that end with it.
  const widened = found.flatMap((name) => manifest.units.map((unit) => unit.name).filter((other) => other === name || other.endsWith(name)));
  return [...new Set(widened)];
}

/**
 * The question's own topic words: its content words once places, intent
 * words (多少, 哪个部门 …) and words that name no topic of their own are gone —
 * generic policy words (措施, 推进, 重点) and attributes that need an owner
 * (满意率, 比例, 时限: the 满意率 of what?).
 */
function ownTopicTerms(question: string, lexicon: Lexicon, contentTerms: (text: string) => string[]): string[] {
  const { asksForUnit, asksForNumber, genericWords, attributeSuffixes } = lexicon.intents;
  const own = [...asksForUnit, ...asksForNumber].reduce((text, phrase) => text.split(phrase).join(" "), withoutPlaceNames(question, lexicon));
  const generic = new Set(genericWords);
  return contentTerms(own).filter((term) => !generic.has(term) && !attributeSuffixes.some((suffix) => term.endsWith(suffix)));
}

/** A question opening with 那 / 还有 / what about and naming at most this many topic words of its own continues the previous one. */
const MAX_OPENER_TOPIC_TERMS = 3;

/**
 * Whether the question leans on the previous turn: it points back (这个, 该项,
 * 上述 …), is framed 那…呢, opens as a follow-up (那…, 还有…) or asks to expand
 * on the answer (举几个例子, 具体是哪几个) with little topic of its own, or ends in 呢 with
 * little topic of its own (那刻章要自己掏钱吗？ / 注销呢？), or has no topic of
 * its own at all (归谁管？ /
 * 满意率要做到多少？). A question with a topic of its own (护照要什么材料)
 * keeps its own topic, however short, and is never propped up by the previous
 * question's words; it keeps only the conversation's place when it names none.
 */
function isFollowUp(question: string, lexicon: Lexicon, contentTerms: (text: string) => string[]): boolean {
  if (includesAny(question, lexicon.intents.followUpMarkers)) return true;
  const ownTerms = ownTopicTerms(question, lexicon, contentTerms).length;
  if (ownTerms === 0) return true;
  const lower = question.trim().toLowerCase();
  const opens =
    lexicon.intents.followUpOpeners.some((opener) => lower.startsWith(opener.toLowerCase())) ||
    includesAny(lower, lexicon.intents.followUpRequests);
  const endsInNe = /呢[\s\p{P}]*$/u.test(lower);
  if (opens && endsInNe) return true;
  if (opens) return ownTerms <= MAX_OPENER_TOPIC_TERMS;
  return endsInNe && ownTerms <= 1;
}

/** Years the question names that no document of the index is from — of the region it names, when it names one (园区2022年). */
function yearsOutsideCorpus(question: string, manifest: IndexManifest, lexicon: Lexicon): number[] {
  const { regions } = namedRegions(question, lexicon);
  const documents = regions.length > 0 ? manifest.documents.filter((document) => regions.includes(document.region)) : manifest.documents;
  const known = new Set(documents.map((document) => document.year));
  return [...new Set([...question.matchAll(/(20\d\d)\s*年?/g)].map((match) => Number(match[1])))].filter((year) => !known.has(year));
}

/** The out-of-scope class of each out-of-scope word the question says (a latin word only as a whole word). */
function outOfScopeClasses(question: string, lexicon: Lexicon): string[] {
  return Object.entries(lexicon.outOfScope).flatMap(([name, words]) => words.filter((word) => includesAny(question, [word])).map(() => name));
}

/** The out-of-scope class naming requests for the system prompt, keys or configuration. */
const CONFIGURATION_CLASS = "configuration";

/**
 * Whether the question asks for the system prompt, keys or configuration and
 * nothing else: every sentence or clause with content of its own (once
 * instructions to the assistant are gone) is such a request. A policy question beside an
 * injected request is answered; the request itself never is.
 */
function asksOnlyForConfiguration(question: string, lexicon: Lexicon, contentTerms: (text: string) => string[]): boolean {
  const words = lexicon.outOfScope[CONFIGURATION_CLASS] ?? [];
  const sentences = question.split(/[。？！?!；;，,\n]+|\.\s+/u).map((sentence) => sentence.trim()).filter((sentence) => sentence.length > 0);
  const asking = sentences.filter((sentence) => includesAny(sentence, words));
  const other = sentences.filter((sentence) => !includesAny(sentence, words) && contentTerms(stripInjection(sentence, lexicon)).length > 0);
  return asking.length > 0 && other.length === 0;
}

/** Places outside the corpus the question names, unless it also names one of the corpus's places unambiguously. */
function elsewherePlaces(question: string, lexicon: Lexicon): string[] {
  const lower = question.toLowerCase();
  const elsewhere = lexicon.elsewhere.filter((place) => lower.includes(place.toLowerCase()));
  const specific = namedRegions(question, lexicon).matched.filter((name) => !lexicon.ambiguousPlaces.includes(name));
  return specific.length > 0 ? [] : elsewhere;
}

/**
 * Reads a question the way a hotline agent would: which place and year it is
 * about, what the caller's words mean in the documents' words, whether it asks
 * who is responsible or for a number, and — for an elliptical follow-up — what
 * the previous question was about.
 */
export function understandQuery(
  question: string,
  history: readonly ChatTurn[],
  manifest: IndexManifest,
  lexicon: Lexicon,
  contentTerms: (text: string) => string[] = () => [],
  englishTerms: (text: string) => string[] = () => [],
): QueryUnderstanding {
  // Places come from the documents served (every catalog region and its short forms), not from a fixed list.
  lexicon = withCorpusPlaces(manifest.documents)(lexicon);
  const current = normalizeForSearch(stripInjection(question, lexicon));
  const previousQuestion = [...history].reverse().find((turn) => turn.role === "user")?.content;
  let topic = current;
  let docIds = namedDocuments(current, manifest, lexicon);
  const followUp = previousQuestion !== undefined && isFollowUp(current, lexicon, contentTerms);
  if (previousQuestion) {
    const previous = normalizeForSearch(stripInjection(previousQuestion, lexicon));
    // A question in a conversation that names no place is about the conversation's place (a caller
    // asking about their district goes on asking about it), unless it asks about other or all places
    // (别的区呢, 各地); a follow-up also keeps its topic.
    const ownPlace = docIds.length > 0;
    if (!ownPlace && !includesAny(current, lexicon.intents.asksAcrossPlaces)) docIds = namedDocuments(previous, manifest, lexicon);
    if (followUp) topic = ownPlace ? `${withoutPlaceNames(previous, lexicon)} ${current}` : `${previous} ${current}`;
  }
  const topicWithoutPlaces = withoutPlaceNames(topic, lexicon);
  // Place names come off first: in 园区应急管理局 the unit is 应急管理局, not 区应急管理局.
  const units = namedUnits(topicWithoutPlaces, manifest, lexicon);
  // bge-small-zh reads Chinese far better than English: lead with the glossary's Chinese terms.
  const english = isMostlyLatin(topic);
  // The glossary's terms first (hand-checked), then the dictionary's for the words it does not cover.
  const added = [...new Set([...expansions(topic, lexicon), ...(english ? englishTerms(topicWithoutPlaces) : [])])];
  const elsewhere = elsewherePlaces(current, lexicon);
  // Coverage is judged on the question's own topic where it has one: a follow-up's borrowed words are not what it asks.
  const ownTerms = followUp ? ownTopicTerms(current, lexicon, contentTerms) : [];
  return {
    searchQuery: (english ? [...added, topic] : [topic, ...added]).join(" ").trim(),
    docIds,
    units,
    asksForUnit: includesAny(current, lexicon.intents.asksForUnit),
    asksForNumber: includesAny(current, lexicon.intents.asksForNumber),
    asksForUnitDuties: units.length > 0 && includesAny(current, lexicon.intents.asksForUnitDuties),
    elsewhere,
    // The glossary's terms for an English question are too generic (free, department) to check coverage with.
    questionTerms: english ? [] : ownTerms.length > 0 ? ownTerms : contentTerms(topicWithoutPlaces),
    language: english ? "en" : "zh",
    followUp,
    wantsNewest: includesAny(current, lexicon.intents.asksForNewest),
    unknownYears: yearsOutsideCorpus(current, manifest, lexicon),
    outOfScope: outOfScopeClasses(normalizeForSearch(question), lexicon),
    injections: injectionCount(question, lexicon),
    asksForConfiguration: asksOnlyForConfiguration(normalizeForSearch(question), lexicon, contentTerms),
  };
}
