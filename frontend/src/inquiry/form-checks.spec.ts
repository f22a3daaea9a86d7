import { checkInquiry, formatBytes, type InquiryValues } from './form-checks';

const limits = { maxAttachments: 2, maxAttachmentBytes: 1024 * 1024, maxTotalBytes: 1.5 * 1024 * 1024 };

function values(overrides: Partial<InquiryValues> = {}): InquiryValues {
  return {
    name: 'Ada Reporter',
    email: 'ada@paper.example',
    outlet: 'Freelance',
    requestType: 'comment',
    subject: 'The bridge',
    message: 'A question',
    deadlineDate: '',
    deadlineTime: '',
    deadlineTimezone: 'Europe/London',
    attachments: [],
    ...overrides,
  };
}

describe('checkInquiry', () => {
  it('passes a complete inquiry without a deadline', () => {
    expect(checkInquiry(values(), limits)).toEqual({});
  });

  it('treats blank text as missing', () => {
    expect(checkInquiry(values({ name: '   ', message: '\n' }), limits)).toEqual({ name: ['Enter your name'], message: ['Enter your message'] });
  });

  it('wants an email address that looks like one', () => {
    expect(checkInquiry(values({ email: 'ada@paper' }), limits)).toEqual({
      email: ['Enter an email address in the correct format, like name@example.com'],
    });
  });

  it('wants the whole deadline once part of it is given', () => {
    expect(checkInquiry(values({ deadlineTime: '17:00', deadlineTimezone: '' }), limits)).toEqual({
      deadlineDate: ['Enter the deadline date, or leave the whole deadline empty'],
      deadlineTimezone: ['Choose the time zone of your deadline'],
    });
  });

  it('holds attachments to the count, per-file and total limits', () => {
    const file = (name: string, size: number) => ({ name, size });
    expect(checkInquiry(values({ attachments: [file('a', 1), file('b', 1), file('c', 1)] }), limits).attachments).toEqual([
      'Attach at most 2 files (you chose 3)',
    ]);
    expect(checkInquiry(values({ attachments: [file('big.mov', 2 * 1024 * 1024)] }), limits).attachments).toEqual([
      '"big.mov" is too large: each file can be at most 1 MB',
    ]);
    expect(checkInquiry(values({ attachments: [file('a', 900 * 1024), file('b', 900 * 1024)] }), limits).attachments).toEqual([
      'The attachments add up to 1.8 MB; together they can be at most 1.5 MB',
    ]);
  });
});

describe('formatBytes', () => {
  it('speaks in whole KB below a megabyte and in MB above', () => {
    expect(formatBytes(65536)).toBe('64 KB');
    expect(formatBytes(10 * 1024 * 1024)).toBe('10 MB');
    expect(formatBytes(1.25 * 1024 * 1024)).toBe('1.3 MB');
  });
});
