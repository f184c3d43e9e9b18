// How the CLI marks up text for people: bold, colours and dim parts on a terminal, nothing
// otherwise (pipes, files, tests), so that golden outputs and `grep` see plain text.
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>

#include "cli/commands.hpp"

namespace stashql::cli {

class Style {
 public:
  explicit Style(bool colour) : colour_(colour) {}
  // Colour for `mode` when writing to `out`: a terminal (std::cout or std::cerr on a tty)
  // without NO_COLOR in the environment, or --color always.
  static Style for_stream(ColorMode mode, const std::ostream& out);

  bool colour() const { return colour_; }
  std::string bold(std::string_view text) const { return wrap("1", text); }
  std::string dim(std::string_view text) const { return wrap("2", text); }
  std::string red(std::string_view text) const { return wrap("31", text); }
  std::string green(std::string_view text) const { return wrap("32", text); }
  std::string yellow(std::string_view text) const { return wrap("33", text); }
  std::string cyan(std::string_view text) const { return wrap("36", text); }

 private:
  std::string wrap(std::string_view code, std::string_view text) const;

  bool colour_;
};

}  // namespace stashql::cli
