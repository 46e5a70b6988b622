/**
 * A component started by `npm start` stops when the runner is gone, even when the runner
 * was killed with SIGKILL and could not stop it: the runner gives each child an IPC
 * channel, the operating system closes it when the runner dies, and node reports
 * 'disconnect'. Without this the orphans keep their ports and the next `npm start` fails.
 * A process started any other way (no channel) is left alone.
 */
export function exitWithParent(stop: (reason: string) => void): void {
  const channel = process.channel;
  if (!channel || typeof process.send !== 'function') return;
  if (!process.connected) return stop('parent process gone');
  process.once('disconnect', () => stop('parent process gone'));
  // The channel must not keep the process alive on its own (adding the listener refs it).
  channel.unref();
}
