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
});
