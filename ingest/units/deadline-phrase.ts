import { trimSpan, type Span } from "./brackets.js";
import { unitLexicon } from "./unit-lexicon.js";

let datePhrase: RegExp | undefined;

/** A run of date parts, ranges and their qualifiers: `2024年6月底前`, `三季度`, `2024年至2025年`. */
function datePhraseRegex(): RegExp {
  if (!datePhrase) {
    const { date } = unitLexicon().deadline;
    datePhrase = new RegExp(`^(?:${date.source}|\\d{1,2}日|[至到—~\\-]|底|末|中|初|前|以前|之前|以内|内|上旬|中旬|下旬|期间|每年|每季度|每月|每半年|年|月)+$`);
  }
  return datePhrase;
}

function stripWords(text: string, span: Span, words: readonly string[], where: "start" | "end"): Span {
  let { start, end } = span;
  for (let changed = true; changed; ) {
    changed = false;
    for (const word of words) {
      if (where === "start" && text.startsWith(word, start) && end - start > word.length) {
        start += word.length;
        changed = true;
      } else if (where === "end" && text.slice(start, end).endsWith(word) && end - start > word.length) {
        end -= word.length;
        changed = true;
      }
    }
  }
  return { start, end };
}

/**
 * The deadline a span states, as the span of its date (`2024年6月底前完成` →
 * `2024年6月底前`), or null when the span is not only a deadline. Inside a
 * labelled 完成时限 segment anything goes (`长期坚持`) up to a Latin word, where a
 * translation begins; elsewhere the span must be a date phrase, optionally
 * with 力争/于 before and 完成/到位 after it.
 */
export function deadlineIn(text: string, span: Span, labelled = false): Span | null {
  const { prefixes, suffixes, standing, date } = unitLexicon().deadline;
  // A deadline holds no Latin words: in a bilingual plan they are a translation (Deadline: 30 September 2025), or one run on.
  const whole = trimSpan(text, span);
  const latinAt = labelled ? text.slice(whole.start, whole.end).search(/[A-Za-z]{2,}/) : -1;
  const translated = latinAt !== -1;
  const trimmed = translated ? trimSpan(text, { start: whole.start, end: whole.start + latinAt }) : whole;
  if (trimmed.end <= trimmed.start) return null;
  const core = stripWords(text, stripWords(text, trimmed, prefixes, "start"), suffixes, "end");
  const value = text.slice(core.start, core.end);
  if (datePhraseRegex().test(value) && date.test(value)) return core;
  if (!labelled) return null;
  // A translation cut off leaves only what is a deadline by itself.
  return standing.includes(value) ? core : translated ? null : trimmed;
}

/** `力争` + `2024年6月底前` at the start of a part: the prefix and the date as groups 1 and 2. */
function datedStartSource(): string {
  const { date, prefixes } = unitLexicon().deadline;
  return `^((?:${prefixes.join("|")})?)((?:${date.source}|\\d{1,2}日|底|末|中|初|上旬|中旬|下旬)+(?:前|以前|之前))`;
}

/** The date's span when `pattern` matches the start of `span` (after its prefix), or null; `needsDate`: 底前 alone is none. */
function datedSpan(text: string, span: Span, pattern: RegExp, needsDate = false): Span | null {
  const trimmed = trimSpan(text, span);
  const match = text.slice(trimmed.start, trimmed.end).match(pattern);
  if (!match || (needsDate && !unitLexicon().deadline.date.test(match[2]!))) return null;
  const start = trimmed.start + match[1]!.length;
  return { start, end: start + match[2]!.length };
}

let leadingDeadline: RegExp | undefined;

/**
 * `9月底前完成首批清单编制`, `力争2024年底前实现…`: a sentence part that starts
 * with a date, 前 and a verb of completion states when the measure is due;
 * the span of the date. A date that sets a target (`年底前网上可办率达到95%`,
 * `到2025年，…`) is not a deadline.
 */
export function leadingDeadlineIn(text: string, span: Span): Span | null {
  leadingDeadline ??= new RegExp(`${datedStartSource()}(?:全面|基本|全部|率先)?(?:${unitLexicon().deadline.suffixes.join("|")})`);
  return datedSpan(text, span, leadingDeadline);
}

let datedStart: RegExp | undefined;

/**
 * The part that closes a sentence of roles (`由A牵头，B配合，2025年3月底前公布首批清单`,
 * `…配合，持续推进`): there, whatever follows a date and 前 is the measure's due
 * action, and a standing phrase (长期坚持) is its deadline. The span of the
 * date or phrase, or null. Only for that position: elsewhere a date may set a target.
 */
export function closingDeadlineIn(text: string, span: Span): Span | null {
  datedStart ??= new RegExp(datedStartSource());
  const dated = deadlineIn(text, span) ?? leadingDeadlineIn(text, span) ?? datedSpan(text, span, datedStart, true);
  if (dated) return dated;
  const trimmed = trimSpan(text, span);
  return unitLexicon().deadline.standing.includes(text.slice(trimmed.start, trimmed.end)) ? trimmed : null;
}
