// `stashql <command>`: dispatch, help texts, and the option parsing the commands share.
#include "cli/cli.hpp"

#include <fstream>
#include <iostream>
#include <sstream>

#include <boost/asio/io_context.hpp>

#include <stashql/backends.hpp>

#include "cli/commands.hpp"

namespace stashql::cli {
namespace {

constexpr std::string_view kUsage =
    R"(stashql — a GraphQL service whose fields are resolved by YAML pipelines

Usage: stashql <command> [options]

Commands:
  serve    serve the app over HTTP (GraphQL, GraphiQL, /healthz)
  check    load the app and report every configuration and schema error
  run      run one field's pipeline alone, traced step by step (--dry: write nothing)
  query    run one GraphQL request against the app, without a server
  schema   print the app's schema as SDL or as an introspection result
  version  print the version

Run `stashql <command> --help` for a command's options and an example.
Exit codes: 0 ok, 1 the response has errors, 2 bad usage or invalid configuration.
)";

constexpr std::string_view kServeHelp = R"(Usage: stashql serve [-c FILE] [--port N]

Serves the app: POST and GET /graphql (GraphQL over HTTP), GraphiQL for browsers at /graphql,
and /healthz. SIGINT or SIGTERM stops accepting, lets in-flight requests finish, then exits.

Options:
  -c, --config FILE  the app's configuration (default: ./stashql.yaml)
  --port N           listen on port N instead of the one in `listen` (0: any free port)

Example:
  stashql serve -c pipelines/demo/stashql.yaml --port 8080
)";

constexpr std::string_view kCheckHelp =
    R"(Usage: stashql check [-c FILE] [--json] [--strict] [--color auto|always|never]

Loads the app as `serve` would — configuration, schema, root value, pipelines, functions,
datasources — without serving it. Every error is printed to stderr as file:line:column: message.
When the app loads, its pipelines are checked for what is most likely a mistake, each printed
as file:line:column: warning: message [code]: fields that are always null, steps that never
run, stash keys never written, unused datasources, writes in queries, one HTTP call per list
item (N+1), results that cannot fit the field's type. docs/cli.md explains each code.

Options:
  -c, --config FILE  the app's configuration (default: ./stashql.yaml)
  --json             print one JSON object on stdout instead (for CI; shape in docs/cli.md)
  --strict           warnings fail the check too (exit code 1)
  --color WHEN       colour the output: auto (on a terminal, unless NO_COLOR), always, never

Exit codes: 0 the app is valid (warnings allowed), 1 it has warnings and --strict was given,
2 it has errors.

Example:
  stashql check -c pipelines/blog/stashql.yaml --strict
)";

constexpr std::string_view kRunHelp =
    R"(Usage: stashql run Type.field [--args JSON] [--source JSON] [--identity JSON | --jwt TOKEN]
                   [--stash JSON] [--headers JSON] [--dry] [--json] [--full] [-c FILE]

Runs one field's pipeline alone against the app's datasources and prints it step by step:
each step's number and id, unit function, rendered arguments, time, result, and what it put in
the stash; skipped steps with the reason. Every JSON option also reads @FILE (@- for stdin).
Exit code 0 when the pipeline gave no errors, 1 when it did, 2 on bad usage or configuration.

Options:
  -c, --config FILE      the app's configuration (default: ./stashql.yaml)
  --args JSON            the field's arguments, coerced to their GraphQL types; defaults apply
  --source JSON          the parent value (`source` in templates), for fields of object types
  --identity JSON        who is asking (`identity`), e.g. {"username": "ada", "groups": []}
  --jwt TOKEN            an identity from a JWT's claims (sub, username, groups); the
                         signature is not checked: this is the operator's own run
  --stash JSON           what the stash holds before the first step, an object
  --headers JSON         the request's headers (`headers`), an object of strings
  --dry                  make no write: Redis writes, blob writes, HTTP POST/PUT/PATCH/DELETE
                         and publishes are shown as "would write …" and not made; the steps
                         after them see a simulated result (docs/cli.md); reads still happen
  --json                 print the trace as JSON (docs/cli.md documents the shape)
  --full                 print results whole (they are shortened to one line otherwise)
  --color WHEN           auto (default: colour on a terminal unless NO_COLOR), always, never

Examples:
  stashql run Query.post --args '{"id": "p01"}' -c pipelines/blog/stashql.yaml
  stashql run Mutation.createPost --dry --identity '{"username": "ada"}' \
    --args '{"input": {"title": "Hi", "body": "# Hi"}}' -c pipelines/blog/stashql.yaml
)";

constexpr std::string_view kQueryHelp =
    R"(Usage: stashql query QUERY|@FILE [--variables JSON|@FILE] [--operation NAME]
                     [--identity JSON|@FILE | --jwt TOKEN] [--headers JSON] [--dry] [--trace]
                     [--full] [-c FILE]

Runs one GraphQL request against the app, as the server would, and prints the response.
@FILE reads the text from a file, and @- from standard input.
Exit code 0 when the response has no errors, 1 when it has, 2 on bad usage or configuration.

Options:
  -c, --config FILE        the app's configuration (default: ./stashql.yaml)
  --variables JSON|@FILE   the request's variables, a JSON object
  --operation NAME         the operation to run when the document has several
  --identity JSON|@FILE    who is asking, as pipelines see it in `identity`: an object such
                           as {"sub": "u1", "username": "ada", "groups": ["editors"]}
                           (default: not signed in)
  --jwt TOKEN              an identity from a JWT's claims (the signature is not checked)
  --headers JSON           the request's headers, an object of strings
  --dry                    make no write (see `stashql run --help`); what would have been
                           written is listed on stderr
  --trace                  print every pipeline that ran, step by step, on stderr
  --full                   with --trace, print results whole
  --color WHEN             auto (default), always or never

Examples:
  stashql query -c pipelines/blog/stashql.yaml 'query ($id: ID!) { post(id: $id) { title } }' \
    --variables '{"id": "p01"}' --trace
  stashql query -c pipelines/blog/stashql.yaml @create.graphql --identity '{"username": "ada"}' --dry
)";

constexpr std::string_view kSchemaHelp =
    R"(Usage: stashql schema [-c FILE] [--sdl | --introspection]

Prints the app's schema: as SDL (the default), or as the JSON result of the standard
introspection query (what GraphiQL and code generators read).

Options:
  -c, --config FILE  the app's configuration (default: ./stashql.yaml)
  --sdl              print SDL (default)
  --introspection    print the introspection result as JSON

Example:
  stashql schema -c pipelines/demo/stashql.yaml --introspection > schema.json
)";

constexpr std::string_view kVersionHelp = R"(Usage: stashql version

Prints the version of stashql.

Example:
  stashql version
)";

struct Command {
  std::string_view name;
  std::string_view help;
  Accepts accepts;
  int (*run)(const Options&, std::ostream&, std::ostream&);
};

int version_command(const Options&, std::ostream& out, std::ostream&) {
  out << "stashql " << STASHQL_VERSION << "\n";
  return kOk;
}

constexpr Command kCommands[] = {
    {"serve", kServeHelp, Accepts{.port = true}, serve_command},
    {"check", kCheckHelp, Accepts{.json = true, .strict = true}, check_command},
    {"run", kRunHelp,
     Accepts{.identity = true,
             .json = true,
             .run_inputs = true,
             .headers = true,
             .dry = true,
             .full = true,
             .max_positional = 1},
     run_command},
    {"query", kQueryHelp,
     Accepts{.variables = true,
             .operation = true,
             .identity = true,
             .headers = true,
             .dry = true,
             .trace = true,
             .full = true,
             .max_positional = 1},
     query_command},
    {"schema", kSchemaHelp, Accepts{.schema_format = true}, schema_command},
    {"version", kVersionHelp, Accepts{}, version_command},
};

}  // namespace

std::optional<Options> parse_options(const std::vector<std::string>& args, const Accepts& accepts,
                                     std::string& error) {
  Options options;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    auto value = [&](std::string_view name) -> std::optional<std::string> {
      if (i + 1 >= args.size()) {
        error = std::string(name) + " needs a value";
        return std::nullopt;
      }
      return args[++i];
    };
    if (arg == "-h" || arg == "--help") {
      options.help = true;
    } else if (arg == "-c" || arg == "--config") {
      auto v = value(arg);
      if (!v) return std::nullopt;
      options.config = *v;
    } else if (arg == "--port" && accepts.port) {
      auto v = value(arg);
      if (!v) return std::nullopt;
      options.port = *v;
    } else if (arg == "--variables" && accepts.variables) {
      auto v = value(arg);
      if (!v) return std::nullopt;
      options.variables = *v;
    } else if (arg == "--identity" && accepts.identity) {
      auto v = value(arg);
      if (!v) return std::nullopt;
      options.identity = *v;
    } else if (arg == "--operation" && accepts.operation) {
      auto v = value(arg);
      if (!v) return std::nullopt;
      options.operation = *v;
    } else if (arg == "--jwt" && accepts.identity) {
      auto v = value(arg);
      if (!v) return std::nullopt;
      options.jwt = *v;
    } else if ((arg == "--args" || arg == "--source" || arg == "--stash") && accepts.run_inputs) {
      auto v = value(arg);
      if (!v) return std::nullopt;
      (arg == "--args" ? options.args : arg == "--source" ? options.source : options.stash) = *v;
    } else if (arg == "--headers" && accepts.headers) {
      auto v = value(arg);
      if (!v) return std::nullopt;
      options.headers = *v;
    } else if (arg == "--color" || arg.rfind("--color=", 0) == 0) {
      std::optional<std::string> v =
          arg == "--color" ? value(arg) : std::optional<std::string>(arg.substr(8));
      if (!v) return std::nullopt;
      if (*v == "auto") {
        options.color = ColorMode::automatic;
      } else if (*v == "always") {
        options.color = ColorMode::always;
      } else if (*v == "never") {
        options.color = ColorMode::never;
      } else {
        error = "--color must be auto, always or never, not \"" + *v + "\"";
        return std::nullopt;
      }
    } else if (arg == "--no-color") {
      options.color = ColorMode::never;
    } else if (arg == "--json" && accepts.json) {
      options.json = true;
    } else if (arg == "--strict" && accepts.strict) {
      options.strict = true;
    } else if (arg == "--dry" && accepts.dry) {
      options.dry = true;
    } else if (arg == "--trace" && accepts.trace) {
      options.trace = true;
    } else if (arg == "--full" && accepts.full) {
      options.full = true;
    } else if (arg == "--sdl" && accepts.schema_format) {
      options.sdl = true;
    } else if (arg == "--introspection" && accepts.schema_format) {
      options.introspection = true;
    } else if (arg.size() > 1 && arg[0] == '-') {
      error = "unknown option " + arg;
      return std::nullopt;
    } else if (options.positional.size() < accepts.max_positional) {
      options.positional.push_back(arg);
    } else {
      error = "unexpected argument \"" + arg + "\"";
      return std::nullopt;
    }
  }
  if (options.identity && options.jwt) {
    error = "--identity and --jwt exclude each other";
    return std::nullopt;
  }
  if (options.sdl && options.introspection) {
    error = "--sdl and --introspection exclude each other";
    return std::nullopt;
  }
  return options;
}

std::optional<App> load_or_report(const Options& options, std::ostream& err) {
  auto app = load_app(options.config);
  if (!app.has_value()) {
    for (const SourceError& e : app.error())
      err << e.format() << "\n";
    const std::size_t n = app.error().size();
    err << n << (n == 1 ? " error" : " errors") << " in " << options.config << "\n";
    return std::nullopt;
  }
  // The datasources' clients check what the loader cannot (a URL's parts); they connect to
  // nothing when built.
  boost::asio::io_context scratch;
  auto backends = make_backends(app->datasources, scratch.get_executor(), scratch.get_executor());
  if (!backends.has_value()) {
    err << backends.error() << "\nthe datasources of " << options.config << " are not usable\n";
    return std::nullopt;
  }
  return std::move(*app);
}

std::optional<std::string> text_or_file(std::string_view arg, std::string& error) {
  if (arg.empty() || arg[0] != '@') return std::string(arg);
  if (arg == "@-") {
    std::ostringstream text;
    text << std::cin.rdbuf();
    return std::move(text).str();
  }
  const std::string file(arg.substr(1));
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    error = "cannot read \"" + file + "\"";
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return std::move(text).str();
}

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (args.empty() || args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
    (args.empty() ? err : out) << kUsage;
    return args.empty() ? kBadUsage : kOk;
  }
  if (args[0] == "--version") return version_command(Options{}, out, err);
  for (const Command& command : kCommands) {
    if (command.name != args[0]) continue;
    std::string error;
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    std::optional<Options> options = parse_options(rest, command.accepts, error);
    if (!options) {
      err << "stashql " << command.name << ": " << error << "\n\n" << command.help;
      return kBadUsage;
    }
    if (options->help) {
      out << command.help;
      return kOk;
    }
    return command.run(*options, out, err);
  }
  err << "stashql: unknown command \"" << args[0] << "\"\n\n" << kUsage;
  return kBadUsage;
}

int run(int argc, char** argv) {
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i)
    args.emplace_back(argv[i]);
  return run(args, std::cout, std::cerr);
}

}  // namespace stashql::cli
