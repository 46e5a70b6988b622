import net from 'node:net';

/**
 * A TCP proxy in front of a server (PostgreSQL), so a test can take the server away from
 * the code under test without stopping it (other sessions share it): `cut()` refuses new
 * connections and drops the open ones; `stall()` keeps connections open but forwards
 * nothing (a server that stopped answering); `restore()` forwards again.
 */
export interface TcpProxy {
  port: number;
  cut(): Promise<void>;
  stall(): void;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let stalled = false;
  const stalledPairs: Array<() => void> = [];
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    sockets.add(client);
    sockets.add(upstream);
    const forget = () => {
      sockets.delete(client);
      sockets.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', forget).on('close', forget);
    upstream.on('error', forget).on('close', forget);
    const pipe = () => {
      client.pipe(upstream);
      upstream.pipe(client);
    };
    if (stalled) stalledPairs.push(pipe);
    else pipe();
  });
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve((server.address() as net.AddressInfo).port);
      });
    });
  const port = await listen(0);
  const stopListening = () => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
  return {
    port,
    async cut() {
      await Promise.all([stopListening(), Promise.resolve().then(() => sockets.forEach((s) => s.destroy()))]);
    },
    stall() {
      stalled = true;
      for (const socket of sockets) {
        socket.unpipe();
        socket.pause();
      }
    },
    async restore() {
      if (stalled) {
        stalled = false;
        // Stalled connections are dropped (their protocol state is unknown); new ones flow.
        sockets.forEach((s) => s.destroy());
        stalledPairs.splice(0);
      }
      if (!server.listening) await listen(port);
    },
    async close() {
      await stopListening();
      sockets.forEach((s) => s.destroy());
    },
  };
}
