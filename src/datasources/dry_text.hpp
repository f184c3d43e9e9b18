// The wording the write functions of every datasource kind share when `--dry` records what
// they would have written ("PUT blob a.md on blobs (2,048 bytes, …)", "POST … with a JSON
// body of 42 bytes"), so that the lines of a trace read alike whatever the backend.
#pragma once

#include <cstdint>
#include <string>

namespace stashql::datasources {

// "0 bytes", "1 byte", "2,048 bytes": digits grouped by three for the operator's eye.
std::string byte_count(std::uint64_t bytes);

}  // namespace stashql::datasources
