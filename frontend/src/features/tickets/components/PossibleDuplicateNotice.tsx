import type { TicketDetailDto } from '@newsdesk/shared';
import { Link } from 'react-router';
import { Notice } from '../../../components/Notice';

interface PossibleDuplicateNoticeProps {
  sameAs: TicketDetailDto['possiblySameAs'];
}

/** A web-form inquiry never joins an existing ticket by itself: this points staff at the likely one. */
export function PossibleDuplicateNotice({ sameAs }: PossibleDuplicateNoticeProps) {
  if (!sameAs) return null;
  return (
    <Notice role="note" aria-label="Possible duplicate">
      Possibly the same as{' '}
      <Link to={`/tickets/${sameAs.reference}`} title={sameAs.subject}>
        {sameAs.reference}
      </Link>
      : the web form never adds to an existing inquiry, so check and merge by hand if it is.
    </Notice>
  );
}
