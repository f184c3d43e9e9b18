// The in-process app of the backend tests (app_runner.hpp).
#include "app_runner.hpp"

#include <stdexcept>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include <stashql/json.hpp>
#include <stashql/resolver.hpp>

#include "unit/pipeline/app_test_support.hpp"

namespace stashql::testing {
namespace {

class Context final : public RequestContext {
 public:
  Context(Backends& backends, Value identity, pipeline::Observer* observer)
      : backends_(backends), identity_(std::move(identity)), observer_(observer) {}
  const Value& identity() const override { return identity_; }
  Backends* backends() const override { return &backends_; }
  pipeline::Observer* observer() const override { return observer_; }

 private:
  Backends& backends_;
  Value identity_;
  pipeline::Observer* observer_;
};

Value json(std::string_view text) {
  auto v = parse_json(text);
  if (!v) throw std::runtime_error("bad JSON in a test: " + std::string(text));
  return std::move(*v);
}

}  // namespace

AppRunner::AppRunner(const std::filesystem::path& config, const Environment& env) : blocking_(2) {
  auto app = load_app(config, env);
  if (!app) {
    std::string text;
    for (const auto& line : test_support::formatted(app.error()))
      text += line + "\n";
    throw std::runtime_error("app did not load:\n" + text);
  }
  app_ = std::move(*app);
  auto backends = make_backends(app_.datasources, ioc_.get_executor(), blocking_.get_executor());
  if (!backends) throw std::runtime_error("backends: " + backends.error());
  backends_ = std::move(*backends);
  engine_ = std::make_unique<Engine>(app_.engine);
}

AppRunner::~AppRunner() {
  backends_->close();
  // Let the closed clients' pending handlers finish before their memory goes.
  ioc_.restart();
  ioc_.run_for(std::chrono::seconds(2));
  blocking_.join();
}

std::string AppRunner::query(std::string_view text, std::string_view variables,
                             std::string_view identity) {
  Context context(*backends_, json(identity), observer_);
  Value vars = json(variables);
  std::string out;
  bool done = false;
  PreparedRequest prepared = engine_->prepare(text, "");
  boost::asio::co_spawn(
      ioc_,
      [&]() -> boost::asio::awaitable<void> {
        co_await engine_->execute(prepared, &vars, &context, out);
        done = true;
      },
      boost::asio::detached);
  run_until(done);
  return out;
}

void AppRunner::run_until(const bool& flag) {
  const auto deadline = std::chrono::steady_clock::now() + kGuard;
  ioc_.restart();
  while (!flag) {
    if (std::chrono::steady_clock::now() > deadline)
      throw std::runtime_error("the operation did not finish within 30 s");
    ioc_.run_one_for(std::chrono::milliseconds(50));
    if (ioc_.stopped()) ioc_.restart();
  }
}

}  // namespace stashql::testing
