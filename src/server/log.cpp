// One-line, one-write log events on stderr.
#include "server/log.hpp"

#include <array>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>
#include <unistd.h>

namespace stashql::log {

void line(Level level, std::string_view message) {
  using std::chrono::system_clock;
  const auto now = system_clock::now();
  const std::time_t seconds = system_clock::to_time_t(now);
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  std::array<char, 40> stamp{};
  const int n = std::snprintf(stamp.data(), stamp.size(), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ ",
                              tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                              tm.tm_sec, static_cast<int>(millis));
  std::string text(stamp.data(), n > 0 ? static_cast<std::size_t>(n) : 0);
  text += level == Level::info ? "info " : level == Level::warn ? "warn " : "error ";
  // One event, one line: newlines inside a message would forge log lines.
  for (char c : message)
    text += (c == '\n' || c == '\r') ? ' ' : c;
  text += '\n';
  std::size_t written = 0;
  while (written < text.size()) {
    const ssize_t w = ::write(STDERR_FILENO, text.data() + written, text.size() - written);
    if (w <= 0) break;
    written += static_cast<std::size_t>(w);
  }
}

}  // namespace stashql::log
