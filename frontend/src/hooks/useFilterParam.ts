import { useSearchParams } from 'react-router';

/** One filter kept in the address (`?name=value`), read back only when it is one of the values; other parameters stay. */
export function useFilterParam<T extends string>(name: string, values: readonly T[]): [T | undefined, (value: string) => void] {
  const [params, setParams] = useSearchParams();
  const value = values.find((candidate) => candidate === params.get(name));
  const set = (next: string) => {
    setParams((current) => {
      const updated = new URLSearchParams(current);
      if (next) updated.set(name, next);
      else updated.delete(name);
      return updated;
    });
  };
  return [value, set];
}
