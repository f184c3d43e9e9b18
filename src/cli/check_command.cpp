// `stashql check`: loads the app as `serve` would, without serving it, and reports every
// error (exit 2) or, when it loads, the warnings of the static analysis (src/pipeline/lint.hpp;
// exit 0, or 1 with --strict). For people: errors on stderr as file:line:column: message,
// warnings and a summary on stdout, aligned, coloured on a terminal. For CI (--json): one JSON
// object on stdout whose shape docs/cli.md documents, and nothing on stderr.
#include <algorithm>
#include <optional>
#include <ostream>

#include <boost/asio/io_context.hpp>

#include <stashql/backends.hpp>
#include <stashql/schema.hpp>

#include "cli/commands.hpp"
#include "cli/style.hpp"
#include "pipeline/lint.hpp"

namespace stashql::cli {
namespace {

constexpr int kStrictWarnings = 1;  // --strict and the app has warnings

struct Counts {
  std::size_t types = 0;  // the app's own, not the built-in ones
  std::size_t pipelines = 0;
  std::size_t functions = 0;
  std::size_t datasources = 0;
};

struct Report {
  std::vector<SourceError> errors;
  std::vector<pipeline::Warning> warnings;
  std::optional<Counts> counts;  // when the app loaded
};

// What the datasources' clients find wrong in their settings (a URL's parts: they connect to
// nothing when built), one error per datasource at its declaration.
void check_datasources(const App& app, std::vector<SourceError>& errors) {
  boost::asio::io_context scratch;
  for (const DatasourceConfig& ds : app.datasources) {
    auto backends = make_backends({ds}, scratch.get_executor(), scratch.get_executor());
    if (backends.has_value()) continue;
    // make_backends words it "file:line:column: datasources.x: …"; the location is ours.
    std::string message = backends.error();
    const std::string prefix = ds.file + ":" + std::to_string(ds.location.line) + ":" +
                               std::to_string(ds.location.column) + ": ";
    if (message.rfind(prefix, 0) == 0) message.erase(0, prefix.size());
    errors.push_back(SourceError{ds.file, ds.location, std::move(message)});
  }
}

Report check(const std::string& config) {
  Report report;
  auto app = load_app(config);
  if (!app.has_value()) {
    report.errors = std::move(app.error());
    return report;
  }
  check_datasources(*app, report.errors);
  if (!report.errors.empty()) return report;
  report.warnings = pipeline::lint_app(*app);
  Counts counts;
  for (const Type* type : app->engine->schema->types())
    counts.types += type->built_in ? 0 : 1;
  counts.pipelines = app->pipelines;
  counts.functions = app->functions;
  counts.datasources = app->datasources.size();
  report.counts = counts;
  return report;
}

int exit_code(const Report& report, const Options& options) {
  if (!report.errors.empty()) return kBadUsage;
  if (options.strict && !report.warnings.empty()) return kStrictWarnings;
  return kOk;
}

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

// "file:line:column:", or "file:" when the line is not known.
std::string where(const std::string& file, Location location) {
  if (location.line == 0) return file + ":";
  return file + ":" + std::to_string(location.line) + ":" + std::to_string(location.column) + ":";
}

void print_human(const Report& report, const Options& options, std::ostream& out,
                 std::ostream& err) {
  if (!report.errors.empty()) {
    const Style style = Style::for_stream(options.color, err);
    for (const SourceError& e : report.errors)
      err << e.format() << "\n";
    const std::size_t n = report.errors.size();
    err << n << " " << style.red(n == 1 ? "error" : "errors") << " in " << options.config << "\n";
    return;
  }
  const Style style = Style::for_stream(options.color, out);
  // Messages start in one column, so that a list of warnings reads as a table.
  std::size_t width = 0;
  for (const pipeline::Warning& w : report.warnings)
    width = std::max(width, where(w.file, w.location).size());
  for (const pipeline::Warning& w : report.warnings) {
    const std::string location = where(w.file, w.location);
    out << location << std::string(width - location.size() + 1, ' ') << style.yellow("warning")
        << ": " << w.message << " " << style.dim("[" + w.code + "]") << "\n";
  }
  const Counts& c = *report.counts;
  const std::size_t n = report.warnings.size();
  std::string verdict = style.green("ok");
  if (n > 0) {
    verdict = options.strict
                  ? style.yellow(plural(n, "warning", "warnings")) + ", failing with --strict"
                  : style.green("ok") + " with " + style.yellow(plural(n, "warning", "warnings"));
  }
  out << options.config << ": " << verdict << " (" << plural(c.types, "type", "types") << ", "
      << plural(c.pipelines, "pipeline", "pipelines") << ", "
      << plural(c.functions, "function", "functions") << ", "
      << plural(c.datasources, "datasource", "datasources") << ")\n";
}

Value location_value(std::string file, Location location) {
  return Value(Object{{"file", Value(std::move(file))},
                      {"line", Value(std::int64_t{location.line})},
                      {"column", Value(std::int64_t{location.column})}});
}

void print_json(const Report& report, const Options& options, std::ostream& out) {
  List errors;
  for (const SourceError& e : report.errors) {
    Value v = location_value(e.file, e.loc);
    v["message"] = Value(e.message);
    errors.push_back(std::move(v));
  }
  List warnings;
  for (const pipeline::Warning& w : report.warnings) {
    Value v(Object{{"code", Value(w.code)}});
    Value at = location_value(w.file, w.location);
    for (auto& [key, member] : at.as_object())
      v[key] = std::move(member);
    v["message"] = Value(w.message);
    warnings.push_back(std::move(v));
  }
  Value counts;
  if (report.counts) {
    const Counts& c = *report.counts;
    counts = Value(Object{{"types", Value(static_cast<std::int64_t>(c.types))},
                          {"pipelines", Value(static_cast<std::int64_t>(c.pipelines))},
                          {"functions", Value(static_cast<std::int64_t>(c.functions))},
                          {"datasources", Value(static_cast<std::int64_t>(c.datasources))}});
  }
  Value result(Object{{"ok", Value(exit_code(report, options) == kOk)},
                      {"config", Value(options.config)},
                      {"errors", Value(std::move(errors))},
                      {"warnings", Value(std::move(warnings))},
                      {"counts", std::move(counts)}});
  std::string text;
  write_pretty_json(text, result);
  out << text << "\n";
}

}  // namespace

int check_command(const Options& options, std::ostream& out, std::ostream& err) {
  const Report report = check(options.config);
  if (options.json) {
    print_json(report, options, out);
  } else {
    print_human(report, options, out, err);
  }
  return exit_code(report, options);
}

}  // namespace stashql::cli
