// Peer: Fastify 5 + Mercurius 16 (graphql-jit after the first run of a query, `jit: 1`), serving
// schema.graphql at POST /graphql. Post.user goes through a Mercurius loader: one batch per request
// and tick, each distinct userId fetched once per batch (backend.mjs has the data access).
//
//   PORT=8001 MODE=http UPSTREAM=http://127.0.0.1:8080 node bench/peers/mercurius.mjs
//   PORT=8001 MODE=redis REDIS_URL=redis://127.0.0.1:6379 BLOB_ROOT=DIR/blobs node bench/peers/mercurius.mjs
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import mercurius from 'mercurius';
import { mode, posts, usersOf, body, stopOnSignals } from './backend.mjs';

const schema = readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8');
const port = Number(process.env.PORT || 8001);

const resolvers = {
  Query: {
    greet: () => 'Hello World!',
    posts: (_, { limit }) => posts(limit),
  },
  ...(mode === 'redis' ? { Post: { body } } : {}),
};

const loaders = {
  Post: {
    // queries: [{ obj: post, params }], one per post in this request's batch
    user: (queries) => usersOf(queries.map(({ obj }) => obj.userId)),
  },
};

const app = Fastify({ logger: false });
app.register(mercurius, { schema, resolvers, loaders, jit: 1, graphiql: false });
await app.listen({ port, host: '127.0.0.1' });
console.log(`listening on ${port}`);

stopOnSignals(() => app.close());
