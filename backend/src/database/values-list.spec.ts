import { valuesList } from './values-list.js';

describe('valuesList', () => {
  it('numbers the parameters row by row with each column cast once', () => {
    expect(valuesList([[1, 'a'], [2, 'b']], ['int', ''])).toEqual({ text: '($1::int, $2), ($3::int, $4)', params: [1, 'a', 2, 'b'] });
  });

  it('refuses a row with the wrong number of values', () => {
    expect(() => valuesList([[1]], ['int', 'text'])).toThrow('a VALUES row has 1 values for 2 columns');
  });
});
