// Baseline for the study hot-path benchmark: a bare Fastify JSON route, the ceiling our routes are measured against.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/bare', async () => ({ ok: true, now: Date.now() }));
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
process.send?.({ port: app.server.address().port });
