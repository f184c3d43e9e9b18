// The `stashql` command line: serve, check, query, schema, version. Commands write to the
// streams they are given, so tests run them in-process. Exit codes (DESIGN.md §5): 0 ok, 1 the
// response has errors, 2 bad usage or invalid configuration.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace stashql::cli {

constexpr int kOk = 0;
constexpr int kResponseErrors = 1;
constexpr int kBadUsage = 2;

// argv[1..] as strings.
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int run(int argc, char** argv);

}  // namespace stashql::cli
