import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  const state = globalThis.__NEWSDESK_PG__;
  if (!state) return;
  await state.handle.stop();
  rmSync(state.dir, { recursive: true, force: true });
}
