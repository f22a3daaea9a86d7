import { fillTemplate, type TemplateValues } from '@newsdesk/shared';

// A journalist's name carrying markup, an entity and a placeholder of its own; no deadline known.
const values: TemplateValues = {
  'journalist.name': 'Ann <b>&amp; {{officer.name}}',
  'ticket.reference': 'ND-7',
  'ticket.deadline': null,
  'officer.name': 'Maria',
};
const body = 'Dear {{journalist.name}}, re {{ ticket.reference }} by {{ticket.deadline}}. {{officer.name}} {{ticket.unknown}}';

describe('fillTemplate (the one template filling, shared by the server and the composer)', () => {
  it('fills HTML with markup escaped, never expanding a placeholder inside a value', () => {
    expect(fillTemplate(body, values, 'html')).toBe('Dear Ann &lt;b&gt;&amp;amp; {{officer.name}}, re ND-7 by . Maria {{ticket.unknown}}');
  });

  it('fills plain text with values verbatim, only flattened to one line', () => {
    expect(fillTemplate(body, { ...values, 'officer.name': 'Maria\r\nLopez' }, 'text')).toBe(
      'Dear Ann <b>&amp; {{officer.name}}, re ND-7 by . Maria Lopez {{ticket.unknown}}',
    );
  });

  it('fills Markdown so a value renders as its own text: no markup, no link, no new line', () => {
    const filled = fillTemplate('Hi {{journalist.name}}', { ...values, 'journalist.name': '[x](http://evil.example)\n# <b>&' }, 'markdown');
    expect(filled).toBe('Hi \\[x\\](http\\://evil.example) # &lt;b&gt;&');
  });

  it('escapes only what would act, so a draft keeps ordinary names and references as typed', () => {
    const fill = (value: string) => fillTemplate('{{journalist.name}}', { ...values, 'journalist.name': value }, 'markdown');
    expect(fill('ND-1042, J. Smith & Jones (BBC)')).toBe('ND-1042, J. Smith & Jones (BBC)');
    // At the start of a line a value must not open a list, heading or quote; an entity stays text.
    expect(fill('- 1. # &amp;')).toBe('\\- 1. # &amp;amp;');
    expect(fill('2) www.evil.example a@b.example **x**')).toBe('2\\) www\\.evil.example a\\@b.example \\*\\*x\\*\\*');
  });

  it('leaves an unknown placeholder visible and a missing value empty in every output kind', () => {
    for (const output of ['markdown', 'html', 'text'] as const) {
      expect(fillTemplate('[{{ticket.deadline}}] [{{nope}}]', values, output)).toBe('[] [{{nope}}]');
    }
  });
});
