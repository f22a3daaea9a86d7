import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { JournalistDetailDto } from '@newsdesk/shared';
import { MergeForm } from './MergeForm';
import { useJournalistList, useMergeJournalist } from '../hooks/useContacts';

/** Merges this journalist into another found by search (managers and admins). */
export function MergeJournalist({ journalist }: { journalist: JournalistDetailDto }) {
  const navigate = useNavigate();
  const [search, setSearch] = useState(journalist.name ?? '');
  const candidates = useJournalistList({ q: search.trim() || undefined });
  const merge = useMergeJournalist();
  const options = (candidates.data?.pages.flatMap((page) => page.items) ?? [])
    .filter((candidate) => candidate.id !== journalist.id)
    .map((candidate) => ({ id: candidate.id, label: [candidate.name, candidate.email].filter(Boolean).join(' · ') || 'Unnamed' }));
  return (
    <MergeForm
      noun="journalist"
      currentName={journalist.name ?? journalist.email ?? 'this journalist'}
      candidates={options}
      search={search}
      onSearch={setSearch}
      pending={merge.isPending}
      error={merge.error}
      onMerge={(intoId) => merge.mutate({ id: journalist.id, intoId }, { onSuccess: () => void navigate(`/contacts/journalists/${intoId}`, { replace: true }) })}
    />
  );
}
