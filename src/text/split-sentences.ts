/**
 * Splits Chinese text into sentences with their closing punctuation. A
 * bracketed block right after a sentence end (a unit block) stays with that
 * sentence, so it is never cut in half.
 */
export function splitSentences(text: string): string[] {
  const sentences = text.match(/[^。；！？\n]+(?:[。；！？]+|$)(?:[（(\[【〔][^）)\]】〕]*(?:[（(][^）)]*[）)][^）)\]】〕]*)*[）)\]】〕][。]?)?/g) ?? [text];
  return sentences.map((sentence) => sentence.trim()).filter((sentence) => sentence.length > 0);
}
