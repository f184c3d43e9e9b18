// The key lookups: redis.get, redis.mget, redis.hgetall, redis.hget, redis.smembers. Each
// sends one command and decodes what Redis stored (`decode: json|string`). Lookups of many
// items of a list leave in one batch because the client batches each event-loop turn: a GET
// per item becomes one MGET, an HGETALL per item one pipeline.
#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "datasources/redis/redis_step.hpp"

namespace stashql::redis {
namespace {

using pipeline::StepContext;
using pipeline::StepOutcome;
namespace asio = boost::asio;

// redis.get / redis.hget: one string (or nil) → the value or null.
class GetFunction final : public RedisStep {
 public:
  GetFunction(const DatasourceConfig& ds, expr::ValueTemplate key,
              std::optional<expr::ValueTemplate> field, Decode decode)
      : RedisStep(ds), key_(std::move(key)), field_(std::move(field)), decode_(decode) {}

  asio::awaitable<StepOutcome> run_async(StepContext& context) const override {
    auto key = render_text(key_, context.scope, "key");
    if (!key) co_return std::move(key).error();
    std::vector<std::string> args;
    if (field_) {
      auto field = render_text(*field_, context.scope, "field");
      if (!field) co_return std::move(field).error();
      args = {"HGET", std::move(*key), std::move(*field)};
    } else {
      args = {"GET", std::move(*key)};
    }
    const std::string command = args.front();
    Sent reply = co_await send(context, std::move(args));
    if (!reply) co_return std::move(reply).error();
    if (reply->kind != Reply::Kind::string && reply->kind != Reply::Kind::nil) {
      co_return unexpected(context, command, *reply);
    }
    co_return StepOutcome::next(to_value(*reply, decode_));
  }

 private:
  expr::ValueTemplate key_;
  std::optional<expr::ValueTemplate> field_;  // HGET when set
  Decode decode_;
};

class MgetFunction final : public RedisStep {
 public:
  MgetFunction(const DatasourceConfig& ds, expr::ValueTemplate keys, Decode decode)
      : RedisStep(ds), keys_(std::move(keys)), decode_(decode) {}

  asio::awaitable<StepOutcome> run_async(StepContext& context) const override {
    auto keys = render_texts(keys_, context.scope, "keys", Single::refused);
    if (!keys) co_return std::move(keys).error();
    // MGET needs a key; no keys ask for nothing.
    if (keys->empty()) co_return StepOutcome::next(List{});
    const std::size_t count = keys->size();
    std::vector<std::string> args;
    args.reserve(count + 1);
    args.emplace_back("MGET");
    for (std::string& k : *keys)
      args.push_back(std::move(k));
    Sent reply = co_await send(context, std::move(args));
    if (!reply) co_return std::move(reply).error();
    if (reply->kind != Reply::Kind::array || reply->elements.size() != count) {
      co_return unexpected(context, "MGET", *reply);
    }
    co_return StepOutcome::next(to_value(*reply, decode_));
  }

 private:
  expr::ValueTemplate keys_;
  Decode decode_;
};

class HgetallFunction final : public RedisStep {
 public:
  HgetallFunction(const DatasourceConfig& ds, expr::ValueTemplate key, Decode decode)
      : RedisStep(ds), key_(std::move(key)), decode_(decode) {}

  asio::awaitable<StepOutcome> run_async(StepContext& context) const override {
    auto key = render_text(key_, context.scope, "key");
    if (!key) co_return std::move(key).error();
    std::vector<std::string> args = {"HGETALL", std::move(*key)};
    Sent reply = co_await send(context, std::move(args));
    if (!reply) co_return std::move(reply).error();
    if (reply->kind != Reply::Kind::array || reply->elements.size() % 2 != 0) {
      co_return unexpected(context, "HGETALL", *reply);
    }
    // Redis has no empty hash: no fields means no key, hence null.
    co_return StepOutcome::next(to_object(*reply, decode_));
  }

 private:
  expr::ValueTemplate key_;
  Decode decode_;
};

class SmembersFunction final : public RedisStep {
 public:
  SmembersFunction(const DatasourceConfig& ds, expr::ValueTemplate key, Decode decode)
      : RedisStep(ds), key_(std::move(key)), decode_(decode) {}

  asio::awaitable<StepOutcome> run_async(StepContext& context) const override {
    auto key = render_text(key_, context.scope, "key");
    if (!key) co_return std::move(key).error();
    std::vector<std::string> args = {"SMEMBERS", std::move(*key)};
    Sent reply = co_await send(context, std::move(args));
    if (!reply) co_return std::move(reply).error();
    if (reply->kind != Reply::Kind::array) co_return unexpected(context, "SMEMBERS", *reply);
    // Redis returns a set in no particular order, which may change as the set grows; sorted
    // by the stored text, the same set always reads the same.
    std::vector<Reply>& members = reply->elements;
    std::sort(members.begin(), members.end(),
              [](const Reply& a, const Reply& b) { return a.text < b.text; });
    co_return StepOutcome::next(to_value(*reply, decode_));
  }

 private:
  expr::ValueTemplate key_;
  Decode decode_;
};

std::unique_ptr<pipeline::UnitFunction> build_get(pipeline::StepArgs& args) {
  ArgReader in(args);
  auto key = in.required("key");
  const Decode decode = in.decode();
  const DatasourceConfig& ds = in.datasource();
  if (!in.ok()) return nullptr;
  return std::make_unique<GetFunction>(ds, std::move(*key), std::nullopt, decode);
}

std::unique_ptr<pipeline::UnitFunction> build_hget(pipeline::StepArgs& args) {
  ArgReader in(args);
  auto key = in.required("key");
  auto field = in.required("field");
  const Decode decode = in.decode();
  const DatasourceConfig& ds = in.datasource();
  if (!in.ok()) return nullptr;
  return std::make_unique<GetFunction>(ds, std::move(*key), std::move(field), decode);
}

std::unique_ptr<pipeline::UnitFunction> build_mget(pipeline::StepArgs& args) {
  ArgReader in(args);
  auto keys = in.required("keys");
  const Decode decode = in.decode();
  const DatasourceConfig& ds = in.datasource();
  if (!in.ok()) return nullptr;
  return std::make_unique<MgetFunction>(ds, std::move(*keys), decode);
}

std::unique_ptr<pipeline::UnitFunction> build_hgetall(pipeline::StepArgs& args) {
  ArgReader in(args);
  auto key = in.required("key");
  const Decode decode = in.decode();
  const DatasourceConfig& ds = in.datasource();
  if (!in.ok()) return nullptr;
  return std::make_unique<HgetallFunction>(ds, std::move(*key), decode);
}

std::unique_ptr<pipeline::UnitFunction> build_smembers(pipeline::StepArgs& args) {
  ArgReader in(args);
  auto key = in.required("key");
  const Decode decode = in.decode();
  const DatasourceConfig& ds = in.datasource();
  if (!in.ok()) return nullptr;
  return std::make_unique<SmembersFunction>(ds, std::move(*key), decode);
}

pipeline::FunctionSpec read_spec(std::string name, std::string summary,
                                 std::vector<std::string_view> keys, pipeline::Factory build) {
  return pipeline::FunctionSpec{
      .name = std::move(name),
      .summary = std::move(summary),
      .effect = pipeline::Effect::reads,
      .keys = std::move(keys),
      .datasource = DatasourceKind::redis,
      .build = std::move(build),
  };
}

}  // namespace

std::vector<pipeline::FunctionSpec> read_functions() {
  std::vector<pipeline::FunctionSpec> out;
  out.push_back(
      read_spec("redis.get", "The value at `key`, or null.", {"key", "decode"}, build_get));
  out.push_back(read_spec("redis.mget", "The values at `keys` (a list), null where missing.",
                          {"keys", "decode"}, build_mget));
  out.push_back(read_spec("redis.hgetall", "The hash at `key` as an object, or null.",
                          {"key", "decode"}, build_hgetall));
  out.push_back(read_spec("redis.hget", "The hash field `field` at `key`, or null.",
                          {"key", "field", "decode"}, build_hget));
  out.push_back(read_spec("redis.smembers", "The members of the set at `key`, sorted.",
                          {"key", "decode"}, build_smembers));
  return out;
}

}  // namespace stashql::redis
