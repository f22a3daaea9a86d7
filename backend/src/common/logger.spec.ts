import { pino } from 'pino';
import { createLogger, formatPrettyLine, requestLogFields, resolveLogFormat } from './logger.js';

describe('log format', () => {
  it('is pretty for a person at a terminal and JSON in production or through a pipe', () => {
    const terminal = { isTTY: true } as NodeJS.WriteStream;
    const pipe = { isTTY: false } as NodeJS.WriteStream;
    expect(resolveLogFormat('auto', 'development', terminal)).toBe('pretty');
    expect(resolveLogFormat('auto', 'production', terminal)).toBe('json');
    expect(resolveLogFormat('auto', 'development', pipe)).toBe('json');
    expect(resolveLogFormat('json', 'development', terminal)).toBe('json');
    expect(resolveLogFormat('pretty', 'production', pipe)).toBe('pretty');
  });

  it('writes a JSON log line as one short readable line with its fields, the stack indented below', () => {
    const time = new Date(2026, 0, 5, 9, 3, 7).getTime();
    const line = JSON.stringify({ level: 40, time, service: 'newsdesk', context: 'SmtpDoor', msg: 'refused', port: 2525, err: { message: 'boom', stack: 'Error: boom\n    at x' } });
    expect(formatPrettyLine(`${line}\n`)).toBe('09:03:07 WARN  [SmtpDoor] refused port=2525\n    Error: boom\n        at x\n');
  });

  it('logs a request without the secret of a calendar link in its path', () => {
    const fields = requestLogFields({ method: 'GET', url: '/api/calendar/deadlines/ndcal_AbC-9_xyz.ics?x=1', host: 'desk.example', ip: '192.0.2.1' });
    expect(fields).toEqual({ method: 'GET', url: '/api/calendar/deadlines/ndcal_[redacted].ics?x=1', host: 'desk.example', remoteAddress: '192.0.2.1', remotePort: undefined });
    // The HTTP layer's child logger inherits it, and Fastify prefers it to its own request serializer.
    const child = createLogger('silent').child({ component: 'http' }) as unknown as Record<symbol, Record<string, unknown>>;
    expect(child[pino.symbols.serializersSym].req).toBe(requestLogFields);
  });
});
