// The subcommands behind `stashql`, and the option parsing and loading they share.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <stashql/app.hpp>
#include <stashql/value.hpp>

#include "cli/cli.hpp"

namespace stashql::cli {

// A command's parsed options. Each command says which options it accepts.
struct Options {
  std::string config = "stashql.yaml";
  std::vector<std::string> positional;
  std::optional<std::string> port;
  std::optional<std::string> variables;
  std::optional<std::string> operation;
  std::optional<std::string> identity;
  bool sdl = false;
  bool introspection = false;
  bool help = false;
};

// The options a command accepts (besides -c/--config and -h/--help).
struct Accepts {
  bool port = false;
  bool variables = false;
  bool operation = false;
  bool identity = false;
  bool schema_format = false;
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

// The full introspection query (graphql-js's getIntrospectionQuery with every option on).
std::string_view introspection_query();

int serve_command(const Options& options, std::ostream& out, std::ostream& err);
int check_command(const Options& options, std::ostream& out, std::ostream& err);
int query_command(const Options& options, std::ostream& out, std::ostream& err);
int schema_command(const Options& options, std::ostream& out, std::ostream& err);

}  // namespace stashql::cli
