import { createContext, useContext, type ReactNode } from 'react';
import { api, type ApiClient } from './client';

const ApiContext = createContext<ApiClient>(api);

/** The client pages use; tests hand in one with a fake fetch. */
export function ApiProvider({ client, children }: { client: ApiClient; children: ReactNode }) {
  return <ApiContext.Provider value={client}>{children}</ApiContext.Provider>;
}

export function useApi(): ApiClient {
  return useContext(ApiContext);
}
