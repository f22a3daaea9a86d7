/** "nd-1042, ND-1043 ND-1044" → ['ND-1042', 'ND-1043', 'ND-1044']; ids pass through. */
export function parseTicketReferences(value: string): string[] {
  const parts = value
    .split(/[\s,;]+/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => (/^nd-\d+$/i.test(part) ? part.toUpperCase() : /^\d+$/.test(part) ? `ND-${part}` : part));
  return [...new Set(parts)];
}
