// An app: what one `stashql.yaml` describes — the engine's immutable configuration (schema,
// resolvers, root value, limits) and the settings of the server that serves it. Loading
// checks everything up front and reports every problem at once, each as file:line:column,
// so nothing is served from a half-valid configuration.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <stashql/datasource.hpp>
#include <stashql/engine.hpp>
#include <stashql/error.hpp>
#include <stashql/result.hpp>
#include <stashql/unit_function.hpp>

namespace stashql {

struct ServerSettings {
  std::string host = "0.0.0.0";  // `listen: ":4000"` means every interface
  std::uint16_t port = 4000;
  unsigned threads = 1;  // one io_context, acceptor and engine each
  std::size_t body_bytes = std::size_t{1024} * 1024;
  std::chrono::milliseconds header_timeout{10'000};   // to receive a request's header
  std::chrono::milliseconds request_timeout{30'000};  // to receive its body, and to answer
  std::chrono::milliseconds idle_timeout{60'000};     // a keep-alive connection between requests
  bool graphiql = true;
};

struct App {
  std::filesystem::path config_file;
  ServerSettings server;
  bool introspection = true;
  Datasources datasources;
  std::size_t pipelines = 0;  // loaded, each bound to its field
  std::size_t functions = 0;  // reusable functions they may call
  std::shared_ptr<const EngineConfig> engine;
};

// Looks up an environment variable for `${VAR}` expansion; nullopt when it is not set.
using Environment = std::function<std::optional<std::string>(std::string_view name)>;

// The process environment (getenv).
Environment process_environment();

// Loads `config_file` and everything it names: schema, root value, datasources, and the
// pipelines and functions under `pipelines:`, whose steps may use the unit functions of
// `functions`. Every problem — YAML syntax, unknown keys, wrong types, unset variables,
// missing files, bad JSON, schema errors, pipeline errors — is reported.
Result<App, std::vector<SourceError>> load_app(
    const std::filesystem::path& config_file, const Environment& env = process_environment(),
    const pipeline::FunctionRegistry& functions = pipeline::builtin_functions());

}  // namespace stashql
