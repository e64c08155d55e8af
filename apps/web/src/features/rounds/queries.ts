import { useQuery } from '@tanstack/react-query';
import { unwrap } from '../../api/client';
import { useApi } from '../../api/context';

/** The rounds, newest first. */
export function useRounds() {
  const api = useApi();
  return useQuery({
    queryKey: ['rounds'],
    queryFn: async ({ signal }) => {
      const list = await unwrap(api.GET('/api/rounds', { signal }));
      return [...list.items].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    },
  });
}
