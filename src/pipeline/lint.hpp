// `stashql check`'s warnings: problems that do not stop an app from loading but that its
// authors most likely did not mean — a field that will always be null, a step that can never
// run, a stash key read but never written, a datasource nothing uses, a write in a query, one
// HTTP call per item of a list, a pipeline whose result cannot fit its field's type. A pure
// walk over a loaded app (schema, pipelines, the functions they call): no I/O, so it is tested
// on small apps and never needs a backend. docs/cli.md documents each code.
#pragma once

#include <string>
#include <vector>

#include <stashql/app.hpp>
#include <stashql/ast.hpp>

namespace stashql::pipeline {

struct Warning {
  std::string code;   // "unreachable-step", …: stable, for CI filters and the docs
  std::string file;   // as load errors name files (relative to where stashql runs)
  Location location;  // line 0 when only the file is known (a pipeline's `result:`)
  std::string message;
};

// Every warning for `app`, sorted by file, line, column (then code and message), each once.
std::vector<Warning> lint_app(const App& app);

}  // namespace stashql::pipeline
