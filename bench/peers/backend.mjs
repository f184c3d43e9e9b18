// The data access that mercurius.mjs and apollo.mjs share, so the two Node peers differ only in
// their GraphQL server: the same undici Pool, the same ioredis client, the same conversions.
//
// Env: MODE=http|redis (default http), UPSTREAM (http base URL, http mode), REDIS_URL (redis mode,
// default redis://127.0.0.1:6379), BLOB_ROOT (redis mode: folder holding posts/{id}.txt).
//
//   posts(limit)    http: GET $UPSTREAM/posts, the first `limit` when given
//                   redis: ZRANGE posts 0 limit-1 (or -1), then HGETALL post:N for each, one pipeline
//   users(ids)      the users for distinct ids, in order: http: GET $UPSTREAM/users/{id} each, at once;
//                   redis: HGETALL user:{id} each, one pipeline
//   body(post)      http: the post's own body; redis: $BLOB_ROOT/posts/{id}.txt read as UTF-8
// Nothing is kept between calls: every GraphQL request goes to the upstream again.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export const mode = process.env.MODE || 'http';
if (mode !== 'http' && mode !== 'redis') {
  console.error(`MODE must be http or redis, not ${mode}`);
  process.exit(2);
}

let posts, users, body, close;

if (mode === 'http') {
  const { Pool } = await import('undici');
  if (!process.env.UPSTREAM) {
    console.error('MODE=http needs UPSTREAM (the base URL of the posts and users)');
    process.exit(2);
  }
  const base = new URL(process.env.UPSTREAM);
  const prefix = base.pathname.replace(/\/+$/, '');
  const pool = new Pool(base.origin, { connections: 64, pipelining: 1 });
  const getJSON = async (path) => {
    const { statusCode, body } = await pool.request({ path: prefix + path, method: 'GET' });
    if (statusCode !== 200) {
      await body.dump();
      throw new Error(`GET ${path}: HTTP ${statusCode}`);
    }
    return body.json();
  };
  posts = async (limit) => {
    const all = await getJSON('/posts');
    return limit == null ? all : all.slice(0, Math.max(0, limit));
  };
  users = (ids) => Promise.all(ids.map((id) => getJSON(`/users/${id}`)));
  body = (post) => post.body;
  close = () => pool.close();
} else {
  const { default: Redis } = await import('ioredis');
  const redis = new Redis(process.env.REDIS_URL || 'redis://127.0.0.1:6379');
  const blobRoot = process.env.BLOB_ROOT;
  // Hash fields are strings; the schema's Int fields must come out as numbers.
  const toPost = (h) => ({ id: Number(h.id), userId: Number(h.userId), title: h.title, body: h.body });
  const toUser = (h) => (h && h.id !== undefined ? { ...h, id: Number(h.id) } : null);
  const results = (replies) => replies.map(([err, value]) => {
    if (err) throw err;
    return value;
  });
  posts = async (limit) => {
    if (limit != null && limit <= 0) return [];
    const ids = await redis.zrange('posts', 0, limit == null ? -1 : limit - 1);
    if (ids.length === 0) return [];
    const pipeline = redis.pipeline();
    for (const id of ids) pipeline.hgetall(`post:${id}`);
    return results(await pipeline.exec()).map(toPost);
  };
  users = async (ids) => {
    const pipeline = redis.pipeline();
    for (const id of ids) pipeline.hgetall(`user:${id}`);
    return results(await pipeline.exec()).map(toUser);
  };
  body = (post) => {
    if (!blobRoot) throw new Error('MODE=redis needs BLOB_ROOT for Post.body');
    return readFile(join(blobRoot, 'posts', `${post.id}.txt`), 'utf8');
  };
  close = () => redis.quit();
}

// The users of many posts, each distinct userId looked up once: what both peers' batch functions do.
export const usersOf = async (userIds) => {
  const distinct = [...new Set(userIds)];
  const found = await users(distinct);
  const byId = new Map(distinct.map((id, i) => [id, found[i]]));
  return userIds.map((id) => byId.get(id) ?? null);
};

// On SIGTERM or SIGINT: stops the GraphQL server (`stopServer`), closes the backends, exits 0.
export const stopOnSignals = (stopServer) => {
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await stopServer();
    await close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
};

export { posts, body };
