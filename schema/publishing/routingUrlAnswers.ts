/**
 * Whether a subgraph answers at its routing URL: its `/health` (docs/publishing-a-subgraph.md
 * asks every agency for one; it needs no gateway token). A subgraph the gateway cannot reach
 * would fail every view that touches it.
 */
export async function routingUrlAnswers(routingUrl: string, timeoutMs = 3000): Promise<string | null> {
  const health = new URL('/health', routingUrl);
  try {
    const response = await fetch(health, { signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer();
    return response.ok ? null : `${health.href} answered ${response.status}`;
  } catch (err) {
    const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : err instanceof Error ? err.message : String(err);
    return `${health.href} did not answer (${cause})`;
  }
}
