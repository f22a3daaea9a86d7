/** A stand-in for EventSource (jsdom has none) that a test pushes server events through. */
export class FakeEventSource extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static created: FakeEventSource[] = [];
  readyState = FakeEventSource.OPEN;

  constructor(readonly url: string) {
    super();
    FakeEventSource.created.push(this);
  }

  emit(type: string, data: unknown): void {
    this.dispatchEvent(new MessageEvent(type, { data: JSON.stringify(data) }));
  }

  close(): void {
    this.readyState = FakeEventSource.CLOSED;
  }

  static latest(): FakeEventSource {
    const source = FakeEventSource.created.at(-1);
    if (!source) throw new Error('the app opened no event stream');
    return source;
  }
}

/** Installs the fake as the global EventSource; the returned function removes it. */
export function installEventSource(): () => void {
  FakeEventSource.created = [];
  Object.defineProperty(globalThis, 'EventSource', { value: FakeEventSource, configurable: true, writable: true });
  return () => {
    delete (globalThis as { EventSource?: unknown }).EventSource;
  };
}
