import { TEMPLATE_VARIABLES, type TemplateVariable } from './messages.js';

/** What each `{{variable}}` is filled with; null or empty leaves the placeholder empty. */
export type TemplateValues = Record<TemplateVariable, string | null>;

/**
 * The kind of text a filled template becomes, which decides how values are escaped:
 * `markdown` (template bodies, the composer and the server both fill Markdown source),
 * `html` (markup) or `text` (plain text, nothing is markup).
 */
export type TemplateOutput = 'markdown' | 'html' | 'text';

const PLACEHOLDER = /\{\{\s*([a-z.]+)\s*\}\}/g;

/** A value is always one line: control characters (line breaks included) become a space. */
function oneLine(value: string): string {
  // oxlint-disable-next-line no-control-regex -- control characters are what we strip
  return value.replace(/[\u0000-\u001f\u007f]+/g, ' ');
}

/** HTML specials escaped: the value reads as text inside markup or a quoted attribute. */
export function htmlText(value: string): string {
  return oneLine(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * Markdown and HTML made inert, line breaks flattened: the value renders as its own text. Only what
 * would act is escaped (tags, entities, emphasis, links, autolinks, a block marker at the start), so the
 * officer's draft keeps "ND-1042", "J. Smith" and "Smith & Jones" as typed.
 */
export function markdownText(value: string): string {
  return (
    oneLine(value)
      .replace(/&(?=#?[a-z0-9]+;)/gi, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/[\\`*_[\]|~@]/g, '\\$&')
      // A bare URL, www. address or mail address would become a live link.
      .replace(/:\/\//g, '\\://')
      .replace(/\bwww\./gi, (www) => `${www.slice(0, 3)}\\.`)
      // A value put at the start of a line must not open a heading, list, quote or rule.
      .replace(/^(\s*)([#+=-])/, '$1\\$2')
      .replace(/^(\s*\d+)([.)])/, '$1\\$2')
  );
}

const ESCAPE: Record<TemplateOutput, (value: string) => string> = { markdown: markdownText, html: htmlText, text: oneLine };

/**
 * Fills `{{variable}}` placeholders in one pass, so a value that itself contains `{{…}}` is never
 * expanded. Values (which may come from a journalist's own mail) are escaped for the output kind.
 * Unknown placeholders are left visible so an editor notices them; a missing value leaves nothing.
 */
export function fillTemplate(body: string, values: TemplateValues, output: TemplateOutput): string {
  const escape = ESCAPE[output];
  return body.replace(PLACEHOLDER, (placeholder, name: string) => {
    if (!(TEMPLATE_VARIABLES as readonly string[]).includes(name)) return placeholder;
    const value = values[name as TemplateVariable];
    return value ? escape(value) : '';
  });
}
