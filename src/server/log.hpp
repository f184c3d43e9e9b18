// The service log: one line per event on stderr, `<UTC time> <level> <message>`, written with a
// single write(2) so lines from different threads never interleave. Details of internal
// failures go here, never into responses.
#pragma once

#include <string_view>

namespace stashql::log {

enum class Level { info, warn, error };

void line(Level level, std::string_view message);

inline void info(std::string_view message) {
  line(Level::info, message);
}
inline void warn(std::string_view message) {
  line(Level::warn, message);
}
inline void error(std::string_view message) {
  line(Level::error, message);
}

}  // namespace stashql::log
