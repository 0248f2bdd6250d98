import { useSyncExternalStore } from 'react';
import type { CurrentUser } from '@casework/contracts';
import { getUser, subscribe } from '../providers/session';

/** The signed-in user from the in-memory session, re-rendering when it changes. */
export function useCurrentUser(): CurrentUser | null {
  return useSyncExternalStore(subscribe, getUser);
}
