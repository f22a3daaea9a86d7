import { fillTemplate as serverFill } from '@newsdesk/shared';
import { fillTemplate } from './template-fill';

describe('composer template filling', () => {
  it('escapes a journalist-supplied name exactly as the server does when it fills the same template', () => {
    const body = 'Dear {{journalist.name}}, about {{ticket.reference}}{{ticket.deadline}} from {{officer.name}}';
    const name = '<img src=x> & [link](http://evil.example) {{officer.name}}';
    const composed = fillTemplate(body, { journalist: { id: 'j1', name, email: 'j@example.org' }, reference: 'ND-7', deadlineAt: null }, 'Maria');
    expect(composed).toBe(serverFill(body, { 'journalist.name': name, 'ticket.reference': 'ND-7', 'ticket.deadline': null, 'officer.name': 'Maria' }, 'markdown'));
    expect(composed).not.toContain('<img');
    // No link syntax survives: every ] is escaped.
    expect(composed).not.toMatch(/[^\\]\]\(/);
    // The name's own {{officer.name}} stays text: Maria appears once, where the template put her.
    expect(composed.match(/Maria/g)).toHaveLength(1);
  });
});
