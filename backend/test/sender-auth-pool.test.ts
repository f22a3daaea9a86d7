import { SenderAuthPool } from '../src/intake/sender-auth-pool.js';
import { DnsTable } from './dns-table.js';
import { compose } from './mail.js';
import { SigningDomain } from './signed-mail.js';

describe('sender authentication off the event loop', () => {
  const dns = new DnsTable().txt('_dmarc.paper.example', 'v=DMARC1; p=reject');
  const paper = new SigningDomain('paper.example', dns);
  const asked: string[] = [];
  const pool = new SenderAuthPool(1, (name, rrtype) => {
    asked.push(`${rrtype} ${name}`);
    return dns.resolver(name, rrtype);
  });
  afterAll(() => pool.close());

  it('checks a 20 MB signed message on a worker thread, asking the main thread for DNS', async () => {
    const line = 'The harbour budget, line by line, as the council published it on Monday.\n';
    const bytes = await paper.sign(await compose({ from: 'jane@paper.example', subject: 'Big attachment', text: line.repeat(Math.ceil((20 * 1024 * 1024) / line.length)) }));

    const verdict = await pool.authenticate(bytes, { ip: '127.0.0.1', helo: 'mail.paper.example', mailFrom: 'jane@paper.example' }, 'newsdesk.test');

    expect(verdict).toMatchObject({ status: 'verified', dmarcPolicy: 'reject', reason: expect.stringContaining('DMARC pass for paper.example') });
    // The worker has no resolver of its own: every DNS question came back to this thread's.
    expect(asked).toEqual(expect.arrayContaining(['TXT _dmarc.paper.example']));
    // How long the event loop stalls meanwhile is measured by `npm run bench -- intake`, not asserted here.
  }, 60_000);

  it('answers "unverified" with the reason when DNS fails, never "failed" (no quarantine for our own outage)', async () => {
    const failing = new SenderAuthPool(1, async () => {
      throw Object.assign(new Error('connection refused'), { code: 'ECONNREFUSED' });
    });
    try {
      const verdict = await failing.authenticate(await paper.sign(await compose({ from: 'jane@paper.example', subject: 'x', text: 'y' })), { ip: '127.0.0.1', helo: null, mailFrom: null }, 'newsdesk.test');
      expect(verdict).toEqual({ status: 'unverified', reason: expect.stringMatching(/^DMARC temperror for paper\.example: DKIM temperror .*ECONNREFUSED/), dmarcPolicy: null });
    } finally {
      await failing.close();
    }
  });
});
