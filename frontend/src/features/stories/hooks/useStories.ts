import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { queryKeys } from '../../../api/query-keys';
import { getStory, getStorySuggestions, getSuggestedStoryGroups, listStories, type StoryFilters } from '../../../api/stories';

/** Stories, most recently changed first, one cursor page at a time. */
export function useStoryList(filters: StoryFilters) {
  return useInfiniteQuery({
    queryKey: queryKeys.stories.list(filters),
    queryFn: ({ pageParam, signal }) => listStories(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });
}

export function useStory(id: string) {
  return useQuery({ queryKey: queryKeys.stories.detail(id), queryFn: ({ signal }) => getStory(id, signal) });
}

/** Inquiries that read like this ticket; disabled without an id. */
export function useStorySuggestions(ticketId: string | undefined) {
  return useQuery({
    queryKey: queryKeys.stories.suggestions(ticketId ?? ''),
    queryFn: ({ signal }) => getStorySuggestions(ticketId ?? '', signal),
    enabled: !!ticketId,
    staleTime: 60_000,
  });
}

export function useSuggestedStoryGroups() {
  return useQuery({ queryKey: queryKeys.stories.groups, queryFn: ({ signal }) => getSuggestedStoryGroups(signal) });
}
