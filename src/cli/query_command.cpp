// `stashql query`: one GraphQL operation run in-process against the app's datasources, as the
// server would run it, printing the response. --trace prints every pipeline's steps (to
// stderr, so that stdout stays the response); --dry intercepts every write.
#include <ostream>

#include <stashql/engine.hpp>

#include "cli/commands.hpp"
#include "cli/local_run.hpp"
#include "cli/style.hpp"
#include "cli/tracer.hpp"

namespace stashql::cli {
namespace {

constexpr std::string_view kCommand = "query";

// Without --trace, a dry run still says what it would have written, and where.
void print_writes(std::ostream& err, const std::vector<RunRecord>& runs, const Style& style) {
  for (const RunRecord& run : runs) {
    for (const StepRecord& step : run.steps) {
      for (const std::string& write : step.writes) {
        err << style.yellow("would write") << " " << write
            << style.dim("  (" + run.field + (run.path.empty() ? "" : " at " + run.path) +
                         ", step " + step.number + ")")
            << "\n";
      }
    }
  }
}

}  // namespace

int query_command(const Options& options, std::ostream& out, std::ostream& err) {
  if (options.positional.empty()) {
    err << "stashql query: give the query text, or @file\n";
    return kBadUsage;
  }
  std::string error;
  std::optional<std::string> query = text_or_file(options.positional[0], error);
  if (!query) {
    err << "stashql query: " << error << "\n";
    return kBadUsage;
  }
  std::optional<Value> variables =
      json_option(options.variables, kCommand, "--variables", JsonShape::object, err);
  std::optional<Value> identity = identity_option(options, kCommand, err);
  std::optional<Value> headers = headers_option(options, kCommand, err);
  if (!variables || !identity || !headers) return kBadUsage;
  std::optional<App> app = load_or_report(options, err);
  if (!app) return kBadUsage;

  const bool observed = options.trace || options.dry;
  Tracer tracer(options.dry ? Tracer::Mode::dry : Tracer::Mode::live);
  std::string response;
  const bool built =
      run_locally(*app, err, [&](Backends& backends) -> boost::asio::awaitable<void> {
        Engine engine(app->engine);
        CliRequestContext context(kCommand, *identity, *headers, observed ? &tracer : nullptr,
                                  backends, err);
        PreparedRequest prepared =
            engine.prepare(*query, options.operation ? *options.operation : std::string_view());
        co_await engine.execute(prepared, variables->is_object() ? &*variables : nullptr, &context,
                                response);
      });
  if (!built) return kBadUsage;
  std::vector<RunRecord> runs = tracer.take_runs();
  const Style err_style = Style::for_stream(options.color, err);
  if (options.trace) {
    const TraceFormat format{err_style, options.full};
    for (const RunRecord& run : runs)
      print_run(err, run, format);
    err << err_style.dim(summarize(runs) + (options.dry ? " (dry run: nothing was written)" : ""))
        << "\n";
  } else if (options.dry) {
    print_writes(err, runs, err_style);
  }
  return print_response(response, out);
}

}  // namespace stashql::cli
