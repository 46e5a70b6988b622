import path from 'node:path';
import { defineConfig } from 'vite';

/**
 * Builds the apps for people into web/dist, which the gateway serves at `/`. Everything
 * is bundled and served from the gateway's own origin: no CDN, no inline script (the
 * gateway's Content-Security-Policy forbids both), no data: URLs for fonts or images.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  publicDir: path.join(import.meta.dirname, 'public'),
  build: {
    outDir: process.env.WEB_OUT_DIR ?? path.join(import.meta.dirname, 'dist'),
    emptyOutDir: true,
    assetsInlineLimit: 0,
    sourcemap: false,
    // GraphiQL brings the Monaco editor (a few MB); it loads only on /graphiql.
    chunkSizeWarningLimit: 5000,
    reportCompressedSize: false,
    rolldownOptions: {
      onwarn(warning, warn) {
        // React libraries mark modules "use client" (for server components); meaningless in a static bundle.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  worker: { format: 'es' },
  logLevel: 'warn',
});
