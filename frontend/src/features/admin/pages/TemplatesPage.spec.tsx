import type { TemplateDto } from '@newsdesk/shared';
import { screen, within } from '@testing-library/react';
import { buildSession, buildUser } from '../../../test/factories';
import { stubFetch } from '../../../test/fetch-stub';
import { renderApp } from '../../../test/render-app';

const acknowledgement: TemplateDto = {
  id: '30000000-0000-4000-8000-000000000001',
  kind: 'acknowledgement',
  name: 'Standard acknowledgement',
  body: 'Dear {{journalist.name}},\n\nYour reference is **{{ticket.reference}}**.',
  previewHtml: '<p>Dear Élodie Martin,</p><p>Your reference is <strong>ND-1001</strong>.</p>',
  language: null,
  active: true,
  updatedAt: '2025-01-01T09:00:00.000Z',
};

describe('TemplatesPage', () => {
  it('previews each template rendered with sample values, keeping the Markdown source folded away', async () => {
    const user = buildUser({ role: 'manager' });
    stubFetch({
      'GET /api/auth/session': { status: 200, body: buildSession({ user }) },
      'GET /api/tickets': { status: 200, body: { items: [], nextCursor: null } },
      'GET /api/templates': { status: 200, body: [acknowledgement] },
    });
    renderApp('/admin/templates');

    const preview = await screen.findByLabelText('Preview of Standard acknowledgement');
    const srcdoc = within(preview).getByTitle('Preview of Standard acknowledgement with sample values').getAttribute('srcdoc');
    expect(srcdoc).toContain('Your reference is <strong>ND-1001</strong>.');
    expect(srcdoc).not.toContain('**');
    const source = screen.getByText('Markdown source').closest('details')!;
    expect(source).not.toHaveAttribute('open');
  });

  it('previews the text being edited, rendered by the server, before it is saved', async () => {
    const user = buildUser({ role: 'manager' });
    const { requests } = stubFetch({
      'GET /api/auth/session': { status: 200, body: buildSession({ user, csrfToken: 'csrf-templates' }) },
      'GET /api/tickets': { status: 200, body: { items: [], nextCursor: null } },
      'GET /api/templates': { status: 200, body: [acknowledgement] },
      'POST /api/templates/preview': { status: 200, body: { html: '<p>We are on it, <em>Élodie Martin</em>.</p>' } },
    });
    const { user: person } = renderApp('/admin/templates');

    await person.click(await screen.findByRole('button', { name: 'Edit Standard acknowledgement' }));
    const text = screen.getByLabelText('Text (Markdown)');
    await person.clear(text);
    await person.type(text, 'We are on it, _{{{{journalist.name}}_.');
    await person.click(screen.getByRole('button', { name: 'Preview' }));

    const frame = await screen.findByTitle('Preview of the text being edited, with sample values');
    expect(frame.getAttribute('srcdoc')).toContain('<em>Élodie Martin</em>');
    const sent = requests.find((request) => request.url.endsWith('/api/templates/preview'));
    expect(await sent?.json()).toEqual({ body: 'We are on it, _{{journalist.name}}_.' });
    expect(sent?.headers.get('x-csrf-token')).toBe('csrf-templates');

    await person.type(text, ' More.');
    expect(screen.queryByTitle('Preview of the text being edited, with sample values')).toBeNull();
  });
});
