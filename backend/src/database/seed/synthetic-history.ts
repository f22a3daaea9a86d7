import { OUTLET_TIERS, type EventType, type OutletTier, type RequestType, type TicketChannel, type TicketOutcome, type TicketPriority, type TicketStatus } from '@newsdesk/shared';
import { logNormal, pick, sampler, streamFor, uuidFrom, weighted, type Random } from './random.js';

/**
 * A deterministic, plausible year of press-office history: the same seed, ticket count and end
 * give the same rows. Every ticket is a small simulation (received, acknowledged, assigned, maybe
 * reassigned, answered, resolved, maybe reopened and answered again, closed), cut off at `end`,
 * with the events, messages and outbox rows those steps leave behind, timestamps in order.
 */

export interface SeedOptions {
  tickets: number;
  seed: string;
  /** Nothing happens at or after this instant (the office's midnight starting the seed's end date). */
  end: number;
  days: number;
  /** Office time zone offset at `end`, in minutes east of UTC (office hours are simulated on it). */
  utcOffsetMinutes: number;
}

export const SEED_EMAIL_DOMAIN = 'seed.newsdesk.invalid';
export const SEED_PASSWORD_HASH = '!seeded: no password';
export const RARE_WORD = 'zanzibar';
export const COMMON_WORD = 'council';

const FIRST_NAMES = ['Ana', 'Ben', 'Chloe', 'Dev', 'Elif', 'Farah', 'Gus', 'Hana', 'Ivo', 'Jun', 'Kofi', 'Lena', 'Marek', 'Nia', 'Omar', 'Pia', 'Quinn', 'Rosa', 'Sami', 'Tess', 'Uma', 'Vik', 'Wren', 'Yara', 'Zed'];
const LAST_NAMES = ['Adams', 'Brook', 'Costa', 'Dunn', 'Evans', 'Fischer', 'Garcia', 'Haas', 'Ito', 'Jensen', 'Khan', 'Lopez', 'Moreau', 'Novak', 'Okafor', 'Park', 'Quinn', 'Rossi', 'Silva', 'Tanaka', 'Umar', 'Varga', 'Weber', 'Xu', 'Young'];
const TEAMS = ['Politics desk', 'Business and economy', 'Health and science', 'Regional press'];
const OUTLET_WORDS = ['Daily', 'Herald', 'Courier', 'Gazette', 'Post', 'Chronicle', 'Observer', 'Radio', 'News', 'Times', 'Review', 'Wire', 'Bulletin', 'Tribune', 'Monitor'];
const PLACES = ['Northbridge', 'Eastport', 'Westfield', 'Southam', 'Kingsmoor', 'Riverside', 'Harbourtown', 'Millbrook', 'Ashford', 'Lakeside', 'Hillcrest', 'Oakvale'];
const TIER_WEIGHTS: Record<OutletTier, number> = { national: 10, regional: 25, local: 35, trade: 15, international: 10, other: 5 };
export const TOPICS = ['budget', 'transport', 'health', 'schools', 'housing', 'environment', 'police', 'planning', 'culture', 'sport', 'jobs', 'energy', 'water', 'waste', 'parks', 'elections', 'digital', 'tourism', 'harbour', 'airport', 'libraries', 'social-care', 'flooding', 'festival'];
const COMMON_WORDS = ['statement', 'comment', 'please', 'deadline', 'figures', 'report', 'plans', 'residents', 'project', 'funding', 'spokesperson', 'interview', 'today', 'confirm', 'question', 'decision', 'meeting', 'public', 'review', 'cost', 'timeline', 'response', 'data', 'latest', 'policy', 'local', 'service', 'changes', 'community', 'proposal'];
const REQUEST_TYPE_WEIGHTS: [RequestType, number][] = [['comment', 40], ['interview', 20], ['data', 15], ['background', 15], ['other', 10]];
const CHANNEL_WEIGHTS: [TicketChannel, number][] = [['email', 70], ['web', 20], ['phone', 10]];
const PRIORITY_WEIGHTS: [TicketPriority, number][] = [['low', 10], ['normal', 65], ['high', 20], ['urgent', 5]];
const OUTCOME_WEIGHTS: [TicketOutcome, number][] = [['statement_given', 55], ['interview_arranged', 15], ['declined', 15], ['referred', 15]];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface SeedUser {
  id: string;
  email: string;
  name: string;
  role: 'manager' | 'agent';
}

export interface Cast {
  users: SeedUser[];
  teams: { id: string; name: string; memberIds: string[] }[];
  outlets: { id: string; name: string; domain: string; tier: OutletTier }[];
  journalists: { id: string; name: string; email: string; outletId: string }[];
  officers: SeedUser[];
  officerWeights: number[];
  managers: SeedUser[];
  /** Pseudo-words after the common ones, drawn with Zipf weights: a long tail of rarer words for search. */
  vocabulary: string[];
  drawWord: (random: Random) => number;
  drawOfficer: (random: Random) => number;
}

function syllableWord(random: Random): string {
  const syllables = ['ka', 'lo', 'mi', 'ren', 'sa', 'tor', 'vel', 'qui', 'dan', 'fe', 'gor', 'hil', 'jas', 'ni', 'pra', 'bel', 'cor', 'ut', 'wen', 'xo'];
  return Array.from({ length: 2 + Math.floor(random() * 2) }, () => pick(random, syllables)).join('');
}

export function buildCast(options: SeedOptions): Cast {
  const random = streamFor(options.seed, 'cast');
  const names = new Set<string>();
  const person = () => {
    for (;;) {
      const name = `${pick(random, FIRST_NAMES)} ${pick(random, LAST_NAMES)}`;
      if (!names.has(name)) {
        names.add(name);
        return name;
      }
    }
  };
  const user = (role: SeedUser['role']): SeedUser => {
    const name = person();
    return { id: uuidFrom(random), name, role, email: `${name.toLowerCase().replace(/\s+/g, '.')}@${SEED_EMAIL_DOMAIN}` };
  };
  const managers = [user('manager'), user('manager')];
  const agents = Array.from({ length: 16 }, () => user('agent'));
  const officers = [...agents, ...managers];
  // Some officers carry more of the load than others.
  const officerWeights = officers.map((officer) => (officer.role === 'manager' ? 0.3 : 0.6 + random()));
  const teams = TEAMS.map((name, index) => ({
    id: uuidFrom(random),
    name,
    memberIds: [...agents.filter((_, i) => i % TEAMS.length === index), managers[index % 2]].map((member) => member.id),
  }));

  const outletCount = Math.max(20, Math.min(400, Math.round(options.tickets / 250)));
  const tierWeights = OUTLET_TIERS.map((tier) => TIER_WEIGHTS[tier]);
  const outlets = Array.from({ length: outletCount }, (_, index) => {
    const name = `${pick(random, PLACES)} ${pick(random, OUTLET_WORDS)} ${index + 1}`;
    return { id: uuidFrom(random), name, domain: `outlet${index + 1}.example`, tier: OUTLET_TIERS[weighted(random, tierWeights)] };
  });
  const journalistCount = Math.max(50, Math.min(25_000, Math.round(options.tickets / 40)));
  const journalists = Array.from({ length: journalistCount }, (_, index) => {
    const outlet = outlets[Math.floor(Math.pow(random(), 1.6) * outlets.length)];
    const name = `${pick(random, FIRST_NAMES)} ${pick(random, LAST_NAMES)}`;
    return { id: uuidFrom(random), name, email: `${name.toLowerCase().replace(/\s+/g, '.')}.${index + 1}@${outlet.domain}`, outletId: outlet.id };
  });
  const vocabulary = Array.from({ length: 3000 }, () => syllableWord(random));
  const drawWord = sampler(vocabulary.map((_, rank) => 1 / (rank + 1)));
  return { users: officers, teams, outlets, journalists, officers, officerWeights, managers, vocabulary, drawWord, drawOfficer: sampler(officerWeights) };
}

/** Rows for one batch of tickets, as columns (arrays), ready for `INSERT … SELECT FROM unnest(…)`. */
export interface HistoryBatch {
  tickets: {
    id: string[];
    subject: string[];
    status: TicketStatus[];
    priority: TicketPriority[];
    channel: TicketChannel[];
    requestType: RequestType[];
    tags: string[];
    deadlineAt: (number | null)[];
    assigneeId: (string | null)[];
    journalistId: string[];
    outletId: string[];
    outcome: (TicketOutcome | null)[];
    createdById: (string | null)[];
    acknowledgedAt: (number | null)[];
    firstResponseAt: (number | null)[];
    resolvedAt: (number | null)[];
    closedAt: (number | null)[];
    reopenCount: number[];
    lastActivityAt: number[];
    searchText: string[];
    createdAt: number[];
  };
  events: {
    type: EventType[];
    entityType: string[];
    entityId: string[];
    ticketId: string[];
    actorId: (string | null)[];
    before: (string | null)[];
    after: string[];
    createdAt: number[];
  };
  messages: {
    id: string[];
    ticketId: string[];
    kind: ('inbound' | 'outbound' | 'note')[];
    fromName: (string | null)[];
    fromAddress: (string | null)[];
    subject: (string | null)[];
    text: string[];
    authorId: (string | null)[];
    createdAt: number[];
  };
  outbound: {
    id: string[];
    kind: ('acknowledgement' | 'reply')[];
    ticketId: string[];
    messageId: (string | null)[];
    to: string[];
    subject: string[];
    text: string[];
    rfcMessageId: string[];
    createdAt: number[];
    sentAt: number[];
  };
}

function emptyBatch(): HistoryBatch {
  const columns = <T extends Record<string, unknown[]>>(keys: (keyof T)[]) => Object.fromEntries(keys.map((key) => [key, []])) as unknown as T;
  return {
    tickets: columns<HistoryBatch['tickets']>(['id', 'subject', 'status', 'priority', 'channel', 'requestType', 'tags', 'deadlineAt', 'assigneeId', 'journalistId', 'outletId', 'outcome', 'createdById', 'acknowledgedAt', 'firstResponseAt', 'resolvedAt', 'closedAt', 'reopenCount', 'lastActivityAt', 'searchText', 'createdAt']),
    events: columns<HistoryBatch['events']>(['type', 'entityType', 'entityId', 'ticketId', 'actorId', 'before', 'after', 'createdAt']),
    messages: columns<HistoryBatch['messages']>(['id', 'ticketId', 'kind', 'fromName', 'fromAddress', 'subject', 'text', 'authorId', 'createdAt']),
    outbound: columns<HistoryBatch['outbound']>(['id', 'kind', 'ticketId', 'messageId', 'to', 'subject', 'text', 'rfcMessageId', 'createdAt', 'sentAt']),
  };
}

/** How many tickets arrive on each of the seed's days: weekdays busier, a slow rise over the year. */
function arrivalsPerDay(options: SeedOptions): number[] {
  const random = streamFor(options.seed, 'arrivals');
  const start = options.end - options.days * DAY;
  const weights = Array.from({ length: options.days }, (_, day) => {
    const weekday = new Date(start + day * DAY + options.utcOffsetMinutes * MINUTE).getUTCDay();
    const base = weekday === 0 ? 0.25 : weekday === 6 ? 0.35 : 1;
    return base * (0.85 + (0.3 * day) / options.days) * (0.85 + 0.3 * random());
  });
  const total = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((weight) => (weight / total) * options.tickets);
  const counts = exact.map(Math.floor);
  let missing = options.tickets - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((value, day) => [value - Math.floor(value), day]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, day] of byRemainder) {
    if (missing-- <= 0) break;
    counts[day] += 1;
  }
  return counts;
}

// Minutes after local midnight at which inquiries arrive: mostly office hours, some evenings and nights.
const drawHour = sampler([1, 0.5, 0.3, 0.3, 0.4, 0.8, 2, 4, 7, 9, 9, 8, 6, 7, 8, 8, 7, 5, 4, 3, 2.5, 2, 1.5, 1.2]);
const drawChannel = sampler(CHANNEL_WEIGHTS.map(([, weight]) => weight));
const drawRequestType = sampler(REQUEST_TYPE_WEIGHTS.map(([, weight]) => weight));
const drawPriority = sampler(PRIORITY_WEIGHTS.map(([, weight]) => weight));
const drawOutcome = sampler(OUTCOME_WEIGHTS.map(([, weight]) => weight));

/**
 * Ticket histories in time order, `batchSize` tickets at a time. Ticket i draws only from its own
 * stream, so the data does not depend on the batch size.
 */
export function* historyBatches(options: SeedOptions, cast: Cast, batchSize: number): Generator<HistoryBatch & { done: number }> {
  const counts = arrivalsPerDay(options);
  const start = options.end - options.days * DAY;
  let batch = emptyBatch();
  let index = 0;
  let inBatch = 0;
  for (let day = 0; day < options.days; day++) {
    const dayRandom = streamFor(options.seed, 'day', day);
    const localMidnight = start + day * DAY;
    const times = Array.from({ length: counts[day] }, () => localMidnight + drawHour(dayRandom) * HOUR + Math.floor(dayRandom() * HOUR)).sort((a, b) => a - b);
    for (const createdAt of times) {
      simulateTicket(options, cast, batch, index, createdAt);
      index++;
      if (++inBatch === batchSize) {
        yield { ...batch, done: index };
        batch = emptyBatch();
        inBatch = 0;
      }
    }
  }
  if (inBatch) yield { ...batch, done: index };
}

function simulateTicket(options: SeedOptions, cast: Cast, batch: HistoryBatch, index: number, createdAt: number): void {
  const random = streamFor(options.seed, 'ticket', index);
  const end = options.end;
  const offset = options.utcOffsetMinutes * MINUTE;
  const isOpen = (at: number) => {
    const localDay = Math.floor((at + offset) / DAY);
    // 1 January 1970 was a Thursday (weekday 4, Sunday being 0).
    const weekday = (localDay + 4) % 7;
    const minutes = Math.floor((at + offset - localDay * DAY) / MINUTE);
    return weekday >= 1 && weekday <= 5 && minutes >= 9 * 60 && minutes < 17 * 60 + 30;
  };
  // The next moment the office is open, at or after `at`.
  const nextOpen = (at: number) => {
    if (isOpen(at)) return at;
    let candidate = at;
    for (let i = 0; i < 8; i++) {
      const midnight = candidate - ((candidate + offset) % DAY + DAY) % DAY;
      const opening = midnight + 9 * HOUR;
      if (opening >= at && isOpen(opening)) return opening;
      candidate = midnight + DAY;
    }
    return at;
  };

  const id = uuidFrom(random);
  const channel = CHANNEL_WEIGHTS[drawChannel(random)][0];
  const requestType = REQUEST_TYPE_WEIGHTS[drawRequestType(random)][0];
  const priority = PRIORITY_WEIGHTS[drawPriority(random)][0];
  const journalist = cast.journalists[Math.floor(Math.pow(random(), 2.2) * cast.journalists.length)];
  const topicCount = random() < 0.1 ? 0 : random() < 0.75 ? 1 : 2;
  const tags = [...new Set(Array.from({ length: topicCount }, () => TOPICS[Math.floor(Math.pow(random(), 1.8) * TOPICS.length)]))].sort();
  const place = pick(random, PLACES);
  const subjectTopic = tags[0] ?? 'the council';
  const subject = `${pick(random, ['Question about', 'Request for comment on', 'Interview request:', 'Data request on', 'Query regarding'])} ${subjectTopic} in ${place}`;
  const words: string[] = [];
  const length = 30 + Math.floor(random() * 50);
  if (random() < 0.4) words.push(COMMON_WORD);
  for (let w = 0; w < length; w++) {
    const roll = random();
    words.push(roll < 0.45 ? pick(random, COMMON_WORDS) : roll < 0.55 ? (tags.length ? pick(random, tags) : place.toLowerCase()) : cast.vocabulary[cast.drawWord(random)]);
  }
  // One rare word, only in the oldest tenth of the history: "rare word, newest first" must not walk the whole table.
  if (index < options.tickets / 10 && random() < 250 / options.tickets) words.push(RARE_WORD);
  const text = `Hello press office, ${words.join(' ')}. Thanks, ${journalist.name}`;
  const hasDeadline = random() < 0.6;
  const deadlineAt = hasDeadline ? createdAt + Math.round(Math.max(0.5, logNormal(random, 6, 1.1)) * HOUR) : null;

  const events: { type: EventType; entityType: string; entityId: string; actorId: string | null; before: object | null; after: object; at: number }[] = [];
  const messages = batch.messages;
  const outbound = batch.outbound;
  const addMessage = (kind: 'inbound' | 'outbound' | 'note', at: number, body: string, authorId: string | null) => {
    const messageId = uuidFrom(random);
    messages.id.push(messageId);
    messages.ticketId.push(id);
    messages.kind.push(kind);
    messages.fromName.push(kind === 'inbound' ? journalist.name : null);
    messages.fromAddress.push(kind === 'inbound' ? journalist.email : null);
    messages.subject.push(kind === 'note' ? null : kind === 'inbound' ? subject : `Re: ${subject}`);
    messages.text.push(body);
    messages.authorId.push(authorId);
    messages.createdAt.push(at);
    return messageId;
  };
  const addOutbound = (kind: 'acknowledgement' | 'reply', at: number, messageId: string | null, body: string) => {
    const rowId = uuidFrom(random);
    outbound.id.push(rowId);
    outbound.kind.push(kind);
    outbound.ticketId.push(id);
    outbound.messageId.push(messageId);
    outbound.to.push(JSON.stringify([{ name: journalist.name, address: journalist.email }]));
    outbound.subject.push(`Re: ${subject}`);
    outbound.text.push(body);
    outbound.rfcMessageId.push(`seed.${rowId}@${SEED_EMAIL_DOMAIN}`);
    outbound.createdAt.push(at);
    outbound.sentAt.push(at + 5_000 + Math.floor(random() * 20_000));
  };

  let status: TicketStatus = 'new';
  let assigneeId: string | null = null;
  let createdById: string | null = null;
  let acknowledgedAt: number | null = null;
  let firstResponseAt: number | null = null;
  let resolvedAt: number | null = null;
  let closedAt: number | null = null;
  let outcome: TicketOutcome | null = null;
  let reopenCount = 0;
  let lastActivityAt = createdAt;
  const officer = () => cast.officers[cast.drawOfficer(random)].id;
  const setStatus = (to: TicketStatus, at: number, actorId: string | null, extra: { before?: object; after?: object } = {}) => {
    events.push({ type: 'ticket.updated', entityType: 'ticket', entityId: id, actorId, before: { status, ...extra.before }, after: { status: to, ...extra.after }, at });
    status = to;
    lastActivityAt = at;
  };

  if (channel === 'phone') {
    // Logged by the officer who took the call, already theirs.
    createdById = officer();
    assigneeId = createdById;
    status = 'open';
    addMessage('inbound', createdAt, `Call notes: ${text}`, createdById);
    events.push({ type: 'ticket.created', entityType: 'ticket', entityId: id, actorId: createdById, before: null, after: { subject, channel, status, journalistId: journalist.id }, at: createdAt });
  } else {
    addMessage('inbound', createdAt, text, null);
    events.push({ type: 'ticket.created', entityType: 'ticket', entityId: id, actorId: null, before: null, after: { channel, door: channel === 'web' ? 'web' : 'smtp', journalistId: journalist.id }, at: createdAt });
    acknowledgedAt = createdAt + 1_000 + Math.floor(random() * 20_000);
    if (acknowledgedAt < end) {
      addOutbound('acknowledgement', acknowledgedAt, null, `Thank you for your inquiry. It has the reference given in the subject.`);
      events.push({ type: 'acknowledgement.queued', entityType: 'ticket', entityId: id, actorId: null, before: null, after: { to: journalist.email }, at: acknowledgedAt });
    } else {
      acknowledgedAt = null;
    }
    const assignedAt = nextOpen(createdAt) + Math.round(logNormal(random, 12, 1) * MINUTE);
    if (assignedAt < end) {
      const to = officer();
      events.push({ type: 'ticket.updated', entityType: 'ticket', entityId: id, actorId: pick(random, cast.managers).id, before: { status, assigneeId: null }, after: { status: 'open', assigneeId: to }, at: assignedAt });
      status = 'open';
      assigneeId = to;
      lastActivityAt = assignedAt;
    }
  }

  const urgency = priority === 'urgent' ? 0.35 : priority === 'high' ? 0.6 : 1;
  const answers = random() < 0.95;
  let replyAt = nextOpen(createdAt) + Math.round(logNormal(random, 50 * urgency, 1) * MINUTE);
  if (deadlineAt && random() < 0.7) replyAt = Math.min(replyAt, Math.max(createdAt + 5 * MINUTE, deadlineAt - Math.round(random() * 60 * MINUTE)));
  // Nobody answers before the ticket has an officer.
  replyAt = Math.max(replyAt, lastActivityAt + 2 * MINUTE);
  if (assigneeId && replyAt > lastActivityAt + 20 * MINUTE && random() < 0.1) {
    // Handed over before anyone answered.
    const at = lastActivityAt + Math.round((replyAt - lastActivityAt) * random());
    const to = officer();
    if (at < end && to !== assigneeId) {
      events.push({ type: 'ticket.updated', entityType: 'ticket', entityId: id, actorId: pick(random, cast.managers).id, before: { assigneeId }, after: { assigneeId: to }, at });
      assigneeId = to;
      lastActivityAt = at;
    }
  }
  if (assigneeId && random() < 0.2 && lastActivityAt + 10 * MINUTE < end) {
    addMessage('note', lastActivityAt + 10 * MINUTE, 'Checked with the service lead; line agreed.', assigneeId);
  }

  const reply = (at: number) => {
    const author = assigneeId ?? officer();
    const messageId = addMessage('outbound', at, `Thank you for your question. ${pick(random, COMMON_WORDS)} ${pick(random, COMMON_WORDS)}.`, author);
    addOutbound('reply', at, messageId, 'Reply sent from the press office.');
    const before = status === 'new' ? { status } : null;
    if (status === 'new') status = 'open';
    events.push({ type: 'reply.queued', entityType: 'message', entityId: messageId, actorId: author, before, after: { to: [journalist.email], cc: [], status }, at });
    firstResponseAt ??= at;
    lastActivityAt = at;
  };
  const resolve = (at: number) => {
    const previous = resolvedAt;
    resolvedAt = at;
    setStatus('resolved', at, assigneeId, { before: { resolvedAt: previous }, after: { resolvedAt: new Date(at).toISOString() } });
  };

  if (answers && replyAt < end) {
    reply(replyAt);
    let resolveAt = replyAt + Math.round(logNormal(random, 3, 1.5) * HOUR);
    if (resolveAt < end) {
      resolve(resolveAt);
      // The journalist writes again after the resolution: the ticket reopens and needs a second answer.
      if (random() < 0.06) {
        const reopenAt = resolveAt + Math.round(logNormal(random, 20, 1) * HOUR);
        if (reopenAt < end) {
          const messageId = addMessage('inbound', reopenAt, `One more question about ${subjectTopic}, please.`, null);
          events.push({ type: 'message.received', entityType: 'message', entityId: messageId, actorId: null, before: { status }, after: { messageId, from: journalist.email, flags: [], status: 'open' }, at: reopenAt });
          status = 'open';
          resolvedAt = null;
          reopenCount++;
          lastActivityAt = reopenAt;
          const secondReply = nextOpen(reopenAt) + Math.round(logNormal(random, 90, 1) * MINUTE);
          if (secondReply < end) {
            reply(secondReply);
            resolveAt = secondReply + Math.round(logNormal(random, 4, 1.2) * HOUR);
            if (resolveAt < end) resolve(resolveAt);
          }
        }
      }
      // resolve() moved the status on; TypeScript cannot see through the closure.
      if ((status as TicketStatus) === 'resolved') {
        const closeAt = (resolvedAt ?? resolveAt) + Math.round((1 + random() * 6) * DAY);
        if (closeAt < end) {
          outcome = OUTCOME_WEIGHTS[drawOutcome(random)][0];
          closedAt = closeAt;
          setStatus('closed', closeAt, assigneeId, { before: { closedAt: null, outcome: null }, after: { closedAt: new Date(closeAt).toISOString(), outcome } });
        }
      }
    }
  } else if (!answers) {
    // Never answered: closed as no response once the story has passed.
    const closeAt = createdAt + Math.round((2 + random() * 5) * DAY);
    if (closeAt < end) {
      outcome = 'no_response';
      resolvedAt = closeAt;
      closedAt = closeAt;
      setStatus('closed', closeAt, assigneeId, { before: { resolvedAt: null, closedAt: null, outcome: null }, after: { resolvedAt: new Date(closeAt).toISOString(), closedAt: new Date(closeAt).toISOString(), outcome } });
    }
  }

  const t = batch.tickets;
  t.id.push(id);
  t.subject.push(subject);
  t.status.push(status);
  t.priority.push(priority);
  t.channel.push(channel);
  t.requestType.push(requestType);
  t.tags.push(tags.join(','));
  t.deadlineAt.push(deadlineAt);
  t.assigneeId.push(assigneeId);
  t.journalistId.push(journalist.id);
  t.outletId.push(journalist.outletId);
  t.outcome.push(outcome);
  t.createdById.push(createdById);
  t.acknowledgedAt.push(acknowledgedAt);
  t.firstResponseAt.push(firstResponseAt);
  t.resolvedAt.push(resolvedAt);
  t.closedAt.push(closedAt);
  t.reopenCount.push(reopenCount);
  t.lastActivityAt.push(lastActivityAt);
  t.searchText.push(text);
  t.createdAt.push(createdAt);

  events.sort((a, b) => a.at - b.at);
  const e = batch.events;
  for (const event of events) {
    e.type.push(event.type);
    e.entityType.push(event.entityType);
    e.entityId.push(event.entityId);
    e.ticketId.push(id);
    e.actorId.push(event.actorId);
    e.before.push(event.before ? JSON.stringify(event.before) : null);
    e.after.push(JSON.stringify(event.after));
    e.createdAt.push(event.at);
  }
}
