// Builds the console into console/dist, which the API serves at /console.
// `npm run console:dev` serves it with live reload and passes /v1 to the API on API_PORT.
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: '/console/',
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 900 },
  server: { proxy: { '/v1': `http://127.0.0.1:${process.env.API_PORT ?? 3000}` } },
});
