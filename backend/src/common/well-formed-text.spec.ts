import { findUnpairedSurrogate, unpairedSurrogateMessage } from './well-formed-text.js';

describe('findUnpairedSurrogate', () => {
  it('accepts well-formed text, including a character outside the BMP written as a pair', () => {
    expect(findUnpairedSurrogate({ q: 'harbour \u{1F600}', tags: ['a', 'b'], n: 3, none: null })).toBeNull();
  });

  it('names the first field holding a lone high or low surrogate, however deep', () => {
    expect(findUnpairedSurrogate({ q: 'x\ud800' })).toBe('q');
    expect(findUnpairedSurrogate({ items: [{ text: 'ok' }, { text: '\udc00y' }] })).toBe('items[1].text');
    expect(findUnpairedSurrogate('\ud83d')).toBe('(the whole value)');
  });

  it('finds one in a key, and keeps it out of the message it returns', () => {
    const where = findUnpairedSurrogate({ 'bad\ud800key': 'value' });
    expect(where).toBe('the name of bad\ufffdkey');
    expect(unpairedSurrogateMessage(where!, 'query')).toBe(
      'text contains an unpaired UTF-16 surrogate at the name of bad\ufffdkey (in the request query); send well-formed Unicode text',
    );
  });
});
