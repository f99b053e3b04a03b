import { AsyncLocalStorage } from 'node:async_hooks';
import { Actor, SYSTEM_ACTOR } from '@kompeten/shared/kernel';

/** What every log line and audit entry of one request or job knows. */
export interface RequestContext {
  requestId: string;
  actor: Actor;
  clientAddress?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const requestContext = {
  run<T>(context: RequestContext, work: () => T): T {
    return storage.run(context, work);
  },
  current(): RequestContext | undefined {
    return storage.getStore();
  },
  actor(): Actor {
    return storage.getStore()?.actor ?? SYSTEM_ACTOR;
  },
  /** Set the actor once the auth guard has read the token. */
  setActor(actor: Actor): void {
    const store = storage.getStore();
    if (store) store.actor = actor;
  },
  requestId(): string | undefined {
    return storage.getStore()?.requestId;
  },
};
