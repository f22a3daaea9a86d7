import type { TeamDto } from '@newsdesk/shared';
import { connectDatabase } from './database.js';
import { createUser, signedInClient, type TestUser } from './factories.js';
import type { HttpClient } from './http-client.js';
import { createTestApp, type TestApp } from './test-app.js';

describe('teams API', () => {
  let testApp: TestApp;
  let admin: HttpClient;
  let manager: HttpClient;
  let agent: HttpClient;
  let ana: TestUser;
  let ben: TestUser;

  beforeAll(async () => {
    testApp = await createTestApp({ METRICS_REFRESH_SECONDS: '0' });
    ({ client: admin } = await signedInClient(testApp, 'admin'));
    ({ client: manager } = await signedInClient(testApp, 'manager'));
    ({ client: agent } = await signedInClient(testApp, 'agent'));
    ana = await createUser(testApp, 'agent', { name: 'Ana' });
    ben = await createUser(testApp, 'agent', { name: 'Ben' });
  });
  afterAll(() => testApp.close());

  it('lets admins make and change teams, managers read them, and agents neither', async () => {
    const created = await admin.post<TeamDto>('/api/teams', { name: 'Politics desk', memberIds: [ana.id, ben.id] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Politics desk', members: [{ id: ana.id, name: 'Ana' }, { id: ben.id, name: 'Ben' }] });

    expect((await admin.post('/api/teams', { name: 'politics DESK' })).status).toBe(409);
    expect((await admin.post('/api/teams', { name: 'Health', memberIds: ['6f1c2d3e-0000-4000-8000-000000000000'] })).body.message).toBe(
      'memberIds must all be existing users',
    );

    const renamed = await admin.patch<TeamDto>(`/api/teams/${created.body.id}`, { name: 'Politics', memberIds: [ben.id] });
    expect(renamed.body).toMatchObject({ name: 'Politics', members: [{ id: ben.id }] });
    expect((await manager.get<TeamDto[]>('/api/teams')).body.map((team) => team.name)).toEqual(['Politics']);

    expect((await manager.post('/api/teams', { name: 'Managers cannot' })).status).toBe(403);
    expect((await agent.get('/api/teams')).status).toBe(403);

    expect((await admin.delete(`/api/teams/${created.body.id}`)).status).toBe(204);
    expect((await admin.get<TeamDto[]>('/api/teams')).body).toEqual([]);
    expect((await admin.delete(`/api/teams/${created.body.id}`)).status).toBe(404);
  });

  it('marks the metrics team rows stale when the members change, not when a team is saved with the same members', async () => {
    const db = await connectDatabase(testApp);
    try {
      const stale = async () => ((await db.query(`SELECT teams_stale FROM metric_rollup_state`)).rows[0] as { teams_stale: boolean }).teams_stale;
      const team = (await admin.post<TeamDto>('/api/teams', { name: 'Health', memberIds: [ana.id] })).body;
      expect(await stale()).toBe(true);
      // A metric read refreshes the rollups first: the team rows are computed again and current.
      expect((await manager.get('/api/metrics/summary')).status).toBe(200);
      expect(await stale()).toBe(false);
      // Renamed, the same members given again (in another letter case): nothing to compute again.
      expect((await admin.patch(`/api/teams/${team.id}`, { name: 'Health desk', memberIds: [ana.id.toUpperCase()] })).status).toBe(200);
      expect(await stale()).toBe(false);
      expect((await admin.patch(`/api/teams/${team.id}`, { memberIds: [ana.id, ben.id] })).status).toBe(200);
      expect(await stale()).toBe(true);
      expect((await manager.get('/api/metrics/summary')).status).toBe(200);
      expect((await admin.patch(`/api/teams/${team.id}`, { memberIds: [ben.id] })).status).toBe(200);
      expect(await stale()).toBe(true);
      expect((await admin.get<TeamDto[]>('/api/teams')).body).toMatchObject([{ name: 'Health desk', members: [{ id: ben.id }] }]);
    } finally {
      await db.end();
    }
  });
});
