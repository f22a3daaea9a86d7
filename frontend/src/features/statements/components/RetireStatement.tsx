import type { StatementDetailDto } from '@newsdesk/shared';
import { useRetireStatement } from '../hooks/useStatementMutations';
import { FormError } from '../../../components/FormError';
import { Muted } from '../../../components/Muted';
import { Card } from '../../../components/Card';
import { Button } from '../../../components/Button';

/** Retires a statement after a confirmation; its history stays. */
export function RetireStatement({ statement }: { statement: StatementDetailDto }) {
  const retire = useRetireStatement();
  return (
    <Card aria-labelledby="statement-retire">
      <h2 id="statement-retire">Retire</h2>
      <Muted as="p">A retired statement can no longer be inserted or sent; its history stays.</Muted>
      <FormError error={retire.error} />
      <Button variant="danger"
        type="button"
        disabled={retire.isPending}
        onClick={() => {
          if (window.confirm(`Retire “${statement.title}”? Nobody can send it afterwards.`)) retire.mutate(statement.id);
        }}
      >
        Retire statement
      </Button>
    </Card>
  );
}
