import http from 'node:http';

function status(url: string): Promise<number> {
  return new Promise((resolve) => {
    const request = http.get(url, { timeout: 1000 }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(0));
  });
}

/**
 * Polls `url` until it answers 200. Rejects after `timeoutMs`, or as soon as `gaveUp`
 * resolves (the process that should answer has died), whichever comes first.
 */
export async function waitForHttp(url: string, options: { timeoutMs: number; gaveUp: Promise<unknown>; what: string }): Promise<void> {
  let dead = false;
  void options.gaveUp.then(() => {
    dead = true;
  });
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (dead) throw new Error(`${options.what} exited before ${url} answered`);
    if ((await status(url)) === 200) return;
    if (Date.now() > deadline) throw new Error(`${options.what} did not answer ${url} within ${options.timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
