import { useId } from 'react';
import { ErrorPanel } from '../../../components/ErrorPanel';
import { formatDateTime } from '../../../components/RelativeTime';
import { useEndOtherSessions, useEndSession, useSessions } from '../hooks/useUserAccess';
import { Notice } from '../../../components/Notice';
import { Muted } from '../../../components/Muted';
import { Card } from '../../../components/Card';
import { FormError } from '../../../components/FormError';
import { Button } from '../../../components/Button';
import tokenListStyles from './TokenList.module.css';

/** A short, readable name for a browser from its user agent ("Firefox on Linux"); the full string is in the title. */
export function describeDevice(userAgent: string | null): string {
  if (!userAgent) return 'Unknown device';
  const browser = /Edg\//.test(userAgent) ? 'Edge' : /Firefox\//.test(userAgent) ? 'Firefox' : /Chrom(e|ium)\//.test(userAgent) ? 'Chrome' : /Safari\//.test(userAgent) ? 'Safari' : null;
  const system = /Windows/.test(userAgent) ? 'Windows' : /Android/.test(userAgent) ? 'Android' : /iPhone|iPad/.test(userAgent) ? 'iOS' : /Mac OS X/.test(userAgent) ? 'macOS' : /Linux/.test(userAgent) ? 'Linux' : null;
  if (browser && system) return `${browser} on ${system}`;
  return browser ?? system ?? userAgent.slice(0, 40);
}

/** The signed-in sessions of one user (`me`: the viewer's own), each with a way to end it. */
export function SessionList({ userId, heading }: { userId: string; heading: string }) {
  const id = useId();
  const sessions = useSessions(userId);
  const end = useEndSession(userId);
  const endOthers = useEndOtherSessions(userId);
  const others = sessions.data?.filter((session) => !session.current) ?? [];
  const ownList = sessions.data?.some((session) => session.current) ?? false;

  return (
    <Card aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{heading}</h2>
      {sessions.isPending && <p role="status">Loading sessions…</p>}
      {sessions.isError && <ErrorPanel title="Sessions could not load." error={sessions.error} onRetry={() => void sessions.refetch()} />}
      {sessions.data && sessions.data.length === 0 && <p>Not signed in anywhere.</p>}
      {sessions.data && sessions.data.length > 0 && (
        <ul className={tokenListStyles.tokenList}>
          {sessions.data.map((session) => {
            const device = describeDevice(session.userAgent);
            return (
              <li key={session.id}>
                <span>
                  <strong title={session.userAgent ?? undefined}>{device}</strong>
                  {session.current && <Notice as="span"> this browser</Notice>}{' '}
                  <Muted>
                    {session.ip ?? 'unknown address'} · signed in {formatDateTime(session.createdAt)}, last active {formatDateTime(session.lastSeenAt)}
                  </Muted>
                </span>
                {!session.current && (
                  <Button type="button" disabled={end.isPending} onClick={() => end.mutate(session.id)} aria-label={`End session on ${device} from ${session.ip ?? 'unknown address'}`}>
                    End session
                  </Button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {(others.length > 1 || (!ownList && others.length > 0)) && (
        <Button type="button" disabled={endOthers.isPending} onClick={() => endOthers.mutate()}>
          {ownList ? 'Sign out all other sessions' : 'Sign out everywhere'}
        </Button>
      )}
      <FormError error={end.error ?? endOthers.error} />
    </Card>
  );
}
