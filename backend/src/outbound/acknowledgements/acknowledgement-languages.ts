import { escapeHtml } from '../mail-text.js';
import { markdownText } from '@newsdesk/shared';
import type { AcknowledgementLanguage } from './acknowledgement-language.js';
import { english } from './en.js';
import { french } from './fr.js';

/** Every language we write in; the first is the fallback. Adding a language = adding its file here. */
export const ACKNOWLEDGEMENT_LANGUAGES: readonly AcknowledgementLanguage[] = [english, french];

const STOP_WORDS = ACKNOWLEDGEMENT_LANGUAGES.map((language) => ({ language, words: new Set(language.stopWords) }));

/**
 * The language an inquiry is written in, by counting each language's frequent words (the first
 * 2,000 characters are enough); English when the text is too short or no language clearly leads.
 */
export function detectLanguage(text: string | null | undefined): AcknowledgementLanguage {
  const words = (text ?? '').slice(0, 2000).toLowerCase().split(/[^\p{L}]+/u).filter(Boolean);
  const scores = STOP_WORDS.map(({ language, words: known }) => ({ language, score: words.filter((word) => known.has(word)).length }))
    .sort((a, b) => b.score - a.score);
  const [best, next] = scores;
  return best && best.score >= 2 && best.score > (next?.score ?? 0) ? best.language : ACKNOWLEDGEMENT_LANGUAGES[0];
}

export function languageByCode(code: string | null | undefined): AcknowledgementLanguage {
  return ACKNOWLEDGEMENT_LANGUAGES.find((language) => language.code === code) ?? ACKNOWLEDGEMENT_LANGUAGES[0];
}

/** "Élodie Martin" → Élodie, "Martin, Élodie" → Élodie; null for an address or anything not a name. */
export function firstName(displayName: string | null | undefined): string | null {
  // oxlint-disable-next-line no-control-regex -- control characters are what we strip
  const name = (displayName ?? '').replace(/[\u0000-\u001f\u007f"]+/g, ' ').trim();
  if (!name || name.includes('@')) return null;
  const given = name.includes(',') ? name.slice(name.indexOf(',') + 1).trim() : name;
  const first = given.split(/\s+/)[0] ?? '';
  return /^\p{L}[\p{L}\p{M}'’-]{0,39}$/u.test(first) ? first : null;
}

/**
 * Each greeting by this name's first name in every language, as written in text, HTML and Markdown,
 * with its nameless form: erasure swaps one for the other (a bare first name is too short to cut safely).
 */
export function greetingRedactions(displayName: string | null | undefined): [string, string][] {
  const first = firstName(displayName);
  if (!first) return [];
  return ACKNOWLEDGEMENT_LANGUAGES.flatMap((language) => {
    const named = language.greeting(first);
    const nameless = language.greeting(null);
    return [
      [named, nameless],
      [escapeHtml(named), escapeHtml(nameless)],
      [markdownText(named), nameless],
    ] as [string, string][];
  }).filter(([named, nameless], index, all) => named !== nameless && all.findIndex(([other]) => other === named) === index);
}
