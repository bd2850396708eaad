// A small logger: one line per message, to stderr, so stdout stays free for `--json` answers.
export interface Logger {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

export const stderrLogger = (prefix = 'klaxon'): Logger => ({
  info: (m) => process.stderr.write(`${prefix}: ${m}\n`),
  warn: (m) => process.stderr.write(`${prefix}: warning: ${m}\n`),
  error: (m) => process.stderr.write(`${prefix}: error: ${m}\n`),
});

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
