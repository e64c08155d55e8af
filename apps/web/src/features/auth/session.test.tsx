import { QueryClientProvider } from '@tanstack/react-query';
import { renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiClient } from '../../api/client';
import { ApiProvider } from '../../api/context';
import { createQueryClient } from '../../app/providers';
import { STAFF } from '../../test/render';
import { useSession } from './session';

type Answer = 'ok' | 'unauthorized' | 'no network' | 'server error';

/** useSession on a fresh query client (a fresh load of the app) against an API that answers as told. */
function sessionWith(answer: Answer) {
  const fetchImpl = async (): Promise<Response> => {
    if (answer === 'no network') throw new TypeError('Failed to fetch');
    if (answer === 'unauthorized')
      return Response.json({ statusCode: 401, code: 'UNAUTHORIZED', message: 'Logga in.' }, { status: 401 });
    if (answer === 'server error')
      return Response.json({ statusCode: 500, code: 'INTERNAL', message: 'Fel.' }, { status: 500 });
    return Response.json({ user: STAFF.editor });
  };
  const client = createApiClient(fetchImpl as typeof fetch);
  const queryClient = createQueryClient();
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={queryClient}>
      <ApiProvider client={client}>{children}</ApiProvider>
    </QueryClientProvider>
  );
  return renderHook(() => useSession(), { wrapper }).result;
}

describe('the session when the app opens without a network', () => {
  afterEach(() => localStorage.clear());

  it('shows the staff member last seen online when the API cannot be reached at all', async () => {
    const online = sessionWith('ok');
    await waitFor(() => expect(online.current.data).toEqual(STAFF.editor));

    const offline = sessionWith('no network');
    await waitFor(() => expect(offline.current.isSuccess).toBe(true));
    expect(offline.current.data).toEqual(STAFF.editor);
  });

  it('forgets them at a 401, and then has no one to show offline', async () => {
    const online = sessionWith('ok');
    await waitFor(() => expect(online.current.data).toEqual(STAFF.editor));
    const ended = sessionWith('unauthorized');
    await waitFor(() => expect(ended.current.isSuccess).toBe(true));
    expect(ended.current.data).toBeNull();
    expect(localStorage.length).toBe(0);

    const offline = sessionWith('no network');
    await waitFor(() => expect(offline.current.isError).toBe(true));
  });

  it('never stands in for an answer of the API (a 500 is an error, not the remembered user)', async () => {
    const online = sessionWith('ok');
    await waitFor(() => expect(online.current.data).toEqual(STAFF.editor));
    const broken = sessionWith('server error');
    await waitFor(() => expect(broken.current.isError).toBe(true));
  });
});
