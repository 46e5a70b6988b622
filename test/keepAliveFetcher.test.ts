import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FetchNetworkError, FetchTimeoutError, createKeepAliveFetcher } from '../gateway/keepAliveFetcher';

describe('keepAliveFetcher', () => {
  let server: http.Server;
  let url: string;
  let connections = 0;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      req.resume();
      if (req.url === '/slow') {
        const timer = setTimeout(() => res.end('late'), 1000);
        res.on('close', () => clearTimeout(timer));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', 'x-sql-statements': '4' });
      res.end(JSON.stringify({ data: { ok: true } }));
    });
    server.on('connection', () => (connections += 1));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('reuses one warm socket for sequential requests', async () => {
    const fetcher = createKeepAliveFetcher({ timeoutMs: 1000 });
    try {
      const before = connections;
      for (let i = 0; i < 5; i += 1) {
        const response = await fetcher.fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
        expect(response.status).toBe(200);
        expect(response.headers.get('x-sql-statements')).toBe('4');
        expect(await response.json()).toEqual({ data: { ok: true } });
      }
      expect(connections - before).toBe(1);
    } finally {
      fetcher.destroy();
    }
  });

  it('gives up at the deadline', async () => {
    const fetcher = createKeepAliveFetcher({ timeoutMs: 100 });
    try {
      await expect(fetcher.fetch(`${url}/slow`)).rejects.toBeInstanceOf(FetchTimeoutError);
    } finally {
      fetcher.destroy();
    }
  });

  it('reports a refused connection with its code', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', () => resolve()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const fetcher = createKeepAliveFetcher({ timeoutMs: 1000 });
    try {
      await expect(fetcher.fetch(`http://127.0.0.1:${port}/graphql`)).rejects.toMatchObject({ name: 'FetchNetworkError', code: 'ECONNREFUSED' });
      await expect(fetcher.fetch(`http://127.0.0.1:${port}/graphql`)).rejects.toBeInstanceOf(FetchNetworkError);
    } finally {
      fetcher.destroy();
    }
  });
});
