import { vi } from 'vitest';

export interface Call {
  url: string;
  method: string;
  headers: Headers;
  body: unknown;
}

type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

/** Installs a fake fetch answering from `handler`, and records every call. */
export function mockFetch(handler: (call: Call) => Reply) {
  const calls: Call[] = [];
  const fetchMock = vi.fn(async (url: string, init: RequestInit = {}) => {
    const call: Call = {
      url,
      method: init.method ?? 'GET',
      headers: new Headers(init.headers),
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    calls.push(call);
    const reply = handler(call);
    return new Response(reply.body === undefined ? null : JSON.stringify(reply.body), {
      status: reply.status,
      headers: { 'Content-Type': 'application/json', ...reply.headers },
    });
  });
  vi.stubGlobal('fetch', fetchMock);
  return calls;
}

export const user = {
  id: 'u1',
  email: 'camille@example.test',
  fullName: 'Camille Counsel',
  role: 'counsellor' as const,
  officeId: 'o1',
  regionId: 'r1',
  mustChangePassword: false,
};

export const signedIn = (token = 'token-1', expiresIn = 900) => ({ status: 200, body: { accessToken: token, expiresIn, user } });
