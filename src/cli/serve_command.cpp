// `stashql serve`: load the app, listen, serve until SIGINT/SIGTERM, drain, exit.
#include <charconv>
#include <csignal>
#include <ostream>

#include "cli/commands.hpp"
#include "server/http_server.hpp"
#include "server/log.hpp"

namespace stashql::cli {

int serve_command(const Options& options, std::ostream& /*out*/, std::ostream& err) {
  std::optional<App> app = load_or_report(options, err);
  if (!app) return kBadUsage;
  if (options.port) {
    unsigned port = 0;
    const std::string& text = *options.port;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
    if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() || port > 65535) {
      err << "stashql serve: --port must be a number from 0 to 65535, not \"" << text << "\"\n";
      return kBadUsage;
    }
    app->server.port = static_cast<std::uint16_t>(port);
  }
  // A client or log reader that goes away must not kill the server: write errors are enough.
  std::signal(SIGPIPE, SIG_IGN);
  HttpServer server(std::move(*app));
  auto started = server.start(HttpServer::StopOn::signal);
  if (!started.has_value()) {
    log::error(started.error());
    return kBadUsage;
  }
  server.wait_for_signal();
  return kOk;
}

}  // namespace stashql::cli
