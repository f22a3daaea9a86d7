import { safeNextPath, signInPath } from './next-path';

describe('safeNextPath', () => {
  it.each(['/', '/?status=open', '/tickets/42#reply', '/settings/users?page=2'])('keeps the local path %s', (path) => {
    expect(safeNextPath(path)).toBe(path);
  });

  it.each([
    null,
    '',
    'tickets',
    'https://evil.example/',
    '//evil.example/',
    '/\\evil.example/',
    '/\t/evil.example/',
    'javascript:alert(1)',
    '/signin?next=/',
  ])('falls back to the queue for %p', (next) => {
    expect(safeNextPath(next)).toBe('/');
  });
});

describe('signInPath', () => {
  it('carries the whole current location as next', () => {
    expect(signInPath({ pathname: '/', search: '?status=open&q=a b', hash: '' })).toBe(
      '/signin?next=%2F%3Fstatus%3Dopen%26q%3Da%20b',
    );
  });
});
