import { useQuery } from '@tanstack/react-query';
import { unwrap } from '../api/client';
import { useApi } from '../api/context';

/** The 21 regions: they change with a law, not a session. */
export function useRegions() {
  const api = useApi();
  return useQuery({
    queryKey: ['regions'],
    queryFn: () => unwrap(api.GET('/api/regions')),
    staleTime: Infinity,
  });
}

/** The staff's lists, for "add to list" (the first 500: more than a federation's office keeps). */
export function useLists() {
  const api = useApi();
  return useQuery({
    queryKey: ['lists'],
    queryFn: () => unwrap(api.GET('/api/lists', { params: { query: { limit: 500 } } })),
  });
}

/** The saved segments, for choosing an audience (the first 500). */
export function useSegments() {
  const api = useApi();
  return useQuery({
    queryKey: ['segments', 'all'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/segments', { params: { query: { limit: 500 } }, signal })),
  });
}
