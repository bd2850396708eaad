// The IPC manager (Electron Fiddle's pattern): ONE handler on `klaxon:invoke` carries every KlaxonApi method, and
// the engine's change feed is pushed on `klaxon:changes`. Everything that decides (who may call, what a valid call
// is, what the answer looks like) is here and takes plain objects, so it is tested in Node with fakes; main.ts only
// passes Electron's real ipcMain and window in.
import { API_METHODS, IPC_CHANNELS, isApiMethod, type KlaxonHandlers } from '../../src-shared/api.ts';
import { KlaxonError, type ErrorBody } from '../../src-shared/schemas/errors.ts';
import type { Engine } from '../engine/types.ts';
import type { Logger } from '../log.ts';
import { toChangeNotice } from '../api-handlers.ts';

/** The parts of Electron's WebFrameMain the sender check reads. */
export interface FrameLike {
  readonly url: string;
  readonly processId?: number;
  readonly routingId?: number;
}

export interface InvokeEventLike {
  /** Null when the frame navigated away or was destroyed before the message was handled. */
  readonly senderFrame: FrameLike | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface WindowLike {
  readonly webContents: {
    readonly mainFrame: FrameLike;
    send(channel: string, ...args: unknown[]): void;
    isDestroyed(): boolean;
  };
  isDestroyed(): boolean;
}

/** Where the window's own page lives (`klaxon-app://app`). */
export interface AppOrigin {
  protocol: string;
  host: string;
}

/**
 * What crosses the invoke channel back to the preload. Electron keeps only an Error's message when it crosses
 * IPC, so the answer is an envelope that carries the error's code and field as data.
 */
export type IpcReply = { ok: true; value: unknown } | { ok: false; error: ErrorBody['error'] };

export interface IpcManagerOptions {
  ipcMain: IpcMainLike;
  /** The one window whose main frame may call; null while it does not exist. */
  window: () => WindowLike | null;
  appOrigin: AppOrigin;
  handlers: KlaxonHandlers;
  engine: Pick<Engine, 'onChange' | 'incidentsByIds'>;
  log: Logger;
}

export interface IpcManager {
  /** Unregisters the handler and stops pushing changes. */
  dispose(): void;
}

/** True only for the main frame of our own window showing our own page: not an iframe, not another window, not a page it navigated to. */
export function isTrustedSender(frame: FrameLike | null, win: WindowLike | null, appOrigin: AppOrigin): boolean {
  if (!frame || !win || win.isDestroyed() || win.webContents.isDestroyed()) return false;
  const main = win.webContents.mainFrame;
  const sameFrame = frame === main
    || (frame.processId !== undefined && frame.processId === main.processId && frame.routingId === main.routingId);
  if (!sameFrame) return false;
  let url: URL;
  try {
    url = new URL(frame.url);
  } catch {
    return false;
  }
  // A custom scheme's URL has an opaque origin ("null"), so compare scheme and host rather than `origin`.
  return url.protocol === appOrigin.protocol && url.host === appOrigin.host;
}

const refusal = (code: ErrorBody['error']['code'], message: string, field?: string): IpcReply =>
  ({ ok: false, error: { code, message, ...(field ? { field } : {}) } });

/** Validates one `{method, input}` message with the method's schema and answers it from the handlers. */
export async function answerInvoke(message: unknown, handlers: KlaxonHandlers, log: Logger): Promise<IpcReply> {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    return refusal('VALIDATION_FAILED', 'expected {method, input}');
  }
  const { method, input } = message as { method?: unknown; input?: unknown };
  if (!isApiMethod(method)) return refusal('VALIDATION_FAILED', `unknown method ${JSON.stringify(method)}`, 'method');
  const parsed = API_METHODS[method].input.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue && issue.path.length > 0 ? issue.path.join('.') : undefined;
    return refusal('VALIDATION_FAILED', issue ? `${field ? `${field}: ` : ''}${issue.message}` : 'invalid input', field);
  }
  try {
    const handler = handlers[method] as (input: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (err) {
    if (err instanceof KlaxonError) return { ok: false, error: err.toBody().error };
    // An unexpected failure is logged here in full; the window gets no internals.
    log.error(`ipc ${method} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return refusal('INTERNAL', `${method} failed`);
  }
}

export function createIpcManager(opts: IpcManagerOptions): IpcManager {
  const { ipcMain, window, appOrigin, handlers, engine, log } = opts;

  ipcMain.handle(IPC_CHANNELS.invoke, async (event, message) => {
    if (!isTrustedSender(event.senderFrame, window(), appOrigin)) {
      log.warn(`ipc: dropped a message that did not come from the window's main frame showing the app (${event.senderFrame?.url ?? 'frame gone'})`);
      return refusal('FORBIDDEN', 'not allowed from this frame');
    }
    return answerInvoke(message, handlers, log);
  });

  const unsubscribe = engine.onChange((change) => {
    const win = window();
    if (!win || win.isDestroyed() || win.webContents.isDestroyed()) return;
    const notice = toChangeNotice(change, engine);
    if (notice) win.webContents.send(IPC_CHANNELS.changes, notice);
  });

  return {
    dispose() {
      unsubscribe();
      ipcMain.removeHandler(IPC_CHANNELS.invoke);
    },
  };
}
