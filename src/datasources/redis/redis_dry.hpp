// What `--dry` makes of a Redis write command, with no I/O: the line the operator sees
// ("would write SET post:1 … EX 60"), the read that stands in for the write so that a dry run
// still learns what the write would have done (EXISTS before DEL, GET before INCRBY, …), and
// the reply the write would have had, made from that read's reply. The writes feed that reply
// to the same mapping as a real one (RedisWrite, redis_step.hpp), so the steps after a dry
// write see what a real run would have given them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "datasources/redis/redis_reply.hpp"

namespace stashql::redis {

// A command as redis-cli shows it: the command in capitals, then each argument as it is, or
// quoted with JSON escapes when it is empty or holds a space, a quote, a backslash, a control
// character or bytes that are not UTF-8: `SET post:1 "{\"title\":\"Hi\"}" EX 60`.
std::string command_line(const std::vector<std::string>& command);

// The read a dry run sends instead of the write `command` (one of the commands the redis.*
// writes send); empty when the reply needs no read (SET without NX/XX, HSET, EXPIRE, XADD).
std::vector<std::string> stand_in_read(const std::vector<std::string>& command);

// The reply `command` would have had, from the reply of its stand-in read (nil when it has
// none); `now_ms` (Unix time in milliseconds) makes XADD's entry id. An error reply, with
// Redis's own text, where Redis would have refused the write (INCRBY of a value that is not
// an integer). A read reply of a shape the read never gives is handed back as it is, for the
// write's mapping to report.
Reply simulated_reply(const std::vector<std::string>& command, const Reply& read,
                      std::int64_t now_ms);

}  // namespace stashql::redis
