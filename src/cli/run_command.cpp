// `stashql run Type.field`: one pipeline alone, traced step by step.
#include <ostream>

#include "cli/commands.hpp"

namespace stashql::cli {

int run_command(const Options& /*options*/, std::ostream& /*out*/, std::ostream& err) {
  err << "stashql run: not built yet\n";
  return kBadUsage;
}

}  // namespace stashql::cli
