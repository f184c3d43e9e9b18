// An app served in-process for backend tests: loaded from files (a TempDir or a folder under
// tests/), its datasources' clients built on one io_context as a server thread builds them,
// and GraphQL operations run on that loop with an identity. Every wait is bounded, so a
// backend that hangs fails the test instead of hanging it. Built once, in app_runner.cpp.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>

#include <stashql/app.hpp>
#include <stashql/backends.hpp>
#include <stashql/engine.hpp>

namespace stashql::testing {

class AppRunner {
 public:
  static constexpr std::chrono::seconds kGuard{30};

  // Throws with the formatted load errors when the app does not load.
  AppRunner(const std::filesystem::path& config, const Environment& env);
  ~AppRunner();
  AppRunner(const AppRunner&) = delete;
  AppRunner& operator=(const AppRunner&) = delete;

  // The response JSON of one operation. `variables` and `identity` are JSON texts.
  std::string query(std::string_view text, std::string_view variables = "{}",
                    std::string_view identity = "null");

  // Runs the loop until `flag` is set (or the guard passes: then throws).
  void run_until(const bool& flag);

  // The Observer the next queries' pipelines report to (nullptr: none, as the server runs):
  // one whose dry() is true makes them dry runs, as `stashql query --dry` does.
  void observe(pipeline::Observer* observer) { observer_ = observer; }

  boost::asio::io_context& io() { return ioc_; }
  Backends& backends() { return *backends_; }
  const App& app() const { return app_; }

 private:
  boost::asio::io_context ioc_{1};
  boost::asio::thread_pool blocking_;
  App app_;
  std::unique_ptr<Backends> backends_;
  std::unique_ptr<Engine> engine_;
  pipeline::Observer* observer_ = nullptr;
};

}  // namespace stashql::testing
