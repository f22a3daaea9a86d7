import type { TemplateKind } from '@newsdesk/shared';
import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '../../../api/query-keys';
import { listTemplates } from '../../../api/templates';

export function useTemplates(kind?: TemplateKind) {
  return useQuery({
    queryKey: queryKeys.templates.list(kind),
    queryFn: ({ signal }) => listTemplates(kind, signal),
    staleTime: 5 * 60_000,
  });
}
