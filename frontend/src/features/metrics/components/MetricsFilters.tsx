import { OUTLET_TIERS, REQUEST_TYPES, TICKET_CHANNELS, type MetricsOptionsDto, type MetricsQueryParams } from '@newsdesk/shared';
import { useId, type ChangeEvent } from 'react';
import { localToday, shiftDate, type MetricsView } from '../metrics-params';
import { SelectField } from '../../../components/SelectField';
import { Field } from '../../../components/Field';
import { Button, ButtonRow } from '../../../components/Button';
import styles from './MetricsFilters.module.css';

interface MetricsFiltersProps {
  view: MetricsView;
  options: MetricsOptionsDto | undefined;
  /** The range the server answered for (its defaults fill what the address leaves out). */
  range: { from: string; to: string } | undefined;
  onChange: (view: MetricsView) => void;
}

const PRESETS = [
  { label: 'Last 7 days', days: 7 },
  { label: 'Last 4 weeks', days: 28 },
  { label: 'Last 12 months', days: 365 },
] as const;

export function MetricsFilters({ view, options, range, onChange }: MetricsFiltersProps) {
  const id = useId();
  const set = (patch: Partial<MetricsQueryParams>) => onChange({ ...view, query: { ...view.query, ...patch } });
  const select = (name: keyof MetricsQueryParams) => (event: ChangeEvent<HTMLSelectElement>) => set({ [name]: event.currentTarget.value || undefined });
  const date = (name: 'from' | 'to') => (event: ChangeEvent<HTMLInputElement>) => {
    if (/^\d{4}-\d{2}-\d{2}$/.test(event.currentTarget.value)) set({ [name]: event.currentTarget.value });
  };
  const field = (name: string) => `${id}-${name}`;

  return (
    <form className={styles.metricsFilters} aria-label="Metrics filters" onSubmit={(event) => event.preventDefault()}>
      <div className={styles.metricsFiltersRange}>
        <Field>
          <label htmlFor={field('from')}>From</label>
          <input id={field('from')} type="date" value={view.query.from ?? range?.from ?? ''} onChange={date('from')} />
        </Field>
        <Field>
          <label htmlFor={field('to')}>To</label>
          <input id={field('to')} type="date" value={view.query.to ?? range?.to ?? ''} onChange={date('to')} />
        </Field>
        <ButtonRow role="group" aria-label="Quick ranges">
          {PRESETS.map((preset) => (
            <Button variant="quiet"
              key={preset.label}
              type="button"
              onClick={() => {
                const to = range?.to ?? localToday();
                set({ from: shiftDate(to, -(preset.days - 1)), to });
              }}
            >
              {preset.label}
            </Button>
          ))}
        </ButtonRow>
      </div>
      <div className={styles.metricsFiltersGrid}>
        <Field>
          <label htmlFor={field('officer')}>Officer</label>
          <select id={field('officer')} value={view.query.officer ?? ''} onChange={select('officer')}>
            <option value="">All officers</option>
            <option value="none">Unassigned</option>
            {options?.officers.map((officer) => (
              <option key={officer.id} value={officer.id}>
                {officer.name}
              </option>
            ))}
          </select>
        </Field>
        <Field>
          <label htmlFor={field('team')}>Team</label>
          <select id={field('team')} value={view.query.team ?? ''} onChange={select('team')}>
            <option value="">All teams</option>
            {options?.teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </select>
        </Field>
        <Field>
          <label htmlFor={field('outlet')}>Outlet</label>
          <select id={field('outlet')} value={view.query.outlet ?? ''} onChange={select('outlet')}>
            <option value="">All outlets</option>
            <option value="none">No outlet</option>
            {options?.outlets.map((outlet) => (
              <option key={outlet.id} value={outlet.id}>
                {outlet.name}
              </option>
            ))}
          </select>
        </Field>
        <SelectField label="Tier" value={view.query.tier} values={OUTLET_TIERS} emptyLabel="All tiers" onChange={(tier) => set({ tier: tier || undefined })} />
        <Field>
          <label htmlFor={field('topic')}>Topic</label>
          <select id={field('topic')} value={view.query.topic ?? ''} onChange={select('topic')}>
            <option value="">All topics</option>
            <option value="none">No topic</option>
            {options?.topics.map((topic) => (
              <option key={topic} value={topic}>
                {topic}
              </option>
            ))}
          </select>
        </Field>
        <Field>
          <label htmlFor={field('channel')}>Channel</label>
          <select id={field('channel')} value={view.query.channel ?? ''} onChange={select('channel')}>
            <option value="">All channels</option>
            {TICKET_CHANNELS.map((channel) => (
              <option key={channel} value={channel}>
                {channel}
              </option>
            ))}
          </select>
        </Field>
        <Field>
          <label htmlFor={field('requestType')}>Request type</label>
          <select id={field('requestType')} value={view.query.requestType ?? ''} onChange={select('requestType')}>
            <option value="">All request types</option>
            {REQUEST_TYPES.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        </Field>
        {options?.businessHours && (
          <Field>
            <label htmlFor={field('clock')}>Durations</label>
            <select id={field('clock')} value={view.query.clock ?? 'calendar'} onChange={(event) => set({ clock: event.currentTarget.value === 'business' ? 'business' : undefined })}>
              <option value="calendar">Calendar time</option>
              <option value="business">Office hours only</option>
            </select>
          </Field>
        )}
      </div>
    </form>
  );
}
