// What the unit tests of the redis.* functions share: a fake Redis client that records each
// command ("GET|user:1") and answers canned replies, and a fixture that builds a step from its
// YAML on a redis datasource and runs it on an io_context to its outcome in one line.
#pragma once

#include <cstdint>
#include <deque>
#include <exception>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <stashql/json.hpp>

#include "datasources/redis/redis_client.hpp"
#include "datasources/redis/redis_functions.hpp"
#include "pipeline/config.hpp"
#include "pipeline/step_args.hpp"
#include "unit/functions/function_test_support.hpp"

namespace stashql::redis::testing {

using functions::testing::describe;
using functions::testing::json;
using pipeline::StepOutcome;

using Answer = Result<Reply, CommandError>;

// Whether a run has the request's backends (a pipeline run outside a server has none).
enum class Clients : std::uint8_t { present, absent };

// Records commands as "GET|user:1" and answers from a queue (nil when it runs out).
class FakeClient final : public Client {
 public:
  explicit FakeClient(const DatasourceConfig& config) : config_(config) {}

  const DatasourceConfig& config() const override { return config_; }
  boost::asio::awaitable<BackendHealth> check() override { co_return BackendHealth{true, "fake"}; }
  void close() override {}
  boost::asio::awaitable<Answer> command(std::vector<std::string> args) override {
    std::string line;
    for (const std::string& a : args) {
      if (!line.empty()) line += '|';
      line += a;
    }
    sent.push_back(std::move(line));
    if (answers.empty()) co_return Reply::nil();
    Answer answer = std::move(answers.front());
    answers.pop_front();
    co_return answer;
  }
  boost::asio::awaitable<std::vector<Answer>> commands(
      std::vector<std::vector<std::string>> many) override {
    std::vector<Answer> answers_in_order;
    for (std::vector<std::string>& args : many)
      answers_in_order.push_back(co_await command(std::move(args)));
    co_return answers_in_order;
  }
  const Stats& stats() const override { return stats_; }

  std::vector<std::string> sent;
  std::deque<Answer> answers;

 private:
  DatasourceConfig config_;
  Stats stats_;
};

inline Reply str(std::string s) {
  return Reply::of_string(std::move(s));
}
inline Reply array(std::vector<Reply> items) {
  return Reply::array(std::move(items));
}

inline const pipeline::FunctionSpec& spec(std::string_view name) {
  static const std::vector<pipeline::FunctionSpec> specs = redis_functions();
  for (const auto& s : specs) {
    if (s.name == name) return s;
  }
  throw std::runtime_error("no function " + std::string(name));
}

class RedisFunctions : public ::testing::Test {
 protected:
  RedisFunctions() {
    datasource_.name = "main";
    datasource_.kind = DatasourceKind::redis;
    datasource_.index = 0;
    std::vector<std::unique_ptr<Backend>> clients;
    auto client = std::make_unique<FakeClient>(datasource_);
    client_ = client.get();
    clients.push_back(std::move(client));
    backends_ = std::make_unique<Backends>(std::move(clients));
  }

  // Builds `use: name` from the step's YAML; the load errors, "" when it loaded.
  std::string load_errors(std::string_view name, std::string_view yaml) {
    std::unique_ptr<pipeline::UnitFunction> f;
    return build(name, yaml, f);
  }

  // Runs `use: name` with the step's YAML against `args` (JSON): the outcome in one line.
  std::string run(std::string_view name, std::string_view yaml, std::string_view args = "{}",
                  Clients clients = Clients::present) {
    std::unique_ptr<pipeline::UnitFunction> f;
    const std::string errors = build(name, yaml, f);
    if (f == nullptr) return "not built: " + errors;
    EXPECT_TRUE(f->is_async());
    Value args_value = json(args);
    pipeline::StepContext context;
    context.scope.set(expr::Root::args, &args_value);
    context.backends = clients == Clients::present ? backends_.get() : nullptr;
    context.dry = dry_;
    std::optional<StepOutcome> outcome;
    boost::asio::io_context io;
    boost::asio::co_spawn(io, f->run_async(context), [&](std::exception_ptr e, StepOutcome o) {
      if (e) std::rethrow_exception(e);
      outcome = std::move(o);
    });
    io.run();
    if (!outcome) return "did not finish";
    return describe(*outcome);
  }

  std::string build(std::string_view name, std::string_view yaml,
                    std::unique_ptr<pipeline::UnitFunction>& out) {
    const Environment env = [](std::string_view) -> std::optional<std::string> {
      return std::nullopt;
    };
    config::Reader reader("step.yaml", env);
    reader.set_source(std::string(yaml));
    const YAML::Node node = YAML::Load(std::string(yaml));
    pipeline::TemplateChecks checks;
    pipeline::YamlStepArgs args(reader, node, checks, "Query.test",
                                "step 1 (" + std::string(name) + ")");
    args.set_datasource(&datasource_);
    out = spec(name).build(args);
    std::string errors;
    for (const SourceError& e : reader.errors())
      errors += e.format() + "\n";
    return errors;
  }

  std::string sent() const {
    std::string out;
    for (const std::string& s : client_->sent) {
      if (!out.empty()) out += " / ";
      out += s;
    }
    return out;
  }

  void answer(Answer a) { client_->answers.push_back(std::move(a)); }

  DatasourceConfig datasource_;
  pipeline::DryRun* dry_ = nullptr;  // set: the steps run as under `--dry`, recording here
  FakeClient* client_ = nullptr;
  std::unique_ptr<Backends> backends_;
};

}  // namespace stashql::redis::testing
