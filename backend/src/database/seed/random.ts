/** A small deterministic PRNG (sfc32, 128-bit state): the same seed gives the same sequence on every machine. */
export type Random = () => number;

export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function sfc32(a: number, b: number, c: number, d: number): Random {
  return () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

/** An independent stream per (seed, label, index), so one ticket's history does not depend on another's. */
export function streamFor(seed: string, label: string, index = 0): Random {
  const key = `${seed}:${label}:${index}`;
  const random = sfc32(hash32(`a${key}`), hash32(`b${key}`), hash32(`c${key}`), hash32(`d${key}`));
  // The first outputs of sfc32 still echo the seed; discard them.
  for (let i = 0; i < 12; i++) random();
  return random;
}

export const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];

/** Draws indexes with fixed weights in O(log n): cumulative sums and a binary search. */
export function sampler(weights: readonly number[]): (random: Random) => number {
  const cumulative: number[] = [];
  let total = 0;
  for (const weight of weights) cumulative.push((total += weight));
  return (random) => {
    const target = random() * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle] > target) high = middle;
      else low = middle + 1;
    }
    return low;
  };
}

/** Index drawn with the given weights (for short lists; use `sampler` for long ones). */
export function weighted(random: Random, weights: readonly number[]): number {
  return sampler(weights)(random);
}

/** Log-normal with the given median (same unit) and spread (sigma of the log). */
export function logNormal(random: Random, median: number, sigma: number): number {
  const u = Math.max(random(), 1e-12);
  const v = random();
  return median * Math.exp(sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
const hex32 = (n: number) => HEX[(n >>> 24) & 255] + HEX[(n >>> 16) & 255] + HEX[(n >>> 8) & 255] + HEX[n & 255];

/** A version-4-shaped UUID from the stream. */
export function uuidFrom(random: Random): string {
  const a = (random() * 4294967296) >>> 0;
  const b = (random() * 4294967296) >>> 0;
  const c = (random() * 4294967296) >>> 0;
  const d = (random() * 4294967296) >>> 0;
  const bh = hex32(b);
  const ch = hex32(((c & 0x3fffffff) | 0x80000000) >>> 0);
  return `${hex32(a)}-${bh.slice(0, 4)}-4${bh.slice(5, 8)}-${ch.slice(0, 4)}-${ch.slice(4)}${hex32(d)}`;
}
