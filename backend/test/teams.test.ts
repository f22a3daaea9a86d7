import type { TeamDto } from '@newsdesk/shared';
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
});
