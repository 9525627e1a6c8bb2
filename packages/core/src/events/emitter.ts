import type { VaultEventListener, VaultEventMap, VaultEventName, VaultEvents } from './types.js';

/** A small typed emitter; a throwing listener never breaks the flow that emitted. */
export function createEvents(onListenerError: (error: unknown) => void = () => {}): VaultEvents {
  const listeners = new Map<VaultEventName, Set<(payload: never) => void>>();
  return {
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as (payload: never) => void);
      return () => set.delete(listener as (payload: never) => void);
    },
    emit<E extends VaultEventName>(event: E, payload: VaultEventMap[E]) {
      const set = listeners.get(event);
      if (!set) return;
      for (const listener of set) {
        try {
          (listener as VaultEventListener<E>)(payload);
        } catch (error) {
          onListenerError(error);
        }
      }
    },
  };
}
