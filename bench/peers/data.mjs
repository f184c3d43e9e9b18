// Writes the data every peer serves, the same bytes for all of them, into DIR:
//   DIR/http/posts            100 posts as a JSON array: {userId, id, title, body} (≈ 24 KB)
//   DIR/http/users/1 … 10     10 users: {id, name, username, email, address, phone, website, company}
//   DIR/redis.txt             the same posts and users for Redis (for `redis-cli < redis.txt`):
//                             hashes post:N and user:N, and the `posts` sorted set (by id)
//   DIR/blobs/posts/N.txt     a 16 KB body per post, for the blob variant of W4
// The text is made up from a fixed seed, so every run and every peer sees the same data.
//
//   node bench/peers/data.mjs DIR
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node bench/peers/data.mjs DIR');
  process.exit(2);
}

let seed = 20261206;
const random = () => {
  // xorshift32: small, fixed, and the same on every machine
  seed ^= seed << 13; seed >>>= 0;
  seed ^= seed >>> 17;
  seed ^= seed << 5; seed >>>= 0;
  return seed / 0x100000000;
};
const pick = (list) => list[Math.floor(random() * list.length)];
const words = ('lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor ' +
  'incididunt ut labore et dolore magna aliqua enim ad minim veniam quis nostrud exercitation ' +
  'ullamco laboris nisi aliquip ex ea commodo consequat duis aute irure in reprehenderit ' +
  'voluptate velit esse cillum fugiat nulla pariatur excepteur sint occaecat cupidatat non ' +
  'proident sunt culpa qui officia deserunt mollit anim id est laborum').split(' ');
const sentence = (count) => Array.from({ length: count }, () => pick(words)).join(' ');

const names = ['Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Edsger Dijkstra', 'Barbara Liskov',
  'Donald Knuth', 'Frances Allen', 'John Backus', 'Radia Perlman', 'Niklaus Wirth'];
const users = names.map((name, i) => {
  const username = name.split(' ')[1].toLowerCase();
  return {
    id: i + 1,
    name,
    username,
    email: `${username}@example.org`,
    address: {
      street: `${sentence(2)} street`, suite: `Suite ${100 + i * 7}`, city: sentence(1),
      zipcode: String(10000 + i * 1234), geo: { lat: (random() * 180 - 90).toFixed(4),
        lng: (random() * 360 - 180).toFixed(4) },
    },
    phone: `+1-555-01${String(i).padStart(2, '0')}`,
    website: `${username}.example.org`,
    company: { name: `${sentence(1)} ${sentence(1)} Ltd`, catchPhrase: sentence(4), bs: sentence(3) },
  };
});
const posts = Array.from({ length: 100 }, (_, i) => ({
  userId: Math.floor(i / 10) + 1,
  id: i + 1,
  title: sentence(6 + Math.floor(random() * 4)),
  body: sentence(22 + Math.floor(random() * 6)),
}));

mkdirSync(join(dir, 'http', 'users'), { recursive: true });
mkdirSync(join(dir, 'blobs', 'posts'), { recursive: true });
writeFileSync(join(dir, 'http', 'posts'), JSON.stringify(posts));
for (const user of users) writeFileSync(join(dir, 'http', 'users', String(user.id)), JSON.stringify(user));

const quote = (value) => `"${String(value).replace(/["\\]/g, '\\$&')}"`;
const lines = ['FLUSHALL'];
for (const u of users) {
  lines.push(`HSET user:${u.id} id ${u.id} name ${quote(u.name)} username ${u.username} ` +
    `email ${u.email} phone ${quote(u.phone)} website ${u.website}`);
}
for (const p of posts) {
  lines.push(`HSET post:${p.id} id ${p.id} userId ${p.userId} title ${quote(p.title)} ` +
    `body ${quote(p.body)}`);
  lines.push(`ZADD posts ${p.id} ${p.id}`);
}
writeFileSync(join(dir, 'redis.txt'), lines.join('\n') + '\n');

for (const p of posts) {
  let text = `# ${p.title}\n\n`;
  while (text.length < 16384) text += sentence(12) + '.\n';
  writeFileSync(join(dir, 'blobs', 'posts', `${p.id}.txt`), text.slice(0, 16383) + '\n');
}
