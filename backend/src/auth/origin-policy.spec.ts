import { originRefusal } from './origin-policy.js';

const at = (headers: Record<string, string>, host = 'localhost:5173') => ({ headers, host });

describe('originRefusal', () => {
  it('lets through requests without browser labels (scripts still need the CSRF token)', () => {
    expect(originRefusal(at({}), null)).toBeNull();
  });

  it('allows same-origin and user-initiated requests', () => {
    expect(originRefusal(at({ 'sec-fetch-site': 'same-origin', origin: 'http://localhost:5173' }), null)).toBeNull();
    expect(originRefusal(at({ 'sec-fetch-site': 'none' }), null)).toBeNull();
  });

  it('refuses cross-site and same-site requests, whatever the Origin says', () => {
    expect(originRefusal(at({ 'sec-fetch-site': 'cross-site', origin: 'http://localhost:5173' }), null)).toMatch(/another site/);
    expect(originRefusal(at({ 'sec-fetch-site': 'same-site' }), null)).toMatch(/another site/);
  });

  it('without PUBLIC_URL compares the Origin with the host the request was addressed to', () => {
    expect(originRefusal(at({ origin: 'http://LOCALHOST:5173' }), null)).toBeNull();
    expect(originRefusal(at({ origin: 'http://localhost:3000' }), null)).toMatch(/another origin/);
    expect(originRefusal(at({ origin: 'null' }), null)).toMatch(/another origin/);
    expect(originRefusal(at({ origin: 'file://localhost:5173' }), null)).toMatch(/another origin/);
  });

  it('with PUBLIC_URL wants exactly its origin, scheme included', () => {
    const publicOrigin = 'https://desk.example.org';
    expect(originRefusal(at({ origin: 'https://desk.example.org' }, 'desk.example.org'), publicOrigin)).toBeNull();
    expect(originRefusal(at({ origin: 'http://desk.example.org' }, 'desk.example.org'), publicOrigin)).toMatch(/another origin/);
    expect(originRefusal(at({ origin: 'https://desk.example.org.evil.example' }, 'desk.example.org'), publicOrigin)).toMatch(/another origin/);
  });
});
