// The stashql binary: everything lives in the CLI layer (src/cli/), so tests link the same code.
#include "cli/cli.hpp"

int main(int argc, char** argv) {
  return stashql::cli::run(argc, argv);
}
