/** "paper.example, Paper.co.example" → ['paper.example', 'paper.co.example']. */
export function splitDomains(value: string): string[] {
  return [...new Set(value.split(/[,\s]+/).map((domain) => domain.trim().toLowerCase()).filter(Boolean))];
}
