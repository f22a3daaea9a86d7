import { TEMPLATE_VARIABLES } from '@newsdesk/shared';

export interface TemplateValues {
  'journalist.name': string | null;
  'ticket.reference': string;
  'ticket.deadline': string | null;
  'officer.name': string | null;
}

/** Markdown and HTML specials are escaped, line breaks flattened: a value is always plain text. */
export function markdownText(value: string): string {
  return value
    // oxlint-disable-next-line no-control-regex -- control characters are what we strip
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/([\\`*_{}[\]()#+\-.!|~])/g, '\\$1');
}

/**
 * Fills `{{variable}}` placeholders in a Markdown template. Values (which may come from a
 * journalist's own mail) are escaped, so they can neither add markup nor break a line.
 * Unknown placeholders are left visible so an editor notices them.
 */
export function renderTemplate(body: string, values: TemplateValues): string {
  return body.replace(/\{\{\s*([a-z.]+)\s*\}\}/g, (placeholder, name: string) => {
    if (!(TEMPLATE_VARIABLES as readonly string[]).includes(name)) return placeholder;
    const value = values[name as keyof TemplateValues];
    return value ? markdownText(value) : '';
  });
}
