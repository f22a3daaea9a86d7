import type { JournalistDetailDto, JournalistSummaryDto, OutletDetailDto, OutletSummaryDto, Page, TicketDetailDto } from '@newsdesk/shared';
import type pg from 'pg';
import { DataSource } from 'typeorm';
import { ContactsService } from '../src/contacts/contacts.service.js';
import { connectDatabase } from './database.js';
import { signedInClient } from './factories.js';
import { HttpClient } from './http-client.js';
import { createTestApp, type TestApp } from './test-app.js';

const UNKNOWN_ID = '6f1c2d3e-0000-4000-8000-000000000000';

describe('contacts API', () => {
  let testApp: TestApp;
  /** Find-or-create runs in its caller's transaction; here each call commits alone. */
  const autocommit = () => testApp.app.get(DataSource).manager;
  let db: pg.Client;
  let agent: HttpClient;
  let manager: HttpClient;
  let admin: HttpClient;

  const fieldMessages = (body: { details: { field: string; messages: string[] }[] }) =>
    Object.fromEntries(body.details.map((detail) => [detail.field, detail.messages.join(' ')]));
  const logCall = async (subject: string, journalist: { name?: string; email?: string; phone?: string }) => {
    const response = await agent.post<TicketDetailDto>('/api/tickets', { subject, text: 'Phone call.', journalist });
    expect(response.status).toBe(201);
    return response.body;
  };
  const createOutlet = async (body: Record<string, unknown>) => {
    const response = await agent.post<OutletDetailDto>('/api/outlets', body);
    expect(response.status).toBe(201);
    return response.body;
  };
  const eventsFor = async (entityId: string) =>
    (await db.query(`SELECT type, actor_id, before, after FROM events WHERE entity_id = $1 ORDER BY id`, [entityId])).rows;

  beforeAll(async () => {
    testApp = await createTestApp();
    db = await connectDatabase(testApp);
    ({ client: agent } = await signedInClient(testApp, 'agent'));
    ({ client: manager } = await signedInClient(testApp, 'manager'));
    ({ client: admin } = await signedInClient(testApp, 'admin'));
  });
  afterAll(async () => {
    await db.end();
    await testApp.close();
  });

  it('answers 401 without a session or token', async () => {
    const anonymous = new HttpClient(testApp.baseUrl);
    expect((await anonymous.get('/api/journalists')).status).toBe(401);
    expect((await anonymous.get('/api/outlets')).status).toBe(401);
  });

  describe('journalists', () => {
    it('searches by name or address, filters by outlet, and pages by name without gaps or repeats', async () => {
      const outlet = await createOutlet({ name: 'Quill Gazette', domains: ['quill.example'] });
      await logCall('Quill one', { name: 'Quentin Quill', email: 'quentin@quill.example' });
      await logCall('Quill two', { name: 'Quentin Quill', email: 'quentin@quill.example' });
      await logCall('Quill three', { name: 'Querida Quill', email: 'querida@quill.example' });
      await logCall('Quill four', { name: 'Quincy Freelance', email: 'quincy@freelance.example' });
      await logCall('Quill five', { email: 'anonymous.quill@mail.example' });

      const search = await agent.get<Page<JournalistSummaryDto>>('/api/journalists?q=quill');
      expect(search.status).toBe(200);
      expect(search.body.items.map((journalist) => journalist.email)).toEqual([
        'anonymous.quill@mail.example',
        'quentin@quill.example',
        'querida@quill.example',
      ]);
      expect(search.body.items[1]).toMatchObject({
        name: 'Quentin Quill',
        outlet: { id: outlet.id, name: 'Quill Gazette' },
        inquiryCount: 2,
        lastInquiryAt: expect.any(String),
      });
      expect((await agent.get<Page<JournalistSummaryDto>>('/api/journalists?q=QUINCY@')).body.items.map((j) => j.name)).toEqual(['Quincy Freelance']);
      expect((await agent.get<Page<JournalistSummaryDto>>('/api/journalists?q=100%25')).body.items).toEqual([]);

      const byOutlet = await agent.get<Page<JournalistSummaryDto>>(`/api/journalists?outlet=${outlet.id}`);
      expect(byOutlet.body.items.map((journalist) => journalist.name)).toEqual(['Quentin Quill', 'Querida Quill']);

      const all = (await agent.get<Page<JournalistSummaryDto>>('/api/journalists?q=qu')).body.items.map((journalist) => journalist.id);
      expect(all).toHaveLength(4);
      const first = await agent.get<Page<JournalistSummaryDto>>('/api/journalists?q=qu&limit=3');
      expect(first.body.items).toHaveLength(3);
      const second = await agent.get<Page<JournalistSummaryDto>>(`/api/journalists?q=qu&limit=3&cursor=${first.body.nextCursor}`);
      expect(second.body.nextCursor).toBeNull();
      expect([...first.body.items, ...second.body.items].map((journalist) => journalist.id)).toEqual(all);

      const broken = await agent.get('/api/journalists?cursor=garbage');
      expect(broken.status).toBe(400);
      expect(broken.body.message).toContain('cursor is not valid');
      const badQuery = await agent.get('/api/journalists?outlet=nope&limit=500');
      expect(badQuery.status).toBe(400);
      expect(fieldMessages(badQuery.body)).toEqual({ outlet: 'outlet must be an outlet id', limit: 'limit must be a whole number from 1 to 200' });
    });

    it('shows a journalist with their outlet and inquiry history, newest first', async () => {
      const outlet = await createOutlet({ name: 'Harbour Herald', domains: ['herald.example'], tier: 'regional' });
      const older = await logCall('Ferry timetable', { name: 'Hana Harbour', email: 'hana@herald.example' });
      const newer = await logCall('Ferry strike', { email: 'hana@herald.example' });
      const response = await agent.get<JournalistDetailDto>(`/api/journalists/${older.journalist!.id}`);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        name: 'Hana Harbour',
        email: 'hana@herald.example',
        outlet: { id: outlet.id, name: 'Harbour Herald', tier: 'regional' },
        inquiryCount: 2,
        notes: null,
      });
      expect(response.body.inquiries).toEqual([
        { id: newer.id, reference: newer.reference, subject: 'Ferry strike', status: 'new', createdAt: newer.createdAt },
        { id: older.id, reference: older.reference, subject: 'Ferry timetable', status: 'new', createdAt: older.createdAt },
      ]);
      const missing = await agent.get(`/api/journalists/${UNKNOWN_ID}`);
      expect(missing.status).toBe(404);
      expect(missing.body.message).toBe('Journalist not found');
      const malformed = await agent.get('/api/journalists/not-an-id');
      expect(malformed.status).toBe(400);
      expect(malformed.body.message).toBe('id must be a UUID');
    });

    it('lets an agent edit a journalist, lower-casing the address and recording the change', async () => {
      const ticket = await logCall('Edit me', { name: 'Ed Itor', email: 'ed@edit.example' });
      const outlet = await createOutlet({ name: 'Edit Weekly' });
      const id = ticket.journalist!.id;
      const response = await agent.patch<JournalistDetailDto>(`/api/journalists/${id}`, {
        name: '  Edwina Itor ',
        email: ' Edwina@Edit.Example ',
        phone: '+44 20 7946 0001',
        outletId: outlet.id,
        beat: 'Transport',
        notes: 'Prefers calls before noon.',
      });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        name: 'Edwina Itor',
        email: 'edwina@edit.example',
        phone: '+44 20 7946 0001',
        outlet: { id: outlet.id, name: 'Edit Weekly' },
        beat: 'Transport',
        notes: 'Prefers calls before noon.',
      });
      const [update] = (await eventsFor(id)).filter((event) => event.type === 'journalist.updated');
      expect(update.before).toMatchObject({ name: 'Ed Itor', email: 'ed@edit.example', outletId: null, beat: null });
      expect(update.after).toMatchObject({ name: 'Edwina Itor', email: 'edwina@edit.example', outletId: outlet.id, beat: 'Transport' });

      const cleared = await agent.patch<JournalistDetailDto>(`/api/journalists/${id}`, { beat: null, notes: '', outletId: null });
      expect(cleared.body).toMatchObject({ beat: null, notes: null, outlet: null });
      const unchanged = await agent.patch(`/api/journalists/${id}`, { name: 'Edwina Itor' });
      expect(unchanged.status).toBe(200);
      expect((await eventsFor(id)).filter((event) => event.type === 'journalist.updated')).toHaveLength(2);
    });

    it('answers 409 when the address belongs to someone else, 404 for unknown ids, 400 with per-field messages', async () => {
      const taken = await logCall('Taken', { email: 'taken@clash.example' });
      const other = await logCall('Other', { email: 'other@clash.example' });
      const clash = await agent.patch(`/api/journalists/${other.journalist!.id}`, { email: 'TAKEN@clash.example' });
      expect(clash.status).toBe(409);
      expect(clash.body.message).toBe('taken@clash.example already belongs to another journalist');
      expect((await agent.get<JournalistDetailDto>(`/api/journalists/${other.journalist!.id}`)).body.email).toBe('other@clash.example');
      expect((await agent.patch(`/api/journalists/${taken.journalist!.id}`, { email: 'taken@clash.example' })).status).toBe(200);

      expect((await agent.patch(`/api/journalists/${UNKNOWN_ID}`, { name: 'Nobody' })).status).toBe(404);
      const unknownOutlet = await agent.patch(`/api/journalists/${other.journalist!.id}`, { outletId: UNKNOWN_ID });
      expect(unknownOutlet.status).toBe(404);
      expect(unknownOutlet.body.message).toBe('Outlet not found');

      const bad = await agent.patch(`/api/journalists/${other.journalist!.id}`, {
        email: 'not an address',
        phone: 'call me maybe',
        outletId: 'nope',
        beat: 'x'.repeat(201),
        role: 'admin',
      });
      expect(bad.status).toBe(400);
      const fields = fieldMessages(bad.body);
      expect(fields.email).toBe('email must be a valid email address');
      expect(fields.phone).toContain('phone must be a phone number');
      expect(fields.outletId).toBe('outletId must be an outlet id or null');
      expect(fields.beat).toBe('beat must be at most 200 characters');
      expect(fields.role).toContain('property role should not exist');
    });

    it('merges a duplicate into the surviving record (managers and admins only), moving inquiries and filling gaps', async () => {
      const outlet = await createOutlet({ name: 'Merge Times', domains: ['merge-times.example'] });
      const kept = await logCall('Kept inquiry', { email: 'mo@merge-times.example' });
      const dupOne = await logCall('Duplicate inquiry one', { name: 'Mo Merger', email: 'mo.merger@gmail.example', phone: '+1 555 0100' });
      const dupTwo = await logCall('Duplicate inquiry two', { email: 'mo.merger@gmail.example' });
      const survivorId = kept.journalist!.id;
      const duplicateId = dupOne.journalist!.id;
      await agent.patch(`/api/journalists/${survivorId}`, { notes: 'Met at the press day.' });
      await agent.patch(`/api/journalists/${duplicateId}`, { beat: 'Health', notes: 'Freelances for the Merge Times.' });

      const denied = await agent.post(`/api/journalists/${duplicateId}/merge`, { intoId: survivorId });
      expect(denied.status).toBe(403);
      expect(denied.body.message).toBe('This needs the manager or admin role; you are signed in as agent');

      const merged = await manager.post<JournalistDetailDto>(`/api/journalists/${duplicateId}/merge`, { intoId: survivorId });
      expect(merged.status).toBe(200);
      expect(merged.body).toMatchObject({
        id: survivorId,
        name: 'Mo Merger',
        email: 'mo@merge-times.example',
        phone: '+1 555 0100',
        beat: 'Health',
        notes: 'Met at the press day.\n\nFreelances for the Merge Times.',
        outlet: { id: outlet.id },
        inquiryCount: 3,
      });
      expect(merged.body.inquiries.map((inquiry) => inquiry.id).sort()).toEqual([kept.id, dupOne.id, dupTwo.id].sort());
      expect((await agent.get(`/api/journalists/${duplicateId}`)).status).toBe(404);
      expect((await agent.get<TicketDetailDto>(`/api/tickets/${dupTwo.id}`)).body.journalist?.id).toBe(survivorId);

      const events = (await eventsFor(survivorId)).map((event) => event.type);
      expect(events).toContain('journalist.merged');
      const [deleted] = (await eventsFor(duplicateId)).filter((event) => event.type === 'journalist.deleted');
      expect(deleted.before).toMatchObject({ email: 'mo.merger@gmail.example', name: 'Mo Merger' });
      expect(deleted.after).toEqual({ mergedInto: survivorId });
      const ticketEvents = (await db.query(`SELECT type, after FROM events WHERE ticket_id = $1 ORDER BY id`, [dupOne.id])).rows;
      expect(ticketEvents.at(-1)).toEqual({ type: 'ticket.updated', after: { journalistId: survivorId } });

      // The duplicate's address stays with the person: the next mail from it finds the survivor.
      expect(merged.body.aliases).toEqual(['mo.merger@gmail.example']);
      const again = await logCall('After the merge', { email: 'Mo.Merger@gmail.example' });
      expect(again.journalist!.id).toBe(survivorId);
      expect((await agent.get<Page<JournalistSummaryDto>>('/api/journalists?q=mo.merger')).body.items.map((j) => j.id)).toEqual([survivorId]);
    });

    it('finds or creates the journalist behind an address: alias first, gaps filled, nothing overwritten, the oldest outlet by domain', async () => {
      const contacts = testApp.app.get(ContactsService);
      const older = await createOutlet({ name: 'Fill Gazette', domains: ['fill.example'] });
      await createOutlet({ name: 'Fill Gazette Sports', domains: ['sport.fill.example'] });

      // New address: created with name, phone and the oldest outlet owning a parent domain.
      const created = await contacts.findOrCreateJournalist({ email: ' Ann@Sport.Fill.Example ', name: ' Ann Fill ', phone: ' ' }, autocommit());
      expect(created).toMatchObject({ email: 'ann@sport.fill.example', name: 'Ann Fill', phone: null, outletId: older.id, aliases: [] });
      const stamp = (await db.query(`SELECT updated_at FROM journalists WHERE id = $1`, [created.id])).rows[0].updated_at as Date;

      // Known address with nothing to fill: the same row, unchanged, not even touched.
      const same = await contacts.findOrCreateJournalist({ email: 'ann@sport.fill.example', name: 'Someone Else' }, autocommit());
      expect(same).toMatchObject({ id: created.id, name: 'Ann Fill', phone: null, outletId: older.id });
      expect((await db.query(`SELECT updated_at FROM journalists WHERE id = $1`, [created.id])).rows[0].updated_at).toEqual(stamp);

      // A gap (empty name, missing phone and outlet) is filled; what is there stays.
      await db.query(`UPDATE journalists SET name = '', outlet_id = NULL WHERE id = $1`, [created.id]);
      const filled = await contacts.findOrCreateJournalist({ email: 'ANN@sport.fill.example', name: 'Ann F.', phone: '+1 555 0199' }, autocommit());
      expect(filled).toMatchObject({ id: created.id, name: 'Ann F.', phone: '+1 555 0199', outletId: older.id });
      expect((await contacts.findOrCreateJournalist({ email: 'ann@sport.fill.example', phone: '+1 555 0000' }, autocommit())).phone).toBe('+1 555 0199');

      // An alias wins over creating a row for the address, and its owner's gaps are filled too.
      const owner = await contacts.findOrCreateJournalist({ email: 'owner@elsewhere.example' }, autocommit());
      await db.query(`UPDATE journalists SET aliases = ARRAY['ann.private@fill.example'] WHERE id = $1`, [owner.id]);
      const aliased = await contacts.findOrCreateJournalist({ email: 'Ann.Private@fill.example', name: 'Ann Owner' }, autocommit());
      expect(aliased).toMatchObject({ id: owner.id, email: 'owner@elsewhere.example', name: 'Ann Owner', outletId: older.id, aliases: ['ann.private@fill.example'] });
      expect((await db.query(`SELECT count(*)::int AS n FROM journalists WHERE email = 'ann.private@fill.example'`)).rows[0].n).toBe(0);

      // No outlet for the domain and a bare host: created without one.
      expect((await contacts.findOrCreateJournalist({ email: 'solo@nowhere.example' }, autocommit())).outletId).toBeNull();
      expect((await contacts.findOrCreateJournalist({ email: 'root@localhost' }, autocommit())).outletId).toBeNull();
    });

    it('edits other addresses, which are as unique as the email', async () => {
      const first = await logCall('Alias one', { email: 'al@alias.example' });
      const second = await logCall('Alias two', { email: 'bo@alias.example' });
      const id = first.journalist!.id;
      const edited = await agent.patch<JournalistDetailDto>(`/api/journalists/${id}`, { aliases: ['Al.Private@Mail.Example', 'al.private@mail.example', 'al@alias.example'] });
      expect(edited.status).toBe(200);
      expect(edited.body.aliases).toEqual(['al.private@mail.example']);
      expect((await logCall('Alias three', { email: 'al.private@mail.example' })).journalist!.id).toBe(id);

      const taken = await agent.patch(`/api/journalists/${second.journalist!.id}`, { aliases: ['al.private@mail.example'] });
      expect(taken.status).toBe(409);
      expect(taken.body.message).toBe('al.private@mail.example already belongs to another journalist');
      expect((await agent.patch(`/api/journalists/${second.journalist!.id}`, { email: 'al.private@mail.example' })).status).toBe(409);
      // Promoting an alias to the email takes it out of the aliases.
      const promoted = await agent.patch<JournalistDetailDto>(`/api/journalists/${id}`, { email: 'al.private@mail.example' });
      expect(promoted.body).toMatchObject({ email: 'al.private@mail.example', aliases: [] });
      const bad = await agent.patch(`/api/journalists/${id}`, { aliases: ['nope'] });
      expect(bad.status).toBe(400);
      expect(fieldMessages(bad.body)).toEqual({ aliases: 'each alias must be a valid email address' });
    });

    it('refuses to merge a journalist into itself or into an unknown record', async () => {
      const ticket = await logCall('Self merge', { email: 'self@merge.example' });
      const id = ticket.journalist!.id;
      const self = await admin.post(`/api/journalists/${id}/merge`, { intoId: id });
      expect(self.status).toBe(400);
      expect(self.body.message).toBe('A journalist cannot be merged into itself');
      const unknown = await admin.post(`/api/journalists/${id}/merge`, { intoId: UNKNOWN_ID });
      expect(unknown.status).toBe(404);
      expect(unknown.body.message).toBe('The journalist to merge into was not found');
      expect((await admin.post(`/api/journalists/${UNKNOWN_ID}/merge`, { intoId: id })).status).toBe(404);
      const bad = await admin.post(`/api/journalists/${id}/merge`, { intoId: 'someone' });
      expect(bad.status).toBe(400);
      expect(fieldMessages(bad.body)).toEqual({ intoId: 'intoId must be the id of the record to keep' });
      expect((await agent.get(`/api/journalists/${id}`)).status).toBe(200);
    });
  });

  describe('outlets', () => {
    it('creates an outlet with normalised domains, and refuses a domain another outlet has', async () => {
      const created = await agent.post<OutletDetailDto>('/api/outlets', {
        name: '  The Daily Example ',
        domains: ['@Daily.Example', 'DAILY.example.', 'news.daily.example', 'bücher.example'],
        tier: 'national',
        notes: 'Red-top.',
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        name: 'The Daily Example',
        domains: ['daily.example', 'news.daily.example', 'xn--bcher-kva.example'],
        tier: 'national',
        notes: 'Red-top.',
        journalistCount: 0,
        inquiryCount: 0,
        journalists: [],
        inquiries: [],
      });
      const [event] = await eventsFor(created.body.id);
      expect(event).toMatchObject({ type: 'outlet.created', after: { name: 'The Daily Example', tier: 'national' } });

      const clash = await agent.post('/api/outlets', { name: 'Daily Copycat', domains: ['copycat.example', 'DAILY.EXAMPLE'] });
      expect(clash.status).toBe(409);
      expect(clash.body.message).toBe('daily.example already belongs to the outlet The Daily Example');

      // Intake's find-or-create links a new journalist by mail domain (subdomains included).
      const journalist = await testApp.app.get(ContactsService).findOrCreateJournalist({ email: 'Reporter@News.Daily.Example' }, autocommit());
      expect(journalist.outletId).toBe(created.body.id);
    });

    it('answers 400 with per-field messages for a bad outlet', async () => {
      const bad = await agent.post('/api/outlets', { name: ' ', domains: ['not a domain', 'localhost', 'ok.example'], tier: 'tabloid' });
      expect(bad.status).toBe(400);
      const fields = fieldMessages(bad.body);
      expect(fields.name).toBe('name must not be empty');
      expect(fields.domains).toBe('each domain must be a mail domain such as example-news.com');
      expect(fields.tier).toBe('tier must be one of: national, regional, local, trade, international, other, or null');
      expect((await agent.post('/api/outlets', { domains: 'x.example' })).status).toBe(400);
    });

    it('lists outlets by name, searches name and domain, and shows one with its journalists and inquiries', async () => {
      const outlet = await createOutlet({ name: 'Zenith Radio', domains: ['zenith-radio.example'], tier: 'local' });
      await createOutlet({ name: 'Zenith Press', domains: ['zpress.example'] });
      const ticket = await logCall('Zenith question', { name: 'Zoe Zenith', email: 'zoe@zenith-radio.example' });

      const byName = await agent.get<Page<OutletSummaryDto>>('/api/outlets?q=zenith');
      expect(byName.body.items.map((item) => item.name)).toEqual(['Zenith Press', 'Zenith Radio']);
      expect(byName.body.items[1]).toMatchObject({ domains: ['zenith-radio.example'], tier: 'local', journalistCount: 1, inquiryCount: 1 });
      expect((await agent.get<Page<OutletSummaryDto>>('/api/outlets?q=zpress')).body.items.map((item) => item.name)).toEqual(['Zenith Press']);
      const paged = await agent.get<Page<OutletSummaryDto>>('/api/outlets?q=zenith&limit=1');
      const rest = await agent.get<Page<OutletSummaryDto>>(`/api/outlets?q=zenith&limit=1&cursor=${paged.body.nextCursor}`);
      expect([...paged.body.items, ...rest.body.items].map((item) => item.name)).toEqual(['Zenith Press', 'Zenith Radio']);
      expect(rest.body.nextCursor).toBeNull();

      const detail = await agent.get<OutletDetailDto>(`/api/outlets/${outlet.id}`);
      expect(detail.status).toBe(200);
      expect(detail.body.journalists).toEqual([{ id: ticket.journalist!.id, name: 'Zoe Zenith', email: 'zoe@zenith-radio.example', beat: null }]);
      expect(detail.body.inquiries).toEqual([{ id: ticket.id, reference: ticket.reference, subject: 'Zenith question', status: 'new', createdAt: ticket.createdAt }]);
      const missing = await agent.get(`/api/outlets/${UNKNOWN_ID}`);
      expect(missing.status).toBe(404);
      expect(missing.body.message).toBe('Outlet not found');
      const malformed = await agent.get('/api/outlets/nope');
      expect(malformed.status).toBe(400);
      expect(malformed.body.message).toBe('id must be a UUID');
    });

    it('lets an agent edit an outlet and records before and after', async () => {
      const outlet = await createOutlet({ name: 'Evening Post', domains: ['evening.example'] });
      await createOutlet({ name: 'Morning Post', domains: ['morning.example'] });
      const response = await agent.patch<OutletDetailDto>(`/api/outlets/${outlet.id}`, { name: 'The Evening Post', domains: ['evening.example', 'EVE.example'], tier: 'regional' });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ name: 'The Evening Post', domains: ['evening.example', 'eve.example'], tier: 'regional' });
      const update = (await eventsFor(outlet.id)).find((event) => event.type === 'outlet.updated');
      expect(update.before).toEqual({ name: 'Evening Post', domains: ['evening.example'], tier: null });
      expect(update.after).toEqual({ name: 'The Evening Post', domains: ['evening.example', 'eve.example'], tier: 'regional' });

      const clash = await agent.patch(`/api/outlets/${outlet.id}`, { domains: ['morning.example'] });
      expect(clash.status).toBe(409);
      expect((await agent.patch(`/api/outlets/${outlet.id}`, { tier: null, notes: null })).body).toMatchObject({ tier: null, notes: null });
      expect((await agent.patch(`/api/outlets/${outlet.id}`, { name: '' })).status).toBe(400);
      expect((await agent.patch(`/api/outlets/${UNKNOWN_ID}`, { name: 'Ghost' })).status).toBe(404);
    });

    it('merges a duplicate outlet (managers and admins only): journalists, inquiries and domains move over', async () => {
      const survivor = await createOutlet({ name: 'Metro News', domains: ['metro.example'] });
      const duplicate = await createOutlet({ name: 'Metro News Online', domains: ['metronews.example'], tier: 'regional', notes: 'Web desk.' });
      const ticket = await logCall('Metro question', { name: 'Mia Metro', email: 'mia@metronews.example' });
      expect(ticket.outlet?.id).toBe(duplicate.id);

      expect((await agent.post(`/api/outlets/${duplicate.id}/merge`, { intoId: survivor.id })).status).toBe(403);
      const merged = await admin.post<OutletDetailDto>(`/api/outlets/${duplicate.id}/merge`, { intoId: survivor.id });
      expect(merged.status).toBe(200);
      expect(merged.body).toMatchObject({
        id: survivor.id,
        name: 'Metro News',
        domains: ['metro.example', 'metronews.example'],
        tier: 'regional',
        notes: 'Web desk.',
        journalistCount: 1,
        inquiryCount: 1,
      });
      expect(merged.body.journalists.map((journalist) => journalist.id)).toEqual([ticket.journalist!.id]);
      expect(merged.body.inquiries.map((inquiry) => inquiry.id)).toEqual([ticket.id]);
      expect((await agent.get(`/api/outlets/${duplicate.id}`)).status).toBe(404);
      expect((await agent.get<JournalistDetailDto>(`/api/journalists/${ticket.journalist!.id}`)).body.outlet?.id).toBe(survivor.id);
      expect((await agent.get<TicketDetailDto>(`/api/tickets/${ticket.id}`)).body.outlet?.id).toBe(survivor.id);

      const [merge] = (await eventsFor(survivor.id)).filter((event) => event.type === 'outlet.merged');
      expect(merge.after).toMatchObject({ mergedId: duplicate.id, moved: { 'tickets.outlet_id': 1, 'journalists.outlet_id': 1 } });
      expect((await eventsFor(duplicate.id)).map((event) => event.type)).toEqual(['outlet.created', 'outlet.deleted']);

      // The merged domain now leads intake to the survivor.
      const newcomer = await testApp.app.get(ContactsService).findOrCreateJournalist({ email: 'max@metronews.example' }, autocommit());
      expect(newcomer.outletId).toBe(survivor.id);

      const self = await manager.post(`/api/outlets/${survivor.id}/merge`, { intoId: survivor.id });
      expect(self.status).toBe(400);
      expect((await manager.post(`/api/outlets/${survivor.id}/merge`, { intoId: UNKNOWN_ID })).status).toBe(404);
    });
  });
});
