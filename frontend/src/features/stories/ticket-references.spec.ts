import { parseTicketReferences } from './ticket-references';

describe('parseTicketReferences', () => {
  it('reads references typed with commas, spaces or bare numbers, once each', () => {
    expect(parseTicketReferences(' nd-1042, ND-1043;1044\nND-1042 ')).toEqual(['ND-1042', 'ND-1043', 'ND-1044']);
  });

  it('reads nothing from blank input', () => {
    expect(parseTicketReferences(' , ')).toEqual([]);
  });
});
