// The redis.* unit functions: key lookups (get, mget, hgetall, hget, smembers), paged reads
// (zrange, scan) and writes (set, hset, del, incr, sadd, zadd, xadd, publish) on a `redis`
// datasource, through the request's batching client. docs/redis_functions.md is their
// reference for pipeline authors; the registry (src/functions/registry.cpp) adds them all.
#pragma once

#include <vector>

#include <stashql/unit_function.hpp>

namespace stashql::redis {

// Every redis.* function, each with datasource kind redis.
std::vector<pipeline::FunctionSpec> redis_functions();

}  // namespace stashql::redis
