// IPC channel names (Electron). One invoke channel carries every method; one push channel carries changes; one
// carries the shell's navigation requests. In a module of their own, without zod, because the sandboxed preload
// bundles whatever it imports and needs only these names.
export const IPC_CHANNELS = { invoke: 'klaxon:invoke', changes: 'klaxon:changes', navigate: 'klaxon:navigate' } as const;
