// Loading an app's pipelines and reusable functions: every `*.yaml` under the pipelines
// folder is a pipeline (`resolver: Type.field`) or a function (`function: name`). Each is
// checked against the schema, the unit-function registry and the declared datasources, its
// templates compiled, and every problem reported with its file:line:column.
#pragma once

#include <filesystem>
#include <memory>
#include <utility>
#include <vector>

#include <stashql/app.hpp>
#include <stashql/datasource.hpp>
#include <stashql/error.hpp>
#include <stashql/resolver.hpp>
#include <stashql/schema.hpp>
#include <stashql/unit_function.hpp>

namespace stashql::pipeline {

struct PipelineSources {
  std::filesystem::path folder;       // scanned recursively
  std::filesystem::path app_dir;      // run-time messages name files relative to it
  std::filesystem::path config_file;  // skipped when it lies inside the folder
};

struct PipelineCounts {
  std::size_t pipelines = 0;
  std::size_t functions = 0;
};

// Binds each loaded pipeline to its field in `resolvers`. Problems are appended to `errors`
// (nothing is bound then).
PipelineCounts load_pipelines(const PipelineSources& sources, const Schema& schema,
                              const FunctionRegistry& functions, const Datasources& datasources,
                              const Environment& env, Resolvers& resolvers,
                              std::vector<SourceError>& errors);

}  // namespace stashql::pipeline
