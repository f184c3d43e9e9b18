// The stashql side of the graphql-js conformance test: runs every case through the Engine —
// the same path a request takes in the server, minus HTTP — and prints one JSON line per case,
// `{"case": name, "response": …}`, for compare.mjs to hold against graphql-js's answers.
//
//   conformance_runner [--dir DIR] [case files or directories…]
//
// DIR holds schema.graphql and data.json (default: this source directory); with no cases given,
// DIR/cases is run. A case file may start with `# operationName: Foo` and `# variables: {…}`
// comment lines; the whole file is the document.

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <stashql/engine.hpp>
#include <stashql/json.hpp>
#include <stashql/resolver.hpp>
#include <stashql/schema.hpp>
#include <stashql/value.hpp>

#ifndef STASHQL_CONFORMANCE_DIR
#define STASHQL_CONFORMANCE_DIR "."
#endif

namespace {

namespace fs = std::filesystem;
using namespace stashql;

std::optional<std::string> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return std::move(text).str();
}

struct Case {
  std::string name;
  std::string source;
  std::string operation_name;
  std::optional<Value> variables;
};

// Reads the `# operationName:` and `# variables:` header lines. Returns an error text, or
// nothing when the header is well-formed.
std::optional<std::string> read_header(Case& c) {
  std::string_view rest = c.source;
  while (!rest.empty() && rest.front() == '#') {
    const auto end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
    line.remove_prefix(1);
    while (!line.empty() && line.front() == ' ')
      line.remove_prefix(1);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' '))
      line.remove_suffix(1);
    constexpr std::string_view kOperation = "operationName:";
    constexpr std::string_view kVariables = "variables:";
    if (line.starts_with(kOperation)) {
      std::string_view name = line.substr(kOperation.size());
      while (!name.empty() && name.front() == ' ')
        name.remove_prefix(1);
      c.operation_name = std::string(name);
    } else if (line.starts_with(kVariables)) {
      auto parsed = parse_json(line.substr(kVariables.size()));
      if (!parsed.has_value()) return "bad variables JSON: " + parsed.error().message;
      c.variables = std::move(*parsed);
    }
  }
  return std::nullopt;
}

// The case files under `targets` (files or directories), sorted by name as the oracle does.
std::vector<fs::path> collect_cases(const std::vector<fs::path>& targets) {
  std::vector<fs::path> files;
  for (const auto& target : targets) {
    std::error_code ec;
    if (fs::is_directory(target, ec)) {
      for (const auto& entry : fs::directory_iterator(target, ec)) {
        if (entry.path().extension() == ".graphql") files.push_back(entry.path());
      }
    } else {
      files.push_back(target);
    }
  }
  std::sort(files.begin(), files.end(),
            [](const fs::path& a, const fs::path& b) { return a.filename() < b.filename(); });
  return files;
}

void print_line(std::string_view name, std::string_view response_json) {
  std::string line = "{\"case\":";
  write_json_string(line, name);
  line += ",\"response\":";
  line += response_json;
  line += "}\n";
  std::fwrite(line.data(), 1, line.size(), stdout);
}

// A case the runner itself could not run: reported as a response the comparison will reject.
void print_runner_error(std::string_view name, std::string_view message) {
  std::string response = "{\"runnerError\":";
  write_json_string(response, message);
  response += "}";
  print_line(name, response);
}

}  // namespace

int main(int argc, char** argv) {
  fs::path dir = STASHQL_CONFORMANCE_DIR;
  std::vector<fs::path> targets;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--dir" && i + 1 < argc) {
      dir = argv[++i];
    } else if (arg == "--help" || arg == "-h") {
      std::cout << "usage: conformance_runner [--dir DIR] [case files or directories...]\n";
      return 0;
    } else {
      targets.emplace_back(arg);
    }
  }
  if (targets.empty()) targets.push_back(dir / "cases");

  const auto sdl = read_file(dir / "schema.graphql");
  const auto data_text = read_file(dir / "data.json");
  if (!sdl || !data_text) {
    std::cerr << "conformance_runner: cannot read " << (dir / "schema.graphql") << " or "
              << (dir / "data.json") << "\n";
    return 2;
  }
  auto schema = Schema::build({SdlSource{"schema.graphql", *sdl}});
  if (!schema.has_value()) {
    for (const auto& error : schema.error())
      std::cerr << error.format() << "\n";
    return 2;
  }
  auto data = parse_json(*data_text);
  if (!data.has_value()) {
    std::cerr << "data.json:" << data.error().line << ":" << data.error().column << ": "
              << data.error().message << "\n";
    return 2;
  }

  auto resolvers = std::make_shared<Resolvers>();
  install_introspection(*resolvers, *schema);
  auto config = std::make_shared<EngineConfig>();
  config->schema = *schema;
  config->resolvers = resolvers;
  config->root_value = std::make_shared<const Value>(std::move(*data));
  Engine engine(config);

  for (const auto& file : collect_cases(targets)) {
    Case c;
    c.name = file.stem().string();
    auto source = read_file(file);
    if (!source) {
      print_runner_error(c.name, "cannot read " + file.string());
      continue;
    }
    c.source = std::move(*source);
    if (auto problem = read_header(c)) {
      print_runner_error(c.name, *problem);
      continue;
    }
    GraphQLRequest request;
    request.query = c.source;
    request.operation_name = c.operation_name;
    request.variables = c.variables ? &*c.variables : nullptr;
    std::string out;
    engine.run(request, nullptr, out);
    print_line(c.name, out);
  }
  std::fflush(stdout);
  return 0;
}
