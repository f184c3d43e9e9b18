// Style: ANSI SGR sequences when colour is on (see style.hpp).
#include "cli/style.hpp"

#include <cstdlib>
#include <iostream>
#include <unistd.h>

namespace stashql::cli {

Style Style::for_stream(ColorMode mode, const std::ostream& out) {
  if (mode != ColorMode::automatic) return Style(mode == ColorMode::always);
  int fd = -1;
  if (&out == &std::cout) fd = STDOUT_FILENO;
  if (&out == &std::cerr) fd = STDERR_FILENO;
  const char* no_color = std::getenv("NO_COLOR");
  return Style(fd >= 0 && isatty(fd) == 1 && (no_color == nullptr || *no_color == '\0'));
}

std::string Style::wrap(std::string_view code, std::string_view text) const {
  if (!colour_) return std::string(text);
  std::string out = "\x1b[";
  out += code;
  out += 'm';
  out += text;
  out += "\x1b[0m";
  return out;
}

}  // namespace stashql::cli
