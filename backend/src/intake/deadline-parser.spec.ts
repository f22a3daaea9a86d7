import { findDeadline } from './deadline-parser.js';

// Tuesday 10 March 2026, 09:00 in London (GMT); US Eastern is on EDT since 8 March.
const TUESDAY_MORNING = new Date('2026-03-10T09:00:00Z');
const LONDON = 'Europe/London';

const deadlineIn = (text: string, receivedAt = TUESDAY_MORNING, zone = LONDON) => findDeadline(text, receivedAt, zone)?.toISOString() ?? null;

describe('findDeadline', () => {
  it.each([
    ['deadline 5pm ET today', '2026-03-10T21:00:00.000Z'],
    ['Could you send us a line by Friday noon?', '2026-03-13T12:00:00.000Z'],
    ['my deadline is 3:30pm tomorrow', '2026-03-11T15:30:00.000Z'],
    ['Please reply before 9am Monday.', '2026-03-16T09:00:00.000Z'],
    ['Our deadline for the piece is 4pm.', '2026-03-10T16:00:00.000Z'],
    ['Friday 2pm is my deadline', '2026-03-13T14:00:00.000Z'],
    ['Can you comment? 3pm at the latest.', '2026-03-10T15:00:00.000Z'],
    ['Could you get back to me by 14:00?', '2026-03-10T14:00:00.000Z'],
    ['We are going to print at 9pm tonight', '2026-03-10T21:00:00.000Z'],
    ["I'm filing at 4pm", '2026-03-10T16:00:00.000Z'],
  ])('reads "%s"', (text, expected) => {
    expect(deadlineIn(text)).toBe(expected);
  });

  describe('end of day', () => {
    it('reads EOD as 17:00 local', () => {
      expect(deadlineIn('Need this by EOD')).toBe('2026-03-10T17:00:00.000Z');
    });

    it('reads EOD with a day', () => {
      expect(deadlineIn('EOD tomorrow please')).toBe('2026-03-11T17:00:00.000Z');
      expect(deadlineIn('Need a response by COB Friday')).toBe('2026-03-13T17:00:00.000Z');
    });

    it('reads a bare day as the end of that working day', () => {
      expect(deadlineIn('My deadline is Thursday.')).toBe('2026-03-12T17:00:00.000Z');
    });

    it('reads EOD in the default zone', () => {
      expect(deadlineIn('by close of business', TUESDAY_MORNING, 'America/New_York')).toBe('2026-03-10T21:00:00.000Z');
    });
  });

  describe('time zones', () => {
    it('resolves CET and reads 12/03 as the 12th of March', () => {
      expect(deadlineIn('deadline: 12/03 17:00 CET')).toBe('2026-03-12T16:00:00.000Z');
    });

    it('reads 12/03 month first for a North American desk', () => {
      expect(deadlineIn('deadline 12/03 5pm', TUESDAY_MORNING, 'America/New_York')).toBe('2026-12-03T22:00:00.000Z');
    });

    it.each([
      ['deadline 10am GMT tomorrow', '2026-03-11T10:00:00.000Z'],
      ['deadline 3pm UTC', '2026-03-10T15:00:00.000Z'],
      ['I need this by 5 PM PT', '2026-03-11T00:00:00.000Z'],
      ['deadline 1pm CT', '2026-03-10T18:00:00.000Z'],
      ['deadline 1pm EST', '2026-03-10T17:00:00.000Z'],
    ])('resolves "%s"', (text, expected) => {
      expect(deadlineIn(text)).toBe(expected);
    });

    it('reads BST as UTC+1', () => {
      expect(deadlineIn('deadline is 17:00 BST on 2 June', TUESDAY_MORNING)).toBe('2026-06-02T16:00:00.000Z');
    });

    it('reads "today" in the journalist\'s zone, not ours', () => {
      // 23:00 on Monday in New York: "today 5pm ET" was Monday and is over.
      expect(deadlineIn('deadline 5pm ET today', new Date('2026-03-10T03:00:00Z'))).toBeNull();
      expect(deadlineIn('deadline 5pm ET tomorrow', new Date('2026-03-10T03:00:00Z'))).toBe('2026-03-10T21:00:00.000Z');
    });

    it('uses the default zone for times without one', () => {
      expect(deadlineIn('deadline 5pm', TUESDAY_MORNING, 'Europe/Berlin')).toBe('2026-03-10T16:00:00.000Z');
      expect(deadlineIn('deadline 5pm', TUESDAY_MORNING, 'Asia/Tokyo')).toBe('2026-03-11T08:00:00.000Z');
    });
  });

  describe('daylight-saving edges', () => {
    it('applies summer time to a deadline after the clocks change', () => {
      // Received Saturday 28 March (GMT); Monday 30 March is in BST.
      expect(deadlineIn('Deadline Monday 9am', new Date('2026-03-28T10:00:00Z'))).toBe('2026-03-30T08:00:00.000Z');
    });

    it('applies Eastern daylight time to a stated zone after the change', () => {
      // Received Saturday 7 March (EST); Monday 9 March is in EDT.
      expect(deadlineIn('by 5pm ET Monday', new Date('2026-03-07T15:00:00Z'))).toBe('2026-03-09T21:00:00.000Z');
    });

    it('applies winter time after the clocks go back', () => {
      // Received Saturday 24 October (BST); Monday 26 October is in GMT.
      expect(deadlineIn('by 9am Monday', new Date('2026-10-24T10:00:00Z'))).toBe('2026-10-26T09:00:00.000Z');
    });
  });

  describe('other languages', () => {
    it.each([
      ['Frist: morgen um 12 Uhr', '2026-03-11T12:00:00.000Z'],
      ['Bitte bis Freitag 10 Uhr antworten.', '2026-03-13T10:00:00.000Z'],
      ['Réponse avant demain 10h svp', '2026-03-11T10:00:00.000Z'],
      ['avant vendredi midi', '2026-03-13T12:00:00.000Z'],
    ])('reads "%s"', (text, expected) => {
      expect(deadlineIn(text)).toBe(expected);
    });
  });

  describe('dates that are not deadlines', () => {
    it.each([
      'The summit is on 20 March and the anniversary on 5 April. Thanks!',
      'The event starts at 6pm on Friday, and we publish on Monday.',
      'Regarding the lawsuit filing on 5 May, do you have a comment?',
      'The plant was opened by the minister on 20 March.',
      'We met on Tuesday. My editor liked your answer.',
    ])('ignores "%s"', (text) => {
      expect(deadlineIn(text)).toBeNull();
    });

    it('picks the deadline, not the event, in the same mail', () => {
      expect(deadlineIn('The strike starts on 20 March. My deadline is Thursday 11am.')).toBe('2026-03-12T11:00:00.000Z');
    });
  });

  it('ignores deadlines already past when the mail arrived', () => {
    expect(deadlineIn('Deadline today 8am')).toBeNull();
  });

  it('takes the earlier of two deadlines', () => {
    expect(deadlineIn('Deadline is Friday 5pm, but a line by 2pm tomorrow would help.')).toBe('2026-03-11T14:00:00.000Z');
  });

  it('returns null for text without dates', () => {
    expect(deadlineIn('Could you tell me who is responsible?')).toBeNull();
    expect(deadlineIn('')).toBeNull();
  });

  // The date parsers are skipped for text without any deadline cue: these check the cue search misses none.
  it('reads a cue written with an unusual space between its words', () => {
    expect(deadlineIn('Please answer no later\u2009than 4pm')).toBe('2026-03-10T16:00:00.000Z');
    expect(deadlineIn('Antwort bitte\u00a0bis\u00a0morgen 12 Uhr', TUESDAY_MORNING, 'Europe/Berlin')).toBe('2026-03-11T11:00:00.000Z');
  });

  it('reads a cue whose words start mid-word in the text, as the parsers see it', () => {
    expect(deadlineIn('The deadline-line is 4pm')).toBe(deadlineIn('The dead-line is 4pm'));
    expect(deadlineIn('Send it before 9am Monday, then nothing more on Friday 3pm.')).toBe('2026-03-16T09:00:00.000Z');
  });

  it('finds no deadline in long text with dates but without any cue, and reads the first cue in it', () => {
    const story = 'The harbour opened on Friday 2pm and closed on Monday 9am last year. '.repeat(40);
    expect(deadlineIn(story)).toBeNull();
    expect(deadlineIn(`${story} Our deadline is Thursday 3pm.`)).toBe('2026-03-12T15:00:00.000Z');
  });

  it('rejects an unknown time zone', () => {
    expect(() => findDeadline('deadline 5pm', TUESDAY_MORNING, 'Mars/Olympus')).toThrow(RangeError);
  });
});
