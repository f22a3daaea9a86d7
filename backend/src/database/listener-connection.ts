import pg from 'pg';

export interface ListenerHandlers {
  notification(channel: string, payload: string): void;
  /** After every successful LISTEN; `reconnected` is false the first time. Catch up on what was missed here. */
  connected(reconnected: boolean): void | Promise<void>;
  lost(error: Error, retryInMs: number): void;
}

export interface ListenerOptions {
  databaseUrl: string;
  channels: readonly string[];
  /** Shown in pg_stat_activity, so an operator can tell the listeners apart. */
  name: string;
  connectTimeoutMs: number;
  /** How often the connection proves it is alive; a round trip slower than this counts as dead. */
  keepaliveMs: number;
}

const MIN_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 15_000;

/**
 * One dedicated connection that LISTENs on a few channels. It notices a dead connection (error and
 * end events, and a periodic round trip with a deadline, since a frozen server keeps the socket
 * open), reconnects with exponential backoff and jitter (so replicas do not stampede a recovering
 * server), LISTENs again and lets its owner catch up on whatever was missed meanwhile.
 */
export class ListenerConnection {
  private client: pg.Client | null = null;
  private stopped = false;
  private failures = 0;
  private everConnected = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private keepalive: NodeJS.Timeout | null = null;
  private readyPromise: Promise<void> | null = null;
  private resolveReady: (() => void) | null = null;

  constructor(
    private readonly options: ListenerOptions,
    private readonly handlers: ListenerHandlers,
  ) {}

  get connected(): boolean {
    return this.client !== null;
  }

  /** Starts connecting (once); resolves when the first LISTEN is in place. */
  start(): Promise<void> {
    if (!this.readyPromise) {
      this.readyPromise = new Promise((resolve) => (this.resolveReady = resolve));
      this.keepalive = setInterval(() => void this.ping(), this.options.keepaliveMs);
      this.keepalive.unref();
      void this.connect();
    }
    return this.readyPromise;
  }

  /** start(), but gives up waiting after `ms` (the database may be down at boot: the connection keeps trying). */
  startWithin(ms: number): Promise<void> {
    const wait = new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
    return Promise.race([this.start(), wait]);
  }

  /** A round trip on the listening connection: a dead or frozen server surfaces here rather than after TCP keepalive gives up. */
  async ping(): Promise<void> {
    const client = this.client;
    if (!client) return;
    try {
      await client.query({ text: 'SELECT 1', query_timeout: this.options.keepaliveMs } as pg.QueryConfig);
    } catch (error) {
      this.drop(client, error as Error);
    }
  }

  /**
   * NOTIFYs `channel` from this connection (a fence or its answer) and says how many connections of this
   * name LISTEN on the database (replicas, this one included); 0 while disconnected.
   */
  async notify(channel: string, payload: string): Promise<number> {
    const client = this.client;
    if (!client) return 0;
    const { rows } = await client.query<{ listeners: number }>({
      text: `SELECT pg_notify($1, $2), (SELECT count(*)::int FROM pg_stat_activity WHERE application_name = $3 AND datname = current_database()) AS listeners`,
      values: [channel, payload, this.options.name],
      query_timeout: this.options.keepaliveMs,
    } as pg.QueryConfig);
    return rows[0]?.listeners ?? 0;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.keepalive) clearInterval(this.keepalive);
    const client = this.client;
    this.client = null;
    this.resolveReady?.();
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({
      connectionString: this.options.databaseUrl,
      keepAlive: true,
      application_name: this.options.name,
      connectionTimeoutMillis: this.options.connectTimeoutMs,
      query_timeout: this.options.keepaliveMs,
    });
    client.on('notification', (message) => this.handlers.notification(message.channel, message.payload ?? ''));
    client.on('error', (error) => this.drop(client, error));
    client.on('end', () => this.drop(client, new Error('connection ended')));
    try {
      await client.connect();
      for (const channel of this.options.channels) await client.query(`LISTEN ${client.escapeIdentifier(channel)}`);
    } catch (error) {
      this.drop(client, error as Error);
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.failures = 0;
    const reconnected = this.everConnected;
    this.everConnected = true;
    this.resolveReady?.();
    try {
      await this.handlers.connected(reconnected);
    } catch (error) {
      this.handlers.lost(error as Error, 0);
    }
  }

  private drop(client: pg.Client, error: Error): void {
    client.removeAllListeners('notification');
    client.removeAllListeners('end');
    // Keep an error listener: a late socket error must not crash the process.
    client.removeAllListeners('error');
    client.on('error', () => undefined);
    // With a query in flight (a ping to a frozen server) end() destroys the socket rather than waiting.
    void client.end().catch(() => undefined);
    if (this.client === client) this.client = null;
    else if (this.client) return;
    if (this.stopped || this.retryTimer) return;
    const ceiling = Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS * 2 ** this.failures++);
    const delay = Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
    this.handlers.lost(error, delay);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, delay);
    this.retryTimer.unref();
  }
}
