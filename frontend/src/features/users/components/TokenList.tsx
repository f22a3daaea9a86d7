import type { ApiTokenDto } from '@newsdesk/shared';
import { formatDateTime } from '../../../components/RelativeTime';
import { Muted } from '../../../components/Muted';
import { Button } from '../../../components/Button';
import tokenListStyles from './TokenList.module.css';

/** Active API tokens with a Revoke button each: the profile's own list and an admin's view of a colleague's. */
export function TokenList({ tokens, revoking, onRevoke }: { tokens: ApiTokenDto[]; revoking: boolean; onRevoke: (tokenId: string) => void }) {
  if (tokens.length === 0) return null;
  return (
    <ul className={tokenListStyles.tokenList}>
      {tokens.map((token) => (
        <li key={token.id}>
          <span>
            <strong>{token.name}</strong> <code>{token.prefix}…</code>{' '}
            <Muted>
              created {formatDateTime(token.createdAt)}
              {token.lastUsedAt ? `, last used ${formatDateTime(token.lastUsedAt)}` : ', never used'}
            </Muted>
          </span>
          <Button type="button" disabled={revoking} onClick={() => onRevoke(token.id)} aria-label={`Revoke ${token.name}`}>
            Revoke
          </Button>
        </li>
      ))}
    </ul>
  );
}
