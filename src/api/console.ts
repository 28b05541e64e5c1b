// Serves the operations console (console/, built by scripts/install.sh into
// console/dist) at /console, from the API's own origin: its requests carry the
// session cookie and need no CORS. Any path under /console that is not a file
// is the app's own route, so it gets index.html (the app reads the URL).
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';
import helmet from 'helmet';
import { ApiError, notFound } from './errors';

export const CONSOLE_PATH = '/console';
/** Where `npm run console:build` writes the app. */
export const CONSOLE_BUILD_DIR = path.resolve(__dirname, '../../console/dist');

/** Scripts, styles, images and API calls from this origin only; nothing inline, no frames. */
const consolePolicy = helmet.contentSecurityPolicy({
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'"],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
});

export function consoleRoutes(buildDir = CONSOLE_BUILD_DIR): Router {
  const index = path.join(buildDir, 'index.html');
  const router = Router();
  router.use(CONSOLE_PATH, consolePolicy);
  // Built assets carry a content hash in their names: they never change under one URL.
  router.use(`${CONSOLE_PATH}/assets`, express.static(path.join(buildDir, 'assets'), { immutable: true, maxAge: '1y' }), notFound);
  router.use(CONSOLE_PATH, express.static(buildDir, { index: false, redirect: false }));
  router.get(`${CONSOLE_PATH}{/*route}`, (_req, res) => {
    if (!existsSync(index)) {
      throw new ApiError('NOT_FOUND', 'The console is not built: npm start and npm test build it, or run npm run console:build');
    }
    res.set('Cache-Control', 'no-cache').sendFile(index);
  });
  return router;
}
