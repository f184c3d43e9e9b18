// The subcommands behind `stashql`, and the option parsing and loading they share.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <stashql/app.hpp>
#include <stashql/value.hpp>

#include "cli/cli.hpp"

namespace stashql::cli {

// When output is coloured: `--color auto` (the default) colours a terminal unless NO_COLOR
// is set; tests and pipes get plain text.
enum class ColorMode : std::uint8_t { automatic, always, never };

// A command's parsed options. Each command says which options it accepts.
struct Options {
  std::string config = "stashql.yaml";
  std::vector<std::string> positional;
  std::optional<std::string> port;
  std::optional<std::string> variables;
  std::optional<std::string> operation;
  std::optional<std::string> identity;  // --identity JSON|@file
  std::optional<std::string> jwt;       // --jwt TOKEN|@file
  std::optional<std::string> args;      // run: --args JSON|@file
  std::optional<std::string> source;    // run: --source JSON|@file
  std::optional<std::string> stash;     // run: --stash JSON|@file
  std::optional<std::string> headers;   // run, query: --headers JSON|@file
  bool sdl = false;
  bool introspection = false;
  bool json = false;    // --json: machine-readable output (docs/cli.md)
  bool strict = false;  // check --strict: warnings fail (exit 1)
  bool dry = false;     // --dry: writes are recorded, never made
  bool trace = false;   // query --trace
  bool full = false;    // run --full: results unshortened
  ColorMode color = ColorMode::automatic;
  bool help = false;
};

// The options a command accepts (besides -c/--config, --color and -h/--help).
struct Accepts {
  bool port = false;
  bool variables = false;
  bool operation = false;
  bool identity = false;  // --identity and --jwt
  bool schema_format = false;
  bool json = false;
  bool strict = false;
  bool run_inputs = false;  // --args, --source, --stash
  bool headers = false;
  bool dry = false;
  bool trace = false;
  bool full = false;
  std::size_t max_positional = 0;
};

// Parses `args` (after the command name); the error says what is wrong.
std::optional<Options> parse_options(const std::vector<std::string>& args, const Accepts& accepts,
                                     std::string& error);

// Loads the app of `options.config`, printing every error to `err`.
std::optional<App> load_or_report(const Options& options, std::ostream& err);

// Text given inline or, as `@file`, read from a file (`@-`: standard input).
std::optional<std::string> text_or_file(std::string_view arg, std::string& error);

// Appends `v` as indented JSON (two spaces), for people reading a terminal.
void write_pretty_json(std::string& out, const Value& v);

// Prints a GraphQL response as indented JSON; kResponseErrors when it has errors.
int print_response(const std::string& response, std::ostream& out);

// The full introspection query (graphql-js's getIntrospectionQuery with every option on).
std::string_view introspection_query();

int run_command(const Options& options, std::ostream& out, std::ostream& err);
int serve_command(const Options& options, std::ostream& out, std::ostream& err);
int check_command(const Options& options, std::ostream& out, std::ostream& err);
int query_command(const Options& options, std::ostream& out, std::ostream& err);
int schema_command(const Options& options, std::ostream& out, std::ostream& err);

}  // namespace stashql::cli
