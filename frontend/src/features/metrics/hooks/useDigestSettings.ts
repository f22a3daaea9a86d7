import type { DigestFrequency, DigestSettingsDto } from '@newsdesk/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getDigestPreview, getDigestSettings, setDigestSettings } from '../../../api/metric-reports';
import { queryKeys } from '../../../api/query-keys';

/** The signed-in manager's digest mail: on or off, weekly or daily. */
export function useDigestSettings() {
  return useQuery({ queryKey: queryKeys.metrics.digestSettings, queryFn: ({ signal }) => getDigestSettings(signal) });
}

export function useSetDigestSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: Partial<DigestSettingsDto>) => setDigestSettings(change),
    onSuccess: (result) => queryClient.setQueryData(queryKeys.metrics.digestSettings, result),
  });
}

/** The digest as it is mailed, rendered by the server's own code; fetched only while the preview is open. */
export function useDigestPreview(frequency: DigestFrequency, enabled: boolean) {
  return useQuery({ queryKey: queryKeys.metrics.digestPreview(frequency), queryFn: ({ signal }) => getDigestPreview(frequency, signal), enabled });
}
