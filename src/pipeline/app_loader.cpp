// Loads an app from its `stashql.yaml`: server settings, limits, the schema files (paths, globs
// or lists, relative to the YAML file), the root value's JSON, and the resolvers. Every
// problem is collected with its file:line:column and the load fails once, before serving.
#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <glob.h>
#include <sstream>
#include <thread>

#include <stashql/app.hpp>
#include <stashql/json.hpp>
#include <stashql/resolver.hpp>
#include <stashql/schema.hpp>

#include "pipeline/config.hpp"
#include "pipeline/datasource_config.hpp"
#include "pipeline/pipeline_loader.hpp"

namespace stashql {
namespace {

namespace fs = std::filesystem;

std::optional<std::string> read_file(const fs::path& path, std::string& error) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    error = "is a directory, not a file";
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = std::strerror(errno);
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    error = "read error";
    return std::nullopt;
  }
  return std::move(text).str();
}

std::string display_path(const fs::path& base_dir, std::string_view entry) {
  return (base_dir / fs::path(entry)).lexically_normal().string();
}

bool has_glob_chars(std::string_view s) {
  return s.find_first_of("*?[") != std::string_view::npos;
}

// "127.0.0.1:4000", ":4000", "[::1]:4000", "localhost:4000".
bool parse_listen(std::string_view text, ServerSettings& out, std::string& error) {
  const std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) {
    error = "listen must be \"host:port\" or \":port\", not \"" + std::string(text) + "\"";
    return false;
  }
  std::string_view host = text.substr(0, colon);
  const std::string_view port = text.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string_view::npos) {
    error = "listen: write an IPv6 address in brackets, as \"[::1]:4000\"";
    return false;
  }
  unsigned value = 0;
  auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (port.empty() || ec != std::errc() || ptr != port.data() + port.size() || value > 65535) {
    error = "listen: the port must be a number from 0 to 65535, not \"" + std::string(port) + "\"";
    return false;
  }
  out.host = host.empty() ? "0.0.0.0" : std::string(host);
  out.port = static_cast<std::uint16_t>(value);
  return true;
}

std::chrono::milliseconds seconds(double s) {
  return std::chrono::milliseconds(std::llround(s * 1000.0));
}

// Answers __schema and __type with an error when introspection is disabled, as graphql-js's
// NoSchemaIntrospectionCustomRule words it.
class DisabledIntrospection final : public FieldResolver {
 public:
  Resolved resolve(const ResolveInfo& info) const override {
    return Resolved::fail(
        "GraphQL introspection has been disabled, but the requested query "
        "contained the field \"" +
        info.field.name + "\".");
  }
};

class Loader {
 public:
  Loader(const fs::path& config_file, const Environment& env,
         const pipeline::FunctionRegistry& functions)
      : config_file_(config_file),
        base_dir_(config_file.parent_path()),
        env_(env),
        functions_(functions),
        reader_(config_file.lexically_normal().string(), env) {}

  Result<App, std::vector<SourceError>> load() {
    std::string read_error;
    std::optional<std::string> text = read_file(config_file_, read_error);
    if (!text) {
      reader_.error(Location{}, "cannot read the configuration: " + read_error);
      return std::move(reader_.errors());
    }
    YAML::Node root;
    try {
      root = YAML::Load(*text);
    } catch (const YAML::Exception& e) {
      reader_.error(Location{static_cast<std::uint32_t>(e.mark.line + 1),
                             static_cast<std::uint32_t>(e.mark.column + 1)},
                    "invalid YAML: " + e.msg);
      return std::move(reader_.errors());
    }
    return load(static_cast<const YAML::Node&>(root));
  }

 private:
  Result<App, std::vector<SourceError>> load(const YAML::Node& root) {
    if (!root.IsMap()) {
      reader_.error(Location{1, 1}, "the configuration must be a mapping of settings");
      return std::move(reader_.errors());
    }
    reader_.check_keys(root,
                       {"listen", "threads", "schema", "root_value", "pipelines", "datasources",
                        "limits", "graphiql", "introspection"},
                       "the configuration");

    App app;
    app.config_file = config_file_;
    app.server.threads = std::max(1U, std::thread::hardware_concurrency());
    auto engine = std::make_shared<EngineConfig>();

    if (const YAML::Node n = root["listen"]) {
      if (std::optional<std::string> listen = reader_.string(n, "listen")) {
        std::string error;
        if (!parse_listen(*listen, app.server, error)) reader_.error(n, error);
      }
    }
    if (const YAML::Node n = root["threads"]) {
      if (auto v = reader_.integer(n, "threads", 1, 1024)) app.server.threads = unsigned(*v);
    }
    if (const YAML::Node n = root["graphiql"]) {
      if (auto v = reader_.boolean(n, "graphiql")) app.server.graphiql = *v;
    }
    if (const YAML::Node n = root["introspection"]) {
      if (auto v = reader_.boolean(n, "introspection")) app.introspection = *v;
    }
    if (const YAML::Node n = root["limits"]) read_limits(n, app.server, *engine);

    std::vector<SdlSource> sources;
    if (const YAML::Node n = root["schema"]) {
      read_schema_files(n, sources);
    } else {
      reader_.error(Location{1, 1}, "missing key \"schema\": the SDL file(s) of the app");
    }
    if (const YAML::Node n = root["root_value"]) read_root_value(n, *engine);
    if (const YAML::Node n = root["datasources"]) {
      config::read_datasources(reader_, n, base_dir_, app.datasources);
    }
    std::optional<fs::path> pipelines;
    if (const YAML::Node n = root["pipelines"]) {
      if (std::optional<std::string> folder = reader_.string(n, "pipelines")) {
        pipelines = fs::path(display_path(base_dir_, *folder));
      }
    }

    if (!sources.empty()) {
      auto schema = Schema::build(sources);
      if (schema.has_value()) {
        engine->schema = *schema;
      } else {
        for (SourceError& e : schema.error())
          reader_.errors().push_back(std::move(e));
      }
    }
    // Pipelines are checked against the schema: without one there is nothing to check them
    // against. Other problems do not stop them from being checked, so that one run of
    // `stashql check` reports everything.
    if (engine->schema == nullptr) return std::move(reader_.errors());
    auto resolvers = std::make_shared<Resolvers>();
    if (pipelines) {
      const pipeline::PipelineSources where{*pipelines, base_dir_.empty() ? "." : base_dir_,
                                            config_file_};
      const pipeline::PipelineCounts counts = pipeline::load_pipelines(
          where, *engine->schema, functions_, app.datasources, env_, *resolvers, reader_.errors());
      app.pipelines = counts.pipelines;
      app.functions = counts.functions;
    }
    if (!reader_.errors().empty()) return std::move(reader_.errors());

    if (app.introspection) {
      install_introspection(*resolvers, engine->schema);
    } else {
      auto disabled = std::make_shared<DisabledIntrospection>();
      resolvers->set(engine->schema->schema_field(), disabled);
      resolvers->set(engine->schema->type_field(), disabled);
    }
    engine->resolvers = std::move(resolvers);
    app.engine = std::move(engine);
    return app;
  }

  void read_limits(const YAML::Node& limits, ServerSettings& server, EngineConfig& engine) {
    if (!reader_.check_keys(
            limits,
            {"body_bytes", "header_timeout", "request_timeout", "idle_timeout", "max_tokens"},
            "limits")) {
      return;
    }
    constexpr double kMaxSeconds = 24.0 * 3600.0;
    if (const YAML::Node n = limits["body_bytes"]) {
      if (auto v = reader_.integer(n, "limits.body_bytes", 0, std::int64_t{1} << 32)) {
        server.body_bytes = static_cast<std::size_t>(*v);
      }
    }
    if (const YAML::Node n = limits["header_timeout"]) {
      if (auto v = reader_.number(n, "limits.header_timeout", 0.001, kMaxSeconds)) {
        server.header_timeout = seconds(*v);
      }
    }
    if (const YAML::Node n = limits["request_timeout"]) {
      if (auto v = reader_.number(n, "limits.request_timeout", 0.001, kMaxSeconds)) {
        server.request_timeout = seconds(*v);
      }
    }
    if (const YAML::Node n = limits["idle_timeout"]) {
      if (auto v = reader_.number(n, "limits.idle_timeout", 0.001, kMaxSeconds)) {
        server.idle_timeout = seconds(*v);
      }
    }
    if (const YAML::Node n = limits["max_tokens"]) {
      if (auto v = reader_.integer(n, "limits.max_tokens", 1, 100'000'000)) {
        engine.parse_limits.max_tokens = static_cast<std::size_t>(*v);
      }
    }
  }

  void read_schema_files(const YAML::Node& node, std::vector<SdlSource>& sources) {
    auto entries = reader_.strings(node, "schema");
    if (!entries) return;
    std::vector<std::string> files;
    for (const auto& [entry, loc] : *entries) {
      const std::string pattern = display_path(base_dir_, entry);
      if (!has_glob_chars(entry)) {
        files.push_back(pattern);
        continue;
      }
      glob_t matches{};
      const int rc = ::glob(pattern.c_str(), GLOB_ERR, nullptr, &matches);
      if (rc == 0) {
        for (std::size_t i = 0; i < matches.gl_pathc; ++i)
          files.emplace_back(matches.gl_pathv[i]);
      } else {
        reader_.error(loc, "schema: no file matches \"" + pattern + "\"");
      }
      ::globfree(&matches);
    }
    for (const std::string& file : files) {
      if (std::any_of(sources.begin(), sources.end(),
                      [&](const SdlSource& s) { return s.file == file; })) {
        continue;  // named twice (a file and a glob that matches it): read once
      }
      std::string error;
      if (std::optional<std::string> text = read_file(file, error)) {
        sources.push_back(SdlSource{file, std::move(*text)});
      } else {
        std::string message = "schema: cannot read \"";
        message += file;
        message += "\": ";
        message += error;
        reader_.error(location_for(*entries, file), std::move(message));
      }
    }
  }

  Location location_for(const std::vector<std::pair<std::string, Location>>& entries,
                        const std::string& file) const {
    for (const auto& [entry, loc] : entries) {
      if (display_path(base_dir_, entry) == file) return loc;
    }
    return entries.front().second;
  }

  void read_root_value(const YAML::Node& node, EngineConfig& engine) {
    std::optional<std::string> entry = reader_.string(node, "root_value");
    if (!entry) return;
    const std::string file = display_path(base_dir_, *entry);
    std::string error;
    std::optional<std::string> text = read_file(file, error);
    if (!text) {
      reader_.error(node, "root_value: cannot read \"" + file + "\": " + error);
      return;
    }
    auto value = parse_json(*text);
    if (!value.has_value()) {
      reader_.errors().push_back(SourceError{
          file, Location{value.error().line, value.error().column}, value.error().message});
      return;
    }
    if (!value->is_object()) {
      reader_.errors().push_back(
          SourceError{file, Location{1, 1},
                      "the root value must be an object: {\"query\": {…}, \"mutation\": {…}}"});
      return;
    }
    bool ok = true;
    for (const auto& [key, member] : value->as_object()) {
      if (key != "query" && key != "mutation" && key != "subscription") {
        reader_.errors().push_back(
            SourceError{file, Location{},
                        "unknown root \"" + key + "\" (expected query, mutation or subscription)"});
        ok = false;
      } else if (!member.is_object() && !member.is_null()) {
        reader_.errors().push_back(
            SourceError{file, Location{}, "the root value's \"" + key + "\" must be an object"});
        ok = false;
      }
    }
    if (ok) engine.root_value = std::make_shared<const Value>(std::move(*value));
  }

  fs::path config_file_;
  fs::path base_dir_;
  const Environment& env_;
  const pipeline::FunctionRegistry& functions_;
  config::Reader reader_;
};

}  // namespace

Result<App, std::vector<SourceError>> load_app(const std::filesystem::path& config_file,
                                               const Environment& env,
                                               const pipeline::FunctionRegistry& functions) {
  return Loader(config_file, env, functions).load();
}

}  // namespace stashql
