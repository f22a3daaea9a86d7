import { INTAKE_DOORS, type IntakeOutcome } from '@newsdesk/shared';
import { useSession } from '../../auth/hooks/useSession';
import { ErrorPanel } from '../../../components/ErrorPanel';
import { formatDateTime } from '../../../components/RelativeTime';
import { SendTestMail } from '../components/SendTestMail';
import { useIntakeHealth, useSettings } from '../hooks/useMailAdmin';
import { Muted } from '../../../components/Muted';
import { Card } from '../../../components/Card';
import styles from './MailPage.module.css';

const SETTING_LABELS: Record<string, string> = {
  version: 'Version',
  publicUrl: 'Public address',
  mailDomain: 'Mail domain',
  database: 'Database',
  sessionIdleMinutes: 'Session idle limit (min)',
  sessionAbsoluteHours: 'Session absolute limit (h)',
  loginMaxAttempts: 'Sign-in attempts before lockout',
  loginLockoutMinutes: 'Lockout (min)',
  totpRequiredRoles: 'Roles that must use two-factor sign-in',
};

function humanise(key: string): string {
  return SETTING_LABELS[key] ?? key.replace(/([A-Z])/g, ' $1').replace(/^./, (first) => first.toUpperCase());
}

function show(value: unknown): string {
  if (Array.isArray(value)) return value.map(show).join(', ') || '—';
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** How mail gets in and out: intake health, the server's mail settings, a test send. */
export function MailPage() {
  const isAdmin = useSession().data?.user.role === 'admin';
  const health = useIntakeHealth();
  const settings = useSettings(isAdmin);

  return (
    <>
      <title>Mailboxes · Newsdesk</title>
      <h1>Mailboxes and mail flow</h1>
      <Card aria-labelledby="intake-health">
        <h2 id="intake-health">Intake health</h2>
        {health.isError && <ErrorPanel title="Intake health could not load." error={health.error} />}
        {health.data && (
          <>
            <dl className={styles.stats}>
              <div>
                <dt>Waiting to be processed</dt>
                <dd>{health.data.pending}</dd>
              </div>
              <div>
                <dt>Oldest waiting</dt>
                <dd>{health.data.oldestPendingSeconds === null ? '—' : `${health.data.oldestPendingSeconds} s`}</dd>
              </div>
              <div>
                <dt>Quarantined</dt>
                <dd className={health.data.quarantined > 0 ? styles.statsAlert : undefined}>{health.data.quarantined}</dd>
              </div>
            </dl>
            <h3>Last 24 hours</h3>
            <p>
              {Object.entries(health.data.last24h).length === 0
                ? 'Nothing received.'
                : Object.entries(health.data.last24h)
                    .map(([outcome, count]) => `${(outcome as IntakeOutcome).replace('_', ' ')}: ${count}`)
                    .join(' · ')}
            </p>
            <h3>Last message per door</h3>
            <dl className={styles.keyValues}>
              {INTAKE_DOORS.map((door) => (
                <div key={door}>
                  <dt>{door.toUpperCase()}</dt>
                  <dd>{health.data.lastReceivedAt[door] ? formatDateTime(health.data.lastReceivedAt[door] as string) : 'never'}</dd>
                </div>
              ))}
            </dl>
          </>
        )}
      </Card>
      {isAdmin && (
        <Card aria-labelledby="server-settings">
          <h2 id="server-settings">Server settings</h2>
          <Muted as="p">Set through environment variables; secrets are never shown.</Muted>
          {settings.isError && <ErrorPanel title="Settings could not load." error={settings.error} />}
          {settings.data && (
            <dl className={styles.keyValues}>
              {Object.entries(settings.data).map(([key, value]) => (
                <div key={key}>
                  <dt>{humanise(key)}</dt>
                  <dd>{show(value)}</dd>
                </div>
              ))}
            </dl>
          )}
        </Card>
      )}
      {isAdmin && <SendTestMail />}
    </>
  );
}
