// The list of redis.* functions, from their three files (reads, paged reads, writes).
#include "datasources/redis/redis_functions.hpp"

#include <iterator>
#include <utility>

#include "datasources/redis/redis_step.hpp"

namespace stashql::redis {

std::vector<pipeline::FunctionSpec> redis_functions() {
  std::vector<pipeline::FunctionSpec> out = read_functions();
  for (auto* group : {&paged_functions, &write_functions}) {
    std::vector<pipeline::FunctionSpec> specs = (*group)();
    out.insert(out.end(), std::make_move_iterator(specs.begin()),
               std::make_move_iterator(specs.end()));
  }
  return out;
}

}  // namespace stashql::redis
