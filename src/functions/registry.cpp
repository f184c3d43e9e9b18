// The unit-function registry and the one list of built-in functions. A new function is added
// here by name, explicitly: no static initialisers, so what an app can `use:` is visible in
// one place and a test can build a registry of its own.
#include <stashql/unit_function.hpp>

#include "datasources/file/blob_functions.hpp"
#include "datasources/http/http_function.hpp"
#include "datasources/redis/redis_functions.hpp"
#include "functions/core/core.hpp"

namespace stashql::pipeline {

void FunctionRegistry::add(FunctionSpec spec) {
  std::string name = spec.name;
  specs_.insert_or_assign(std::move(name), std::move(spec));
}

const FunctionSpec* FunctionRegistry::find(std::string_view name) const {
  auto it = specs_.find(name);
  return it == specs_.end() ? nullptr : &it->second;
}

std::vector<std::string> FunctionRegistry::names() const {
  std::vector<std::string> out;
  out.reserve(specs_.size());
  for (const auto& [name, spec] : specs_)
    out.push_back(name);
  return out;  // a std::map iterates in order: already sorted
}

FunctionRegistry builtin_functions() {
  FunctionRegistry registry;
  // Shaping data and guarding the pipeline (src/functions/core/).
  registry.add(functions::set_function());
  registry.add(functions::return_function());
  registry.add(functions::fail_function());
  registry.add(functions::append_error_function());
  registry.add(functions::filter_function());
  registry.add(functions::map_function());
  registry.add(functions::sort_function());
  registry.add(functions::paginate_function());
  registry.add(functions::auth_function());
  // Redis reads and writes on a `redis` datasource (src/datasources/redis/).
  for (FunctionSpec& spec : redis::redis_functions())
    registry.add(std::move(spec));
  // Blobs of `file` datasources (src/datasources/file/).
  for (FunctionSpec& spec : file::blob_functions())
    registry.add(std::move(spec));
  // Calls to JSON services over an http datasource (src/datasources/http/).
  for (FunctionSpec& spec : http_client::http_functions())
    registry.add(std::move(spec));
  return registry;
}

}  // namespace stashql::pipeline
