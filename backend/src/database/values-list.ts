/**
 * A multi-row VALUES list with numbered parameters, for the batch repositories' one-statement writes:
 * `casts` names each column's type once (`uuid`, `jsonb`, `text[]`, or '' for none).
 */
export function valuesList(rows: readonly (readonly unknown[])[], casts: readonly string[]): { text: string; params: unknown[] } {
  const params: unknown[] = [];
  const text = rows
    .map((row) => {
      if (row.length !== casts.length) throw new Error(`a VALUES row has ${row.length} values for ${casts.length} columns`);
      const cells = row.map((value, column) => {
        params.push(value);
        return casts[column] ? `$${params.length}::${casts[column]}` : `$${params.length}`;
      });
      return `(${cells.join(', ')})`;
    })
    .join(', ');
  return { text, params };
}
