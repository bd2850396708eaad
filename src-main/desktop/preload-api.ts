// The window's KlaxonApi over IPC, built from an injected ipcRenderer so it is tested in Node. It hands the window
// functions only: never ipcRenderer itself, and never an IPC event (whose `sender` is ipcRenderer).
import { IPC_CHANNELS } from '../../src-shared/ipc-channels.ts';
import type { ChangeNotice, KlaxonApi, NavigateRequest } from '../../src-shared/api.ts';
import type { IpcReply } from './ipc.ts';

type Listener = (event: unknown, payload: unknown) => void;

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: Listener): unknown;
  removeListener(channel: string, listener: Listener): unknown;
}

/** A refused call, as the window sees it. Only `message` survives contextBridge, so it says what went wrong. */
const refusedCall = (reply: Extract<IpcReply, { ok: false }>): Error => {
  const err = new Error(reply.error.message);
  err.name = reply.error.code;
  return err;
};

function listen<T>(ipc: IpcRendererLike, channel: string, onMessage: (payload: T) => void): () => void {
  const listener: Listener = (_event, payload) => onMessage(payload as T);
  ipc.on(channel, listener);
  return () => { ipc.removeListener(channel, listener); };
}

/**
 * Navigation requests can arrive before the page has subscribed (a deep link that launched the app), so the last
 * one that found no listener is kept and handed to the first listener that comes.
 */
function navigationRelay(ipc: IpcRendererLike): (listener: (to: NavigateRequest) => void) => () => void {
  const listeners = new Set<(to: NavigateRequest) => void>();
  let pending: NavigateRequest | null = null;
  listen<NavigateRequest>(ipc, IPC_CHANNELS.navigate, (to) => {
    if (listeners.size === 0) pending = to;
    for (const l of listeners) l(to);
  });
  return (listener) => {
    listeners.add(listener);
    if (pending) {
      const to = pending;
      pending = null;
      queueMicrotask(() => listener(to));
    }
    return () => { listeners.delete(listener); };
  };
}

// No signOut: the desktop window is this machine's user, with no session to end.
export function createPreloadApi(ipc: IpcRendererLike): Required<Omit<KlaxonApi, 'signOut'>> {
  const onNavigate = navigationRelay(ipc);
  return {
    send: (async (method: string, input?: unknown) => {
      const reply = await ipc.invoke(IPC_CHANNELS.invoke, { method, input }) as IpcReply;
      if (reply.ok) return reply.value;
      throw refusedCall(reply);
    }) as KlaxonApi['send'],
    subscribe: (onChange) => listen<ChangeNotice>(ipc, IPC_CHANNELS.changes, onChange),
    onNavigate,
  };
}
