import type { CalendarSubscriptionDto } from '@newsdesk/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createCalendarLink, getCalendarSubscription, revokeCalendarLink } from '../../../api/calendar';
import { queryKeys } from '../../../api/query-keys';

export function useCalendarSubscription() {
  return useQuery({ queryKey: queryKeys.users.calendar, queryFn: ({ signal }) => getCalendarSubscription(signal) });
}

export function useCreateCalendarLink() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createCalendarLink,
    // The cache keeps the link's details, never its URL: that lives only in this mutation's answer.
    onSuccess: ({ url: _url, ...subscription }: CalendarSubscriptionDto) => queryClient.setQueryData(queryKeys.users.calendar, subscription),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.users.calendar }),
  });
}

export function useRevokeCalendarLink() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: revokeCalendarLink,
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.users.calendar }),
  });
}
