import net from 'node:net';

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A base port such that base, base+1, ... base+count-1 are all free right now, for
 * programs (like `npm start`) that take a port range rather than port 0.
 */
export async function freePortRange(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    // Below Linux's ephemeral range (32768-60999), where every port-0 server and outgoing
    // connection of the parallel tests (and their browsers) lands, so none takes ours meanwhile.
    const base = 20_000 + Math.floor(Math.random() * (32_000 - 20_000 - count));
    let free = true;
    for (let offset = 0; offset < count && free; offset += 1) free = await canListen(base + offset);
    if (free) return base;
  }
  throw new Error(`No ${count} consecutive free ports found`);
}
