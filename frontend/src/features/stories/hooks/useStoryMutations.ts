import type { AddStoryTicketsRequest, SendStoryStatementRequest, StoryDetailDto, UpdateStoryRequest } from '@newsdesk/shared';
import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../../api/query-keys';
import { addStoryTickets, createStory, removeStoryTicket, sendStoryStatement, updateStory } from '../../../api/stories';

/** The answer is the story as it now is; lists, suggestions and groups change with it. */
function storeStory(queryClient: QueryClient, story: StoryDetailDto): void {
  queryClient.setQueryData(queryKeys.stories.detail(story.id), story);
}

const invalidateStories = (queryClient: QueryClient) => queryClient.invalidateQueries({ queryKey: queryKeys.stories.all });

export function useCreateStory() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createStory,
    onSuccess: (story) => storeStory(queryClient, story),
    onSettled: () => invalidateStories(queryClient),
  });
}

export function useUpdateStory() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: UpdateStoryRequest }) => updateStory(id, patch),
    onSuccess: (story) => storeStory(queryClient, story),
    onSettled: () => invalidateStories(queryClient),
  });
}

export function useAddStoryTickets() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: AddStoryTicketsRequest }) => addStoryTickets(id, input),
    onSuccess: (story) => storeStory(queryClient, story),
    onSettled: () => invalidateStories(queryClient),
  });
}

export function useRemoveStoryTicket() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ticketId }: { id: string; ticketId: string }) => removeStoryTicket(id, ticketId),
    onSuccess: (story) => storeStory(queryClient, story),
    onSettled: () => invalidateStories(queryClient),
  });
}

/** One reply per ticket: threads, deliveries and approvals all change. */
export function useSendStoryStatement() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: SendStoryStatementRequest }) => sendStoryStatement(id, input),
    onSettled: () => {
      void invalidateStories(queryClient);
      void queryClient.invalidateQueries({ queryKey: queryKeys.tickets.all });
      void queryClient.invalidateQueries({ queryKey: queryKeys.statements.all });
      void queryClient.invalidateQueries({ queryKey: queryKeys.approvals.all });
    },
  });
}
