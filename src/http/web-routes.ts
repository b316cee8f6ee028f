import { existsSync, statSync } from 'node:fs';
import { join, normalize, resolve, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { packageRoot } from './package-info.js';

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Chargewatch</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>Chargewatch</h1>
<p>The server is running, but the web app has not been built, so there is nothing to show here yet.</p>
<p>Build it with <code>npm run build</code> in the project directory, then reload this page.</p>
<p>The API answers meanwhile: see <a href="/docs">/docs</a>.</p>
</body></html>`;

/** web/dist of this package. */
export function defaultWebDir(): string {
  return join(packageRoot(), 'web', 'dist');
}

const isApiOrDocs = (path: string) => path === '/api' || path.startsWith('/api/') || path === '/docs' || path.startsWith('/docs/');
const wantsHtml = (request: FastifyRequest) => (request.headers.accept ?? '').includes('text/html');

function notFound(request: FastifyRequest, reply: FastifyReply) {
  return reply.status(404).send({ error: { code: 'not_found', message: `no route ${request.method} ${request.url}` } });
}

/**
 * The web app at `/`: files of web/dist, and index.html for any other page a browser asks for (the app
 * routes on the client). Without a build, pages say how to build it.
 */
export async function registerWebRoutes(fastify: FastifyInstance, options: { webDir?: string } = {}): Promise<void> {
  const root = resolve(options.webDir ?? defaultWebDir());
  const built = existsSync(join(root, 'index.html'));
  if (built) await fastify.register(fastifyStatic, { root, serve: false });

  fastify.get('/*', { config: { roles: 'public' }, schema: { hide: true } }, async (request, reply) => {
    let path: string;
    try {
      path = decodeURIComponent(request.url.split('?')[0] ?? '/');
    } catch {
      return notFound(request, reply);
    }
    if (isApiOrDocs(path) || path.includes('\0')) return notFound(request, reply);
    if (!built) {
      if (path !== '/' && !wantsHtml(request)) return notFound(request, reply);
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(NOT_BUILT);
    }
    const file = normalize(join(root, path));
    if (file.startsWith(root + sep) && existsSync(file) && statSync(file).isFile()) {
      // Vite puts content hashes in asset names: those never change.
      const immutable = path.startsWith('/assets/');
      return reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache').sendFile(file.slice(root.length + 1), { cacheControl: false });
    }
    if (path === '/' || wantsHtml(request)) return reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
    return notFound(request, reply);
  });
}
