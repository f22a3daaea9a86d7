import { compile, type HtmlToTextOptions } from 'html-to-text';
import { marked } from 'marked';
import { sanitiseMailHtml } from '../intake/html-sanitiser.js';

const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } }));

// Mail clients wrap (and format=flowed rewraps) themselves: no hard wrap, headings as written, links as "text <url>".
const OPTIONS: HtmlToTextOptions = {
  wordwrap: false,
  selectors: [
    ...HEADINGS,
    { selector: 'a', options: { linkBrackets: ['<', '>'], hideLinkIfSameAsText: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'table', options: { uppercaseHeaderCells: false } },
  ],
};

// Compiled once: convert() compiles its selectors on every call, which cost more than converting a reply.
const toText = compile(OPTIONS);

/** The plain-text part of a mail, read from its rendered HTML: readable text, never Markdown source. */
export function mailText(html: string): string {
  return toText(html).replace(/\n{3,}/g, '\n\n').trim();
}

/** Text as HTML paragraphs: one per blank-line-separated block, line breaks kept, everything escaped. */
export function paragraphsHtml(paragraphs: string[]): string {
  return paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`).join('\n');
}

/**
 * mailText(paragraphsHtml(paragraphs)) without rendering and reading back the HTML, for paragraphs html-to-text
 * prints as written (no whitespace it would collapse or trim, no empty line); null for any other text.
 */
export function paragraphsText(paragraphs: string[]): string | null {
  const asWritten = paragraphs.every((paragraph) => paragraph.split('\n').every((line) => line !== '' && !/^\s|\s$|\s\s|[^\S ]|\u200b/u.test(line)));
  return asWritten ? paragraphs.join('\n\n') : null;
}

export function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Markdown as the sanitised HTML a mail carries. */
export function markdownHtml(markdown: string): string {
  return sanitiseMailHtml(marked.parse(markdown, { async: false, gfm: true, breaks: true }) as string, { cidUrls: new Map() }).html;
}
