// `auth`: who may go past this step. It reads the request's identity ({sub, username, groups,
// claims, apiKey} or null when nobody signed in) and either keeps the pipeline going or fails
// the field with "Not Authorized to access Type.field" (code Unauthorized), so nothing after
// it runs. The rules are checked at load time and compiled once; a request only compares.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "functions/core/core.hpp"

namespace stashql::functions {
namespace {

using pipeline::Presence;
using pipeline::StepContext;
using pipeline::StepOutcome;

enum class SignedIn : std::uint8_t { required, optional };

// Which API keys pass: none (the rule is not given), any key, or the named ones.
struct ApiKeyRule {
  enum class Mode : std::uint8_t { none, any, named };
  Mode mode = Mode::none;
  std::vector<std::string> names;
};

struct AuthRules {
  SignedIn signed_in = SignedIn::required;
  std::optional<std::vector<std::string>> groups;
  std::optional<std::vector<std::string>> allow;
  std::optional<std::vector<std::string>> deny;
  std::optional<expr::Expression> owner;
  ApiKeyRule api_key;
  std::string owner_name;  // the pipeline's Type.field, when the request names no field

  bool has_grant() const {
    return groups || allow || owner || api_key.mode != ApiKeyRule::Mode::none;
  }
};

bool contains(const std::vector<std::string>& names, const Value* v) {
  return v != nullptr && v->is_string() &&
         std::find(names.begin(), names.end(), v->as_string()) != names.end();
}

// A subject is the identity's sub or its username: rules may name either.
bool names_subject(const std::vector<std::string>& names, const Value& identity) {
  return contains(names, identity.find("sub")) || contains(names, identity.find("username"));
}

bool in_any_group(const std::vector<std::string>& groups, const Value& identity) {
  const Value* member_of = identity.find("groups");
  if (member_of == nullptr || !member_of->is_list()) return false;
  return std::any_of(member_of->as_list().begin(), member_of->as_list().end(),
                     [&](const Value& g) { return contains(groups, &g); });
}

// The owner is whatever the expression reads (stash.post.userId); an absent owner (null)
// belongs to nobody, so it never matches an identity without a sub.
bool is_owner(const Value& owner, const Value& identity) {
  if (owner.is_null()) return false;
  const Value* sub = identity.find("sub");
  const Value* username = identity.find("username");
  return (sub != nullptr && *sub == owner) || (username != nullptr && *username == owner);
}

bool api_key_matches(const ApiKeyRule& rule, const Value& identity) {
  const Value* key = identity.find("apiKey");
  if (key == nullptr || !key->is_string()) return false;
  return rule.mode == ApiKeyRule::Mode::any || contains(rule.names, key);
}

class AuthFunction final : public pipeline::UnitFunction {
 public:
  explicit AuthFunction(AuthRules rules) : rules_(std::move(rules)) {}

  StepOutcome run(StepContext& context) const override {
    const Value& identity = context.identity();
    const bool anonymous = !identity.is_object();
    if (anonymous && rules_.signed_in == SignedIn::required) return deny(context);
    if (anonymous && !rules_.has_grant()) return StepOutcome::keep();
    if (!anonymous && rules_.deny && names_subject(*rules_.deny, identity)) return deny(context);
    if (!rules_.has_grant()) return StepOutcome::keep();
    if (anonymous) return deny(context);

    if (rules_.groups && in_any_group(*rules_.groups, identity)) return StepOutcome::keep();
    if (rules_.allow && names_subject(*rules_.allow, identity)) return StepOutcome::keep();
    if (api_key_matches(rules_.api_key, identity)) return StepOutcome::keep();
    if (rules_.owner) {
      auto owner = rules_.owner->evaluate(context.scope);
      if (!owner) return StepOutcome::key_error("owner", owner.error().message);
      if (is_owner(**owner, identity)) return StepOutcome::keep();
    }
    return deny(context);
  }

 private:
  StepOutcome deny(const StepContext& context) const {
    std::string message = "Not Authorized to access ";
    if (context.info != nullptr) {
      message += context.info->parent_type.name;
      message += '.';
      message += context.info->field.name;
    } else {
      message += rules_.owner_name;
    }
    Value extensions;
    extensions["code"] = "Unauthorized";
    return StepOutcome::fail(FieldError{std::move(message), std::move(extensions)});
  }

  AuthRules rules_;
};

// `apiKey: true` (any key), `apiKey: false` (the same as leaving it out), or key names.
std::optional<ApiKeyRule> read_api_key(pipeline::StepArgs& args) {
  ApiKeyRule rule;
  if (!args.has("apiKey")) return rule;
  auto value = args.value("apiKey", Presence::required);
  if (!value) return std::nullopt;
  const auto fail = [&]() -> std::optional<ApiKeyRule> {
    args.error("apiKey", "must be true, false, an API key name or a list of them");
    return std::nullopt;
  };
  // Which keys may pass is part of the pipeline, not of the request: no templates.
  if (!value->is_constant()) return fail();
  auto constant = value->render(expr::Scope{});
  if (!constant) return fail();
  const Value* v = &constant->get();
  if (v->is_bool()) {
    rule.mode = v->as_bool() ? ApiKeyRule::Mode::any : ApiKeyRule::Mode::none;
    return rule;
  }
  rule.mode = ApiKeyRule::Mode::named;
  if (v->is_string()) {
    rule.names.push_back(v->as_string());
    return rule;
  }
  if (!v->is_list() || v->as_list().empty()) return fail();
  for (const Value& name : v->as_list()) {
    if (!name.is_string()) return fail();
    rule.names.push_back(name.as_string());
  }
  return rule;
}

std::unique_ptr<pipeline::UnitFunction> build(pipeline::StepArgs& args) {
  bool ok = true;
  AuthRules rules;
  rules.owner_name = std::string(args.owner());
  if (args.has("signedIn")) {
    auto signed_in = args.boolean("signedIn", Presence::required);
    if (signed_in) {
      rules.signed_in = *signed_in ? SignedIn::required : SignedIn::optional;
    } else {
      ok = false;
    }
  }
  const auto read_words = [&](std::string_view key, std::optional<std::vector<std::string>>& out) {
    if (!args.has(key)) return;
    out = args.words(key, Presence::required);
    if (!out) ok = false;
  };
  read_words("groups", rules.groups);
  read_words("allow", rules.allow);
  read_words("deny", rules.deny);
  if (args.has("owner")) {
    rules.owner = args.expression("owner", Presence::required);
    if (!rules.owner) ok = false;
  }
  auto api_key = read_api_key(args);
  if (api_key) {
    rules.api_key = std::move(*api_key);
  } else {
    ok = false;
  }
  if (!ok) return nullptr;
  return std::make_unique<AuthFunction>(std::move(rules));
}

}  // namespace

pipeline::FunctionSpec auth_function() {
  return pipeline::FunctionSpec{
      .name = "auth",
      .summary = "Goes on only for the identities the rules allow; fails with Unauthorized.",
      .effect = pipeline::Effect::reads,
      .keys = {"signedIn", "groups", "allow", "deny", "owner", "apiKey"},
      .build = build,
  };
}

}  // namespace stashql::functions
