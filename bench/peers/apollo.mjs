// Peer: Apollo Server 5 with its standalone server (`startStandaloneServer`: plain node:http, no
// Express), serving schema.graphql; the benchmark posts to /graphql (the standalone server answers
// on any path). Post.user goes through a DataLoader made per request in `context`: one batch per
// request and tick, each distinct userId fetched once per batch (backend.mjs has the data access).
// Defaults kept: CSRF prevention (a POST with content-type: application/json passes it), landing page
// (only for a browser's GET), the per-schema cache of parsed and validated documents.
//
//   PORT=8002 MODE=http UPSTREAM=http://127.0.0.1:8080 node bench/peers/apollo.mjs
//   PORT=8002 MODE=redis REDIS_URL=redis://127.0.0.1:6379 BLOB_ROOT=DIR/blobs node bench/peers/apollo.mjs
import { readFileSync } from 'node:fs';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import DataLoader from 'dataloader';
import { mode, posts, usersOf, body, stopOnSignals } from './backend.mjs';

const typeDefs = readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8');
const port = Number(process.env.PORT || 8002);

const resolvers = {
  Query: {
    greet: () => 'Hello World!',
    posts: (_, { limit }) => posts(limit),
  },
  Post: {
    user: (post, _, { userLoader }) => userLoader.load(post.userId),
    ...(mode === 'redis' ? { body } : {}),
  },
};

// stopOnTerminationSignals: off, as this file stops the server itself on SIGTERM/SIGINT (Apollo's own
// handler re-sends the signal after stopping, which would race the handler below)
// stringifyResult: compact JSON, as every other server here writes (Apollo's default indents it,
// which would make its answers a third larger for the same data)
const server = new ApolloServer({
  typeDefs, resolvers, stopOnTerminationSignals: false, stringifyResult: (value) => JSON.stringify(value),
});
await startStandaloneServer(server, {
  listen: { port, host: '127.0.0.1' },
  // keys are userIds, so the loader's own per-request cache already asks for each distinct one once
  context: async () => ({ userLoader: new DataLoader(usersOf) }),
});
console.log(`listening on ${port}`);

stopOnSignals(() => server.stop());
