// Prints the Redis commands that load the benchmark data (for `redis-cli < …`):
// 10 users (user:u0…u9), 100 posts (post:p000…p099, each by user u(i % 10)) and the `posts`
// sorted set by time of writing.
const lines = [];
for (let u = 0; u < 10; u++) {
  lines.push(`HSET user:u${u} id u${u} name "User ${u}" email u${u}@example.org`);
}
for (let p = 0; p < 100; p++) {
  const id = `p${String(p).padStart(3, '0')}`;
  lines.push(`HSET post:${id} id ${id} title "Post number ${p}" userId u${p % 10}`);
  lines.push(`ZADD posts ${1_700_000_000_000 + p * 60_000} ${id}`);
}
process.stdout.write(lines.join('\n') + '\n');
