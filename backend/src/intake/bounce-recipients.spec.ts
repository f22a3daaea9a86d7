import { bouncedRecipients } from './bounce-recipients.js';

describe('bouncedRecipients', () => {
  it('reads Final-Recipient and Original-Recipient, with or without the address type, folded or not', () => {
    const dsn = Buffer.from(
      ['Reporting-MTA: dns; mx.example', '', 'Final-Recipient: rfc822;', ' <Kim@Herald.example>', 'Original-Recipient: rfc822; kim.alias@herald.example', 'Final-Recipient: other@x.example', ''].join('\r\n'),
    );
    expect(bouncedRecipients(dsn).sort()).toEqual(['kim.alias@herald.example', 'kim@herald.example', 'other@x.example']);
  });

  it('reads X-Failed-Recipients and finds nothing in a report without recipients', () => {
    expect(bouncedRecipients(Buffer.from('X-Failed-Recipients: a@x.example, <b@y.example>\r\nSubject: failed\r\n\r\nbody'))).toEqual(['a@x.example', 'b@y.example']);
    expect(bouncedRecipients(Buffer.from('Subject: Undelivered\r\n\r\nYour mail to kim@herald.example failed.'))).toEqual([]);
  });
});
