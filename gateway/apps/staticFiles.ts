import fs from 'node:fs';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setAppSecurityHeaders } from './securityHeaders';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** Vite puts content-hashed files under assets/: a new build gets new names, so these may be kept. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Everything else (index.html above all) is checked on every load, so a new build shows at once. */
const REVALIDATE = 'no-cache';

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The built single-page apps from `dir`. A path that names a file gets that file; any
 * other path without a file extension gets `index.html`, so the apps' own routes
 * (deep links, reloads) work; a missing file with an extension is a 404. Nothing outside
 * `dir` is ever read.
 */
export function serveStaticFiles(dir: string, csp: string): (req: IncomingMessage, res: ServerResponse, pathname: string) => void {
  const root = path.resolve(dir);
  return (req, res, pathname) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return sendText(res, 405, 'Only GET and HEAD are served here; send GraphQL to POST /graphql.');
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return sendText(res, 400, 'The path is not valid URL encoding.');
    }
    const requested = path.resolve(root, `.${path.posix.normalize(decoded)}`);
    if (decoded.includes('\0') || (requested !== root && !requested.startsWith(root + path.sep))) return sendText(res, 404, 'Not found.');

    const index = path.join(root, 'index.html');
    let file = requested;
    if (!isFile(file)) {
      if (path.extname(decoded) !== '') return sendText(res, 404, 'Not found.');
      file = index;
    }
    if (!isFile(file)) return sendText(res, 503, 'The apps are not built; run `npm run build:web` (npm start does it for you).');

    const relative = path.relative(root, file).split(path.sep).join('/');
    setAppSecurityHeaders(res, csp);
    res.setHeader('content-type', CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream');
    res.setHeader('cache-control', relative.startsWith('assets/') ? IMMUTABLE : REVALIDATE);
    res.setHeader('content-length', fs.statSync(file).size);
    res.statusCode = 200;
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const stream = fs.createReadStream(file);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  };
}
