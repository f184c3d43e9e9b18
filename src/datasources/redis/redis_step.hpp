// What every redis.* unit function shares: reading its arguments at load time (templates,
// `decode:`, counts checked when they are constants), rendering keys, fields and members to
// the text Redis stores, encoding values, and sending a command through the request's client
// with every way it can fail turned into the step's outcome — so that each function is only
// its command and the shape of its result.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include <stashql/datasource.hpp>
#include <stashql/expression.hpp>
#include <stashql/result.hpp>
#include <stashql/unit_function.hpp>
#include <stashql/value.hpp>

#include "datasources/redis/redis_reply.hpp"

namespace stashql::redis {

struct CommandError;  // redis_client.hpp

// The specs of each group, in the order the docs list them (redis_functions() joins them).
std::vector<pipeline::FunctionSpec> read_functions();   // redis_reads.cpp
std::vector<pipeline::FunctionSpec> paged_functions();  // redis_paging.cpp
std::vector<pipeline::FunctionSpec> write_functions();  // redis_writes.cpp

// A redis.* function's registry entry: on a redis datasource.
pipeline::FunctionSpec redis_spec(std::string name, std::string summary, pipeline::Effect effect,
                                  pipeline::ResultKind result, std::vector<std::string_view> keys,
                                  pipeline::Factory build);

// A step's arguments as the redis.* factories read them. Each accessor records its problem at
// the argument's file:line:column (through StepArgs) and clears ok(); the factory builds
// nothing unless ok() holds at the end.
class ArgReader {
 public:
  explicit ArgReader(pipeline::StepArgs& args);

  std::optional<expr::ValueTemplate> required(std::string_view key);
  // nullopt when absent (or invalid: then ok() is false).
  std::optional<expr::ValueTemplate> optional(std::string_view key);
  // An optional whole number, written as a literal or as a template. A literal outside
  // [min, max] is an error now rather than on every request.
  std::optional<expr::ValueTemplate> whole(std::string_view key, std::int64_t min,
                                           std::int64_t max);
  // An optional literal word among `allowed`.
  std::optional<std::string> word(std::string_view key, std::vector<std::string_view> allowed);
  std::optional<std::int64_t> integer(std::string_view key, std::int64_t min, std::int64_t max);
  std::optional<bool> boolean(std::string_view key);
  // `decode: json|string`, json when absent.
  Decode decode();
  // The step's redis datasource (the loader resolved it before the factory runs).
  const DatasourceConfig& datasource();
  void error(std::string_view key, std::string message);

  pipeline::StepArgs& args() { return args_; }
  bool has(std::string_view key) const { return args_.has(key); }
  bool ok() const { return ok_; }

 private:
  pipeline::StepArgs& args_;
  DatasourceConfig none_;  // stands in when there is no datasource (after reporting it)
  bool ok_ = true;
};

// The text a key, field, member or channel template renders to: a string as it is, a number
// in decimal. Anything else is a run-time error naming `key`.
Result<std::string, pipeline::StepOutcome> render_text(const expr::ValueTemplate& t,
                                                       const expr::Scope& scope,
                                                       std::string_view key);

// How render_texts takes a value that is not a list.
enum class Single : std::uint8_t {
  refused,   // `keys:` of mget/del must be a list
  accepted,  // `members:` of sadd may be one member
};
// The texts of a list template (each item as render_text renders one).
Result<std::vector<std::string>, pipeline::StepOutcome> render_texts(const expr::ValueTemplate& t,
                                                                     const expr::Scope& scope,
                                                                     std::string_view key,
                                                                     Single single);

// A whole number in [min, max] from a template; nullopt when it renders to null (an optional
// argument the client left out).
Result<std::optional<std::int64_t>, pipeline::StepOutcome> render_whole(
    const expr::ValueTemplate& t, const expr::Scope& scope, std::string_view key, std::int64_t min,
    std::int64_t max);

// The rendered value of a template, owned.
Result<Value, pipeline::StepOutcome> render_value(const expr::ValueTemplate& t,
                                                  const expr::Scope& scope, std::string_view key);

// What Redis stores for a value: a string as it is, anything else as compact JSON.
std::string encode(const Value& v);

// The redis.* functions' base: asynchronous, bound to one datasource, sending commands
// through the request's client.
class RedisStep : public pipeline::UnitFunction {
 public:
  explicit RedisStep(const DatasourceConfig& datasource) : datasource_(datasource) {}
  bool is_async() const final { return true; }

 protected:
  using Sent = Result<Reply, pipeline::StepOutcome>;
  using SentPair = Result<std::pair<Reply, Reply>, pipeline::StepOutcome>;

  // One command. The reply, or the outcome that fails the step: no client in this run, the
  // client's CommandError (unavailable, timeout), or an error reply (rejected).
  boost::asio::awaitable<Sent> send(pipeline::StepContext& context,
                                    std::vector<std::string> args) const;
  // Two commands issued together, so that they leave in the same batch (HSET and EXPIRE).
  boost::asio::awaitable<SentPair> send_both(pipeline::StepContext& context,
                                             std::vector<std::string> first,
                                             std::vector<std::string> second) const;
  // Many commands issued together, so that they leave in one batch (HGETALL of many keys).
  // The replies in order, or the first failure.
  boost::asio::awaitable<Result<std::vector<Reply>, pipeline::StepOutcome>> send_all(
      pipeline::StepContext& context, std::vector<std::vector<std::string>> commands) const;
  // What became of `command`: its reply, or the outcome that fails the step (as send()).
  Sent received(pipeline::StepContext& context, std::string_view command,
                Result<Reply, CommandError> result) const;
  // A reply whose kind the command never gives (a proxy or a module in the way).
  pipeline::StepOutcome unexpected(const pipeline::StepContext& context, std::string_view command,
                                   const Reply& reply) const;

  const DatasourceConfig& datasource() const { return datasource_; }

 private:
  DatasourceConfig datasource_;
};

// The writes' base. Under `--dry` (StepContext::dry) a write command is recorded, never sent:
// the read that stands in for it is sent instead (reads are allowed in a dry run) and the
// write gets the reply it would have had (redis_dry.hpp), which the function maps as it maps a
// real reply — so the steps after a dry write see what a real run would have given them.
class RedisWrite : public RedisStep {
 public:
  using RedisStep::RedisStep;
  bool simulates_writes() const final { return true; }

 protected:
  // send(), or its dry-run stand-in.
  boost::asio::awaitable<Sent> write(pipeline::StepContext& context,
                                     std::vector<std::string> command) const;
  // send_both(), or its dry-run stand-in: both recorded, their reads sent in one batch.
  boost::asio::awaitable<SentPair> write_both(pipeline::StepContext& context,
                                              std::vector<std::string> first,
                                              std::vector<std::string> second) const;

 private:
  // Records each command, sends their stand-in reads together, and gives the replies the
  // commands would have had (or the failure of a read, or the refusal Redis would have given).
  boost::asio::awaitable<Result<std::vector<Reply>, pipeline::StepOutcome>> simulate(
      pipeline::StepContext& context, std::vector<std::vector<std::string>> commands) const;
};

}  // namespace stashql::redis
