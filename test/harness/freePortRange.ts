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
    const base = 20_000 + Math.floor(Math.random() * 40_000);
    let free = true;
    for (let offset = 0; offset < count && free; offset += 1) free = await canListen(base + offset);
    if (free) return base;
  }
  throw new Error(`No ${count} consecutive free ports found`);
}
