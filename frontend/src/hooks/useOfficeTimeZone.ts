import { useQuery } from '@tanstack/react-query';
import { getOffice } from '../api/office';
import { queryKeys } from '../api/query-keys';

/** The office's time zone (deadlines are shown on its clock); the browser's until it has loaded. */
export function useOfficeTimeZone(): string {
  const office = useQuery({ queryKey: queryKeys.office, queryFn: ({ signal }) => getOffice(signal), staleTime: Infinity });
  return office.data?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
}
