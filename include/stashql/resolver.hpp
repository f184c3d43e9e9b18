// The resolver interface: how the GraphQL executor asks for a field's value without knowing
// where it comes from. Pipelines implement it (pipeline/), introspection implements it, and a
// field with no resolver reads its parent object's property of the same name.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include <stashql/ast.hpp>
#include <stashql/schema.hpp>
#include <stashql/value.hpp>

namespace stashql {

class Backends;
namespace pipeline {
class Observer;
}

// What the layers above attach to a request (identity, headers, …). The executor only
// passes it through to resolvers.
class RequestContext {
 public:
  virtual ~RequestContext() = default;
  // A resolver failed unexpectedly (it threw): `detail` is for the operator's log, never for
  // the client, who sees "Internal error." with the extensions returned here (the server adds
  // a request id that the log line carries). The default logs nothing and adds nothing.
  virtual Value internal_error(std::string_view detail);
  // Who is asking: an object {sub, username, groups, claims} or {apiKey}, or null when the
  // request is not signed in. Pipelines read it as the `identity` root.
  virtual const Value& identity() const { return null_value(); }
  // The request's headers as an object of lower-case names to strings (null when there are
  // none). Pipelines read it as the `headers` root; only asked when an app reads it.
  virtual const Value& headers() const { return null_value(); }
  // The datasource clients of the thread serving the request (include/stashql/backends.hpp),
  // or nullptr when the request runs without backends. The executor never looks at them.
  virtual Backends* backends() const { return nullptr; }
  // Who watches the request's pipelines step by step (`stashql run`, `query --trace`,
  // `--dry`); nullptr when nobody does. The executor never looks at it.
  virtual pipeline::Observer* observer() const { return nullptr; }
};

// One segment of a response path, linked to its parent and living on the executor's stack:
// building a path costs nothing until an error needs it.
struct PathSegment {
  const PathSegment* parent = nullptr;
  std::string_view key;     // a response key, or empty for a list index
  std::int64_t index = -1;  // a list index, or -1 for a key

  // The whole path as a list of strings and integers, root first.
  List to_list() const;
};

struct ResolveInfo {
  const Schema& schema;
  const Type& parent_type;  // the object type whose field this is
  const Field& field;
  const ast::Selection& selection;          // the first field node for this response key
  const Value& source;                      // the parent object's value
  const Value& args;                        // the coerced arguments: an object
  const Value& variables;                   // the coerced variables: an object
  const PathSegment& path;                  // ends with this field's response key
  RequestContext* context;                  // may be nullptr
  const ast::Document* document = nullptr;  // the request's document (fragments)
};

// A resolver's error. The executor adds the path and locations.
struct FieldError {
  std::string message;
  Value extensions;  // null, or an object such as {"code": "NotFound"}
};

// What a resolver returns: a value — borrowed (it lives at least as long as the request, such
// as the root value) or owned —, and errors. `failed` means the field failed: its value is
// null and, if its type is non-null, the null propagates to the parent (spec §6.4.4). Errors
// without `failed` are partial-success errors: reported, and the value is still used.
struct Resolved {
  Value owned;
  const Value* borrowed = nullptr;
  std::vector<FieldError> errors;
  bool failed = false;

  const Value& value() const { return borrowed != nullptr ? *borrowed : owned; }

  static Resolved of(Value v) { return Resolved{std::move(v), nullptr, {}, false}; }
  static Resolved ref(const Value& v) { return Resolved{Value{}, &v, {}, false}; }
  static Resolved fail(std::string message, Value extensions = {}) {
    Resolved r;
    r.errors.push_back(FieldError{std::move(message), std::move(extensions)});
    r.failed = true;
    return r;
  }
};

class FieldResolver {
 public:
  virtual ~FieldResolver() = default;
  // Whether the executor must call resolve_async. Fixed for the resolver's lifetime, so the
  // executor can run subtrees with no async resolver without any coroutine.
  virtual bool is_async() const { return false; }
  // Used when !is_async(). `info` is valid only during the call.
  virtual Resolved resolve(const ResolveInfo& info) const = 0;
  // Used when is_async(). `info` stays valid until the returned awaitable completes. The
  // default runs resolve().
  virtual boost::asio::awaitable<Resolved> resolve_async(const ResolveInfo& info) const;
  // Whether resolve_batch_async resolves many sources of a field at once for less than the
  // cost of as many resolve_async calls run side by side. The executor then resolves a
  // field of a list's objects with one call for the whole list (a DataLoader's batch).
  virtual bool resolves_batches() const { return false; }
  // Resolves `infos[i]` into `out[i]` (the spans are the same size); the infos are the same
  // field of different sources and stay valid until the awaitable completes. The default
  // awaits resolve_async for each, one after another.
  virtual boost::asio::awaitable<void> resolve_batch_async(std::span<const ResolveInfo> infos,
                                                           std::span<Resolved> out) const;
};

// Which fields have resolvers. Built once when an app loads; read-only afterwards.
class Resolvers {
 public:
  void set(const Field& field, std::shared_ptr<const FieldResolver> resolver);
  // nullptr: the field reads its parent's property of the same name.
  const FieldResolver* find(const Field& field) const {
    auto it = map_.find(&field);
    return it == map_.end() ? nullptr : it->second.get();
  }
  bool any_async() const { return any_async_; }

 private:
  std::unordered_map<const Field*, std::shared_ptr<const FieldResolver>> map_;
  bool any_async_ = false;
};

// Registers the resolvers of __schema, __type and the introspection types' fields
// (spec §4). Every app installs them unless introspection is disabled.
void install_introspection(Resolvers& resolvers, const std::shared_ptr<const Schema>& schema);

}  // namespace stashql
