/** One language of the acknowledgement and greetings: add a file like en.ts and list it in acknowledgement-languages.ts. */
export interface AcknowledgementLanguage {
  /** ISO 639-1 code. */
  code: string;
  /** Frequent short words of the language, lowercase: the detector counts them in the inquiry. */
  stopWords: readonly string[];
  /** The salutation line, by first name when one is known. */
  greeting(firstName: string | null): string;
  /** The acknowledgement's paragraphs after the greeting; `reference` is written as the subject carries it. */
  acknowledgement(input: { reference: string; deadlineGiven: boolean }): string[];
}
