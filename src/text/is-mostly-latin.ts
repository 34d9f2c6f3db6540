/** Whether most of the text's non-space characters are Latin letters: an English question (bge-small-zh reads it poorly). */
export function isMostlyLatin(text: string): boolean {
  return (text.match(/[A-Za-z]/g) ?? []).length > text.replace(/\s/g, "").length / 2;
}
