/** How long a running subgraph may take to hand over its schema. */
const TIMEOUT_MS = 5000;

/**
 * A running subgraph's SDL, from the Federation `_service { sdl }` query (what rover's
 * `subgraph_url` reads). Throws with a short reason when it does not answer with one.
 */
export async function fetchSubgraphSdl(url: string, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: '{ _service { sdl } }' }),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const body = (await response.json()) as { data?: { _service?: { sdl?: unknown } } };
  const sdl = body.data?._service?.sdl;
  if (typeof sdl !== 'string' || sdl.trim() === '') throw new Error('no SDL in the answer');
  return sdl;
}
