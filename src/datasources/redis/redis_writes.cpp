// The writes: redis.set, redis.hset, redis.del, redis.incr, redis.sadd, redis.zadd,
// redis.xadd, redis.publish. Values are stored as text Redis can hold and the reads can give
// back: strings as they are, anything else as JSON (so `decode: json` reads it back as it
// was). Each is Effect::writes and a RedisWrite: under `--dry` its commands are recorded, not
// sent, and it maps the reply they would have had (redis_dry.hpp) as it maps a real one.
#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <stashql/json.hpp>

#include "datasources/redis/redis_step.hpp"

namespace stashql::redis {
namespace {

using pipeline::StepContext;
using pipeline::StepOutcome;
namespace asio = boost::asio;

// Seconds; Redis refuses expiry times whose milliseconds overflow, far above this.
constexpr std::int64_t kMaxTtl = 2'147'483'647;
constexpr std::int64_t kMinInt = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kMaxInt = std::numeric_limits<std::int64_t>::max();

// A step's optional `ttl:`, rendered: nullopt when absent or null.
Result<std::optional<std::int64_t>, StepOutcome> render_ttl(
    const std::optional<expr::ValueTemplate>& ttl, const expr::Scope& scope) {
  if (!ttl) return std::optional<std::int64_t>();
  return render_whole(*ttl, scope, "ttl", 1, kMaxTtl);
}

// `value:` of hset and xadd: an object with at least one field, as field/value arguments.
Result<Value, StepOutcome> render_fields(const expr::ValueTemplate& t, const expr::Scope& scope,
                                         std::vector<std::string>& args) {
  auto value = render_value(t, scope, "value");
  if (!value) return value;
  if (!value->is_object() || value->as_object().empty()) {
    return StepOutcome::key_error(
        "value",
        "must be an object with at least one field, got " +
            std::string(value->is_object() ? "an empty object" : expr::describe_kind(*value)));
  }
  for (const auto& [field, v] : value->as_object()) {
    args.push_back(field);
    args.push_back(encode(v));
  }
  return value;
}

StepOutcome integer_result(const Result<Reply, StepOutcome>& reply) {
  return StepOutcome::next(Value(reply->integer));
}

// GCC 12 (-O2) inlines Asio's frame allocator into coroutines that await twice and then
// reports its matching delete as mismatched (-Wmismatched-new-delete): a false positive.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

class SetFunction final : public RedisWrite {
 public:
  enum class Only : std::uint8_t { always, absent, present };

  SetFunction(const DatasourceConfig& ds, expr::ValueTemplate key, expr::ValueTemplate value,
              std::optional<expr::ValueTemplate> ttl, Only only)
      : RedisWrite(ds),
        key_(std::move(key)),
        value_(std::move(value)),
        ttl_(std::move(ttl)),
        only_(only) {}

  asio::awaitable<StepOutcome> run_async(StepContext& context) const override {
    auto key = render_text(key_, context.scope, "key");
    if (!key) co_return std::move(key).error();
    auto value = render_value(value_, context.scope, "value");
    if (!value) co_return std::move(value).error();
    auto ttl = render_ttl(ttl_, context.scope);
    if (!ttl) co_return std::move(ttl).error();
    std::vector<std::string> args = {"SET", std::move(*key), encode(*value)};
    if (*ttl) {
      args.emplace_back("EX");
      args.push_back(std::to_string(**ttl));
    }
    if (only_ == Only::absent) args.emplace_back("NX");
    if (only_ == Only::present) args.emplace_back("XX");
    Sent reply = co_await write(context, std::move(args));
    if (!reply) co_return std::move(reply).error();
    // NX/XX: nil when the condition kept the value from being written.
    if (reply->kind == Reply::Kind::nil) co_return StepOutcome::next(Value());
    if (reply->kind != Reply::Kind::status) co_return unexpected(context, "SET", *reply);
    co_return StepOutcome::next(std::move(*value));
  }

 private:
  expr::ValueTemplate key_;
  expr::ValueTemplate value_;
  std::optional<expr::ValueTemplate> ttl_;
  Only only_;
};

class HsetFunction final : public RedisWrite {
 public:
  HsetFunction(const DatasourceConfig& ds, expr::ValueTemplate key, expr::ValueTemplate value,
               std::optional<expr::ValueTemplate> ttl)
      : RedisWrite(ds), key_(std::move(key)), value_(std::move(value)), ttl_(std::move(ttl)) {}

  asio::awaitable<StepOutcome> run_async(StepContext& context) const override {
    auto key = render_text(key_, context.scope, "key");
    if (!key) co_return std::move(key).error();
    std::vector<std::string> args = {"HSET", *key};
    auto value = render_fields(value_, context.scope, args);
    if (!value) co_return std::move(value).error();
    auto ttl = render_ttl(ttl_, context.scope);
    if (!ttl) co_return std::move(ttl).error();
    if (!*ttl) {
      Sent reply = co_await write(context, std::move(args));
      if (!reply) co_return std::move(reply).error();
      if (reply->kind != Reply::Kind::integer) co_return unexpected(context, "HSET", *reply);
      co_return StepOutcome::next(std::move(*value));
    }
    // Both in one batch: the hash never stays behind without its expiry for a round trip.
    std::vector<std::string> expire = {"EXPIRE", std::move(*key), std::to_string(**ttl)};
    SentPair replies = co_await write_both(context, std::move(args), std::move(expire));
    if (!replies) co_return std::move(replies).error();
    if (replies->first.kind != Reply::Kind::integer) {
      co_return unexpected(context, "HSET", replies->first);
    }
    if (replies->second.kind != Reply::Kind::integer) {
      co_return unexpected(context, "EXPIRE", replies->second);
    }
    co_return StepOutcome::next(std::move(*value));
  }

 private:
  expr::ValueTemplate key_;
  expr::ValueTemplate value_;
  std::optional<expr::ValueTemplate> ttl_;
};

// A command of the form NAME key arg… whose reply is an integer: del, sadd, zadd, publish.
class CountFunction : public RedisWrite {
 public:
  using RedisWrite::RedisWrite;

 protected:
  asio::awaitable<StepOutcome> count(StepContext& context, std::vector<std::string> args) const {
    const std::string command = args.front();
    Sent reply = co_await write(context, std::move(args));
    if (!reply) co_return std::move(reply).error();
    if (reply->kind != Reply::Kind::integer) co_return unexpected(context, command, *reply);
    co_return integer_result(reply);
  }
};

class DelFunction final : public CountFunction {
 public:
  DelFunction(const DatasourceConfig& ds, expr::ValueTemplate keys, Single single)
      : CountFunction(ds), keys_(std::move(keys)), single_(single) {}

  asio::awaitable<StepOutcome> run_async(StepContext& context) const override {
    const std::string_view name = single_ == Single::accepted ? "key" : "keys";
    std::vector<std::string> args;
    if (single_ == Single::accepted) {
      auto key = render_text(keys_, context.scope, name);
      if (!key) co_return std::move(key).error();
      args = {"DEL", std::move(*key)};
    } else {
      auto keys = render_texts(keys_, context.scope, name, Single::refused);
      if (!keys) co_return std::move(keys).error();
      if (keys->empty()) co_return StepOutcome::next(Value(0));
      args.reserve(keys->size() + 1);
      args.emplace_back("DEL");
      for (std::string& k : *keys)
        args.push_back(std::move(k));
    }
    co_return co_await count(context, std::move(args));
  }

 private:
  expr::ValueTemplate keys_;  // `key` when single_ is accepted, else `keys`
  Single single_;
};

class IncrFunction final : public RedisWrite {
 public:
  IncrFunction(const DatasourceConfig& ds, expr::ValueTemplate key,
               std::optional<expr::ValueTemplate> by, std::optional<expr::ValueTemplate> ttl)
      : RedisWrite(ds), key_(std::move(key)), by_(std::move(by)), ttl_(std::move(ttl)) {}

  asio::awaitable<StepOutcome> run_async(StepContext& context) const override {
    auto key = render_text(key_, context.scope, "key");
    if (!key) co_return std::move(key).error();
    std::int64_t by = 1;
    if (by_) {
      auto rendered = render_whole(*by_, context.scope, "by", kMinInt, kMaxInt);
      if (!rendered) co_return std::move(rendered).error();
      by = rendered->value_or(1);
    }
    auto ttl = render_ttl(ttl_, context.scope);
    if (!ttl) co_return std::move(ttl).error();
    std::vector<std::string> args = {"INCRBY", *key, std::to_string(by)};
    Sent reply = co_await write(context, std::move(args));
    if (!reply) co_return std::move(reply).error();
    if (reply->kind != Reply::Kind::integer) co_return unexpected(context, "INCRBY", *reply);
    const std::int64_t result = reply->integer;
    // The result equals `by` when the key did not exist: a new counter starts its window
    // (a rate limit's), and later increments leave the expiry alone.
    if (*ttl && result == by) {
      std::vector<std::string> expire = {"EXPIRE", std::move(*key), std::to_string(**ttl)};
      Sent expired = co_await write(context, std::move(expire));
      if (!expired) co_return std::move(expired).error();
    }
    co_return StepOutcome::next(Value(result));
  }

 private:
  expr::ValueTemplate key_;
  std::optional<expr::ValueTemplate> by_;
  std::optional<expr::ValueTemplate> ttl_;
};

class SaddFunction final : public CountFunction {
 public:
  SaddFunction(const DatasourceConfig& ds, expr::ValueTemplate key, expr::ValueTemplate members)
      : CountFunction(ds), key_(std::move(key)), members_(std::move(members)) {}

  asio::awaitable<StepOutcome> run_async(StepContext& context) const override {
    auto key = render_text(key_, context.scope, "key");
    if (!key) co_return std::move(key).error();
    auto members = render_texts(members_, context.scope, "members", Single::accepted);
    if (!members) co_return std::move(members).error();
    if (members->empty()) co_return StepOutcome::next(Value(0));
    std::vector<std::string> args;
    args.reserve(members->size() + 2);
    args.emplace_back("SADD");
    args.push_back(std::move(*key));
    for (std::string& m : *members)
      args.push_back(std::move(m));
    co_return co_await count(context, std::move(args));
  }

 private:
  expr::ValueTemplate key_;
  expr::ValueTemplate members_;
};

class ZaddFunction final : public CountFunction {
 public:
  ZaddFunction(const DatasourceConfig& ds, expr::ValueTemplate key, expr::ValueTemplate member,
               expr::ValueTemplate score)
      : CountFunction(ds),
        key_(std::move(key)),
        member_(std::move(member)),
        score_(std::move(score)) {}

  asio::awaitable<StepOutcome> run_async(StepContext& context) const override {
    auto key = render_text(key_, context.scope, "key");
    if (!key) co_return std::move(key).error();
    auto member = render_text(member_, context.scope, "member");
    if (!member) co_return std::move(member).error();
    auto score = render_value(score_, context.scope, "score");
    if (!score) co_return std::move(score).error();
    if (!score->is_number() || !std::isfinite(score->as_number())) {
      co_return StepOutcome::key_error(
          "score", "must be a number, got " + std::string(expr::describe_kind(*score)));
    }
    std::vector<std::string> args = {"ZADD", std::move(*key), to_json(*score), std::move(*member)};
    co_return co_await count(context, std::move(args));
  }

 private:
  expr::ValueTemplate key_;
  expr::ValueTemplate member_;
  expr::ValueTemplate score_;
};

class XaddFunction final : public RedisWrite {
 public:
  XaddFunction(const DatasourceConfig& ds, expr::ValueTemplate key, expr::ValueTemplate value,
               std::optional<std::int64_t> maxlen)
      : RedisWrite(ds), key_(std::move(key)), value_(std::move(value)), maxlen_(maxlen) {}

  asio::awaitable<StepOutcome> run_async(StepContext& context) const override {
    auto key = render_text(key_, context.scope, "key");
    if (!key) co_return std::move(key).error();
    std::vector<std::string> args = {"XADD", std::move(*key)};
    if (maxlen_) {
      // `~`: Redis trims whole nodes when it can, which is much cheaper than an exact cap.
      args.emplace_back("MAXLEN");
      args.emplace_back("~");
      args.push_back(std::to_string(*maxlen_));
    }
    args.emplace_back("*");
    auto value = render_fields(value_, context.scope, args);
    if (!value) co_return std::move(value).error();
    Sent reply = co_await write(context, std::move(args));
    if (!reply) co_return std::move(reply).error();
    if (reply->kind != Reply::Kind::string) co_return unexpected(context, "XADD", *reply);
    co_return StepOutcome::next(Value(std::move(reply->text)));
  }

 private:
  expr::ValueTemplate key_;
  expr::ValueTemplate value_;
  std::optional<std::int64_t> maxlen_;
};

class PublishFunction final : public CountFunction {
 public:
  PublishFunction(const DatasourceConfig& ds, expr::ValueTemplate channel,
                  expr::ValueTemplate message)
      : CountFunction(ds), channel_(std::move(channel)), message_(std::move(message)) {}

  asio::awaitable<StepOutcome> run_async(StepContext& context) const override {
    auto channel = render_text(channel_, context.scope, "channel");
    if (!channel) co_return std::move(channel).error();
    auto message = render_value(message_, context.scope, "message");
    if (!message) co_return std::move(message).error();
    std::vector<std::string> args = {"PUBLISH", std::move(*channel), encode(*message)};
    co_return co_await count(context, std::move(args));
  }

 private:
  expr::ValueTemplate channel_;
  expr::ValueTemplate message_;
};

#pragma GCC diagnostic pop

std::unique_ptr<pipeline::UnitFunction> build_set(pipeline::StepArgs& args) {
  ArgReader in(args);
  auto key = in.required("key");
  auto value = in.required("value");
  auto ttl = in.whole("ttl", 1, kMaxTtl);
  const auto only = in.word("only", {"absent", "present"});
  const DatasourceConfig& ds = in.datasource();
  if (!in.ok()) return nullptr;
  SetFunction::Only condition = SetFunction::Only::always;
  if (only) condition = *only == "absent" ? SetFunction::Only::absent : SetFunction::Only::present;
  return std::make_unique<SetFunction>(ds, std::move(*key), std::move(*value), std::move(ttl),
                                       condition);
}

std::unique_ptr<pipeline::UnitFunction> build_hset(pipeline::StepArgs& args) {
  ArgReader in(args);
  auto key = in.required("key");
  auto value = in.required("value");
  auto ttl = in.whole("ttl", 1, kMaxTtl);
  const DatasourceConfig& ds = in.datasource();
  if (!in.ok()) return nullptr;
  return std::make_unique<HsetFunction>(ds, std::move(*key), std::move(*value), std::move(ttl));
}

std::unique_ptr<pipeline::UnitFunction> build_del(pipeline::StepArgs& args) {
  ArgReader in(args);
  if (in.has("key") == in.has("keys")) {
    in.error("", in.has("key") ? "takes `key` or `keys`, not both"
                               : "needs `key` (one key) or `keys` (a list of keys)");
  }
  const Single single = in.has("key") ? Single::accepted : Single::refused;
  auto keys = in.ok() ? in.required(single == Single::accepted ? "key" : "keys") : std::nullopt;
  const DatasourceConfig& ds = in.datasource();
  if (!in.ok()) return nullptr;
  return std::make_unique<DelFunction>(ds, std::move(*keys), single);
}

std::unique_ptr<pipeline::UnitFunction> build_incr(pipeline::StepArgs& args) {
  ArgReader in(args);
  auto key = in.required("key");
  auto by = in.whole("by", kMinInt, kMaxInt);
  auto ttl = in.whole("ttl", 1, kMaxTtl);
  const DatasourceConfig& ds = in.datasource();
  if (!in.ok()) return nullptr;
  return std::make_unique<IncrFunction>(ds, std::move(*key), std::move(by), std::move(ttl));
}

std::unique_ptr<pipeline::UnitFunction> build_sadd(pipeline::StepArgs& args) {
  ArgReader in(args);
  auto key = in.required("key");
  auto members = in.required("members");
  const DatasourceConfig& ds = in.datasource();
  if (!in.ok()) return nullptr;
  return std::make_unique<SaddFunction>(ds, std::move(*key), std::move(*members));
}

std::unique_ptr<pipeline::UnitFunction> build_zadd(pipeline::StepArgs& args) {
  ArgReader in(args);
  auto key = in.required("key");
  auto member = in.required("member");
  auto score = in.required("score");
  const DatasourceConfig& ds = in.datasource();
  if (!in.ok()) return nullptr;
  return std::make_unique<ZaddFunction>(ds, std::move(*key), std::move(*member), std::move(*score));
}

std::unique_ptr<pipeline::UnitFunction> build_xadd(pipeline::StepArgs& args) {
  ArgReader in(args);
  auto key = in.required("key");
  auto value = in.required("value");
  const auto maxlen = in.integer("maxlen", 1, kMaxInt);
  const DatasourceConfig& ds = in.datasource();
  if (!in.ok()) return nullptr;
  return std::make_unique<XaddFunction>(ds, std::move(*key), std::move(*value), maxlen);
}

std::unique_ptr<pipeline::UnitFunction> build_publish(pipeline::StepArgs& args) {
  ArgReader in(args);
  auto channel = in.required("channel");
  auto message = in.required("message");
  const DatasourceConfig& ds = in.datasource();
  if (!in.ok()) return nullptr;
  return std::make_unique<PublishFunction>(ds, std::move(*channel), std::move(*message));
}

}  // namespace

std::vector<pipeline::FunctionSpec> write_functions() {
  constexpr auto kWrites = pipeline::Effect::writes;
  std::vector<pipeline::FunctionSpec> out;
  out.push_back(redis_spec("redis.set", "Writes `value` at `key` (ttl, only: absent|present).",
                           kWrites, pipeline::ResultKind::any, {"key", "value", "ttl", "only"},
                           build_set));
  out.push_back(redis_spec("redis.hset", "Writes the fields of `value` to the hash at `key`.",
                           kWrites, pipeline::ResultKind::object, {"key", "value", "ttl"},
                           build_hset));
  out.push_back(redis_spec("redis.del", "Removes `key` (or `keys`): the number removed.", kWrites,
                           pipeline::ResultKind::integer, {"key", "keys"}, build_del));
  out.push_back(redis_spec("redis.incr", "Adds `by` (default 1) to the counter at `key`.", kWrites,
                           pipeline::ResultKind::integer, {"key", "by", "ttl"}, build_incr));
  out.push_back(redis_spec("redis.sadd", "Adds `members` to the set at `key`: the number added.",
                           kWrites, pipeline::ResultKind::integer, {"key", "members"}, build_sadd));
  out.push_back(redis_spec("redis.zadd", "Adds `member` with `score` to the sorted set at `key`.",
                           kWrites, pipeline::ResultKind::integer, {"key", "member", "score"},
                           build_zadd));
  out.push_back(redis_spec("redis.xadd", "Appends `value` as an entry of the stream at `key`.",
                           kWrites, pipeline::ResultKind::string, {"key", "value", "maxlen"},
                           build_xadd));
  out.push_back(redis_spec("redis.publish", "Publishes `message` on `channel`.", kWrites,
                           pipeline::ResultKind::integer, {"channel", "message"}, build_publish));
  return out;
}

}  // namespace stashql::redis
