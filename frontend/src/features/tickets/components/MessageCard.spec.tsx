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
    expect(badge).toHaveClass('sender-auth', `sender-auth--${status}`);
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
    expect(warning).toHaveClass('notice', 'notice--warning');
    expect(warning).toHaveTextContent(`This mail claims to come from kim@loose.example, but nothing proves it (${reason})`);
    expect(screen.queryByRole('list', { name: 'Flags' })).toBeNull();
  });
});
