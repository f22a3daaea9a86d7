import type { StatementDetailDto } from '@newsdesk/shared';
import { describeError } from '../../../api/client';
import { useRetireStatement } from '../hooks/useStatementMutations';

/** Retires a statement after a confirmation; its history stays. */
export function RetireStatement({ statement }: { statement: StatementDetailDto }) {
  const retire = useRetireStatement();
  return (
    <section className="card" aria-labelledby="statement-retire">
      <h2 id="statement-retire">Retire</h2>
      <p className="muted">A retired statement can no longer be inserted or sent; its history stays.</p>
      {retire.isError && (
        <p role="alert" className="form-error">
          {describeError(retire.error)}
        </p>
      )}
      <button
        type="button"
        className="button button--danger"
        disabled={retire.isPending}
        onClick={() => {
          if (window.confirm(`Retire “${statement.title}”? Nobody can send it afterwards.`)) retire.mutate(statement.id);
        }}
      >
        Retire statement
      </button>
    </section>
  );
}
