// The machine's ceiling for the benchmark: a bare Fastify server that parses the same JSON body and answers 202
// with PagerDuty's success body, doing nothing else. Runs as its own process; prints `{"port":N}` on stdout.
import Fastify from 'fastify';

const app = Fastify({ logger: false, bodyLimit: 512 * 1024 });
app.post('/v2/enqueue', async (req, reply) => {
  const body = req.body as { dedup_key?: string } | null;
  return reply.code(202).send({ status: 'success', message: 'Event processed', dedup_key: body?.dedup_key ?? '' });
});
await app.listen({ host: '127.0.0.1', port: 0 });
const addr = app.server.address();
process.stdout.write(`${JSON.stringify({ port: typeof addr === 'object' && addr ? addr.port : 0 })}\n`);
const stop = () => { void app.close().then(() => process.exit(0)); };
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
