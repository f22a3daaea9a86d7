import type { MessageDto } from '@newsdesk/shared';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import { buildMessage } from '../../../test/factories';
import { MessageCard } from './MessageCard';

describe('MessageCard sender verification', () => {
  it.each([
    ['verified', 'Verified sender', 'DMARC pass for paper.example (DKIM pass for paper.example)'],
    ['unverified', 'Unverified sender', 'no trusted receiving server configured (INTAKE_TRUSTED_AUTHSERV_IDS)'],
    ['failed', 'Sender failed verification', 'DMARC fail for paper.example (p=none): DKIM neutral (body hash did not verify)'],
  ] as const)('shows an inbound message as %s, with the reason on hover and for screen readers', (status, label, reason) => {
    render(<MessageCard message={buildMessage({ senderAuth: { status, reason, dmarcPolicy: null } })} />);

    const badge = screen.getByText(label);
    expect(badge).toHaveClass('senderAuth', `sender-auth--${status}`);
    expect(badge).toHaveAttribute('title', reason);
    expect(badge).toHaveTextContent(`${label}: ${reason}`);
  });

  it('shows no verdict on replies, or on mail received before verdicts were stored', () => {
    render(
      <>
        <MessageCard message={buildMessage({ kind: 'outbound', senderAuth: { status: 'verified', reason: 'ours', dmarcPolicy: null } })} />
        <MessageCard message={buildMessage({ senderAuth: null })} />
      </>,
    );
    expect(screen.queryByText(/sender/i)).toBeNull();
  });

  it("warns visibly when mail claims to be a known journalist's but does not verify, instead of listing a raw flag", () => {
    const reason = 'DMARC fail for loose.example (p=none): DKIM pass for bulkmail.example';
    render(
      <MessageCard
        message={buildMessage({
          from: { name: 'Kim Writer', address: 'kim@loose.example' },
          flags: ['sender_not_verified'],
          senderAuth: { status: 'failed', reason, dmarcPolicy: 'none' },
        })}
      />,
    );

    const warning = screen.getByText('Sender not verified.').closest('p');
    expect(warning).toHaveClass('notice', 'warning');
    expect(warning).toHaveTextContent(`This mail claims to come from kim@loose.example, but nothing proves it (${reason})`);
    expect(screen.queryByRole('list', { name: 'Flags' })).toBeNull();
  });
});

describe('MessageCard replies', () => {
  const sentAt = '2025-01-01T09:01:00.000Z';
  const reply = (delivery: MessageDto['delivery']) =>
    buildMessage({
      kind: 'outbound',
      author: { id: 'u-1', name: 'Maria Lopez' },
      text: 'The bridge reopens on Monday.\n\n-- \nMaria Lopez',
      newText: 'The bridge reopens **on Monday**.',
      html: '<p>The bridge reopens <strong>on Monday</strong>.</p><p>-- <br>Maria Lopez</p>',
      delivery,
    });
  const renderCard = (message: MessageDto) =>
    render(
      <QueryClientProvider client={new QueryClient()}>
        <MessageCard message={message} />
      </QueryClientProvider>,
    );

  it('shows a reply rendered, never its Markdown source, and not folded as quoted history', () => {
    renderCard(reply({ status: 'sent', attempts: 1, response: '250 ok', error: null, sentAt, via: 'smtp', dueAt: null, scheduledFor: null }));

    const frame = screen.getByTitle('Message from Maria Lopez');
    expect(frame.getAttribute('srcdoc')).toContain('<strong>on Monday</strong>');
    expect(screen.queryByText(/\*\*on Monday\*\*/)).toBeNull();
    expect(screen.queryByRole('button', { name: 'Show quoted text' })).toBeNull();
  });

  it('says delivered only when a mail server accepted the reply', () => {
    renderCard(reply({ status: 'sent', attempts: 1, response: '250 2.0.0 queued as 4B2', error: null, sentAt, via: 'smtp', dueAt: null, scheduledFor: null }));
    expect(screen.getByText('Delivered to the mail server')).toHaveAttribute('title', '250 2.0.0 queued as 4B2');
  });

  it('says the reply waits in the local outbox when no mail server is configured', () => {
    renderCard(reply({ status: 'sent', attempts: 1, response: 'written to outbox/x.eml', error: null, sentAt, via: 'outbox', dueAt: null, scheduledFor: null }));
    expect(screen.getByText('Waiting in the local outbox (no mail server configured)')).toHaveClass('delivery--local');
    expect(screen.queryByText(/delivered|^Sent$/i)).toBeNull();
  });
});
