import { useCallback, useSyncExternalStore } from 'react';

/** A named queue address (its search string), kept per user in this browser. */
export interface SavedView {
  name: string;
  search: string;
}

const listeners = new Set<() => void>();
const EMPTY: SavedView[] = [];
const cache = new Map<string, { raw: string | null; views: SavedView[] }>();

export function savedViewsKey(userId: string): string {
  return `newsdesk.savedViews.${userId}`;
}

export function readSavedViews(userId: string): SavedView[] {
  const key = savedViewsKey(userId);
  let raw: string | null = null;
  try {
    raw = window.localStorage.getItem(key);
  } catch {
    return EMPTY; // storage disabled: views simply are not kept
  }
  const cached = cache.get(key);
  if (cached && cached.raw === raw) return cached.views;
  const views = parseViews(raw);
  cache.set(key, { raw, views });
  return views;
}

function parseViews(raw: string | null): SavedView[] {
  if (!raw) return EMPTY;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!Array.isArray(parsed)) return EMPTY;
    return parsed.filter(
      (view): view is SavedView => typeof view?.name === 'string' && typeof view?.search === 'string',
    );
  } catch {
    return EMPTY;
  }
}

function writeSavedViews(userId: string, views: SavedView[]): void {
  try {
    window.localStorage.setItem(savedViewsKey(userId), JSON.stringify(views));
  } catch {
    // Quota or privacy mode: the view lives until reload.
  }
  listeners.forEach((listener) => listener());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // Another tab saving a view updates this one too.
  window.addEventListener('storage', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', listener);
  };
}

/**
 * The signed-in user's saved queue views. Stored in localStorage under the user's id (so two
 * people sharing a browser keep theirs apart); they do not follow the user to another device.
 */
export function useSavedViews(userId: string) {
  const views = useSyncExternalStore(subscribe, () => readSavedViews(userId), () => EMPTY);
  const save = useCallback(
    (view: SavedView) => writeSavedViews(userId, [...readSavedViews(userId).filter((v) => v.name !== view.name), view]),
    [userId],
  );
  const remove = useCallback(
    (name: string) => writeSavedViews(userId, readSavedViews(userId).filter((view) => view.name !== name)),
    [userId],
  );
  return { views, save, remove };
}
