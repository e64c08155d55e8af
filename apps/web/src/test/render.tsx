import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { createMemoryRouter, RouterProvider, type RouteObject } from 'react-router';
import { createApiClient } from '../api/client';
import { AppProviders, createQueryClient } from '../app/providers';

export interface FakeCall {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  headers: Headers;
}

export type StaffRole = 'viewer' | 'editor' | 'admin';

/** A logged-in staff member of each role, as GET /api/auth/me answers. */
export const STAFF: Record<StaffRole, { id: string; email: string; name: string; role: StaffRole }> = {
  viewer: {
    id: '0000000a-0000-4000-8000-00000000000a',
    email: 'lasare@exempel.se',
    name: 'Lisa Läsare',
    role: 'viewer',
  },
  editor: {
    id: '0000000b-0000-4000-8000-00000000000b',
    email: 'redaktor@exempel.se',
    name: 'Rut Redaktör',
    role: 'editor',
  },
  admin: {
    id: '0000000c-0000-4000-8000-00000000000c',
    email: 'admin@exempel.se',
    name: 'Ada Admin',
    role: 'admin',
  },
};

type Handler = (call: FakeCall) => { status?: number; body?: unknown; headers?: Record<string, string> };

/**
 * A fake of the API at the fetch boundary: `handler` answers each request the app's real client makes (typed
 * paths, JSON bodies, credentials), and every request is recorded in `calls`. With `as`, GET /api/auth/me answers
 * as a staff member of that role (STAFF) before `handler` is asked; without it, the handler decides.
 */
export function fakeApi(handler: Handler, options: { as?: StaffRole } = {}) {
  const calls: FakeCall[] = [];
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    let body: unknown;
    if ((request.headers.get('content-type') ?? '').startsWith('multipart/form-data')) {
      // An upload: its fields, a file as {name, text}.
      const form = await request.formData();
      const fields: Record<string, unknown> = {};
      for (const [key, value] of form.entries())
        fields[key] = typeof value === 'string' ? value : { name: value.name, text: await value.text() };
      body = fields;
    } else {
      const text = request.method === 'GET' ? '' : await request.text();
      body = text ? (JSON.parse(text) as unknown) : undefined;
    }
    const call: FakeCall = {
      method: request.method,
      path: url.pathname,
      query: url.searchParams,
      body,
      headers: request.headers,
    };
    calls.push(call);
    const answer =
      options.as && call.path === '/api/auth/me' ? { body: { user: STAFF[options.as] } } : handler(call);
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
      status: answer.status ?? 200,
      headers: { 'content-type': 'application/json', ...answer.headers },
    });
  };
  return { client: createApiClient(fetchImpl as typeof fetch), calls };
}

/** Renders routes (a page, or the app's own) at `path` with the app's providers and a fake API. */
export function renderRoutes(routes: RouteObject[], path: string, api: ReturnType<typeof fakeApi>) {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const queryClient = createQueryClient();
  queryClient.setDefaultOptions({ queries: { retry: false, staleTime: Infinity } });
  const utils = render(
    <AppProviders client={api.client} queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProviders>,
  );
  return { ...utils, router, queryClient };
}

export function page(element: ReactNode, path = '/'): RouteObject[] {
  return [
    { path, element },
    { path: '*', element: <div>annan sida</div> },
  ];
}
