// The executor behind execute() (spec §6.2–§6.4): one object per request that collects fields
// into plans, resolves and completes them, and writes the response JSON straight into the
// caller's buffer. A null that propagates (spec §6.4.4) rolls the buffer back to where the
// nearest nullable position began. Subtrees that cannot reach an async resolver run as plain
// calls (execution.cpp); the rest run as coroutines with sibling fields and list items
// spawned concurrently (execution_async.cpp). Private to the execution layer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <stashql/ast.hpp>
#include <stashql/error.hpp>
#include <stashql/execution.hpp>
#include <stashql/resolver.hpp>
#include <stashql/schema.hpp>
#include <stashql/value.hpp>

#include "graphql/serialize.hpp"

namespace stashql::detail {

// How completing a position ended. `failed`: an error was recorded and the position cannot
// hold a value; the nearest nullable position above it becomes null.
enum class Done : std::uint8_t { value, null, failed };

struct SelectionPlan;
class KeyIndex;

// What a list whose items' resolvers ran as batches (Executor::complete_objects_async) last
// completed to without an error, with what it was completed from: the shared list, and for
// each item a batch resolved, the shared tree (or null) the resolver returned. A request of
// the thread whose list and batches give the very same trees writes the text again.
struct KeptBatchText {
  std::weak_ptr<const Value> list;
  std::vector<const void*> resolved;              // per batch slot, the batches in plan order
  std::vector<std::weak_ptr<const Value>> trees;  // the distinct trees of `resolved`
  std::string text;
};

// One response key of a selection set collected for one object type (CollectFields, spec
// §6.3.2): the field, its resolver and the field nodes merged under the key.
struct FieldPlan {
  std::string_view key;
  std::string key_text;  // `,"key":` as the response writes it (a GraphQL name: no escapes)
  const Type* parent_type = nullptr;
  const Field* field = nullptr;             // nullptr: not a field of the type (left out)
  const FieldResolver* resolver = nullptr;  // nullptr: the parent's property of that name
  bool is_typename = false;
  PlainLeaf leaf = PlainLeaf::none;      // how its values are written when they have its kind
  bool args_use_variables = false;       // its arguments refer to variables: coerced per request
  const ast::Selection* node = nullptr;  // the first field node with this key
  std::vector<const ast::Selection*> more_nodes;  // the others, in document order

  // Filled on first use. A plan kept in a PlanCache is shared by the requests of one thread;
  // what depends on variables is kept per request instead (see Executor).
  mutable std::vector<std::pair<const Type*, std::unique_ptr<SelectionPlan>>> subplans;
  mutable const Value* args = nullptr;
  mutable Value owned_args;
  mutable std::unique_ptr<GraphQLError> args_error;
  mutable std::int8_t sub_may_suspend = -1;  // -1: not yet known
  // Whether no field below it has a resolver, so that completing one value always writes the
  // same text; -1: not yet known.
  mutable std::int8_t sub_is_plain = -1;
  // The text its last shared value completed to, without an error, and that value's tree: a
  // request of the thread that gets the same tree (a deduplicated upstream answer) writes it
  // again without completing it (Executor::reuses_text).
  mutable std::weak_ptr<const Value> completed_tree;
  mutable std::string completed_text;
  mutable std::unique_ptr<KeptBatchText> kept_batches;
};

// Writes the field's key into an object being written: after a comma unless it is the first.
inline void write_key(std::string& out, const FieldPlan& field, bool& first) {
  out += std::string_view(field.key_text).substr(first ? 1 : 0);
  first = false;
}

struct SelectionPlan {
  std::vector<FieldPlan> fields;
  std::unique_ptr<GraphQLError> error;  // collecting failed: a bad @skip/@include argument
  bool uses_variables = false;          // a @skip/@include argument refers to a variable
  // Whether a list of objects of this plan completes as one batch (Executor::batch_plan);
  // -1: not yet known.
  mutable std::int8_t batchable = -1;
  // Whether, completed as a batch, what it writes is fixed by the items and what the batches
  // return: every other field has no resolver, and no field has one below; -1: not yet known.
  mutable std::int8_t batch_is_plain = -1;
};

// The fragment named `name`; where a document (one that did not pass validation) defines it
// twice, the last definition, as graphql-js's execution uses.
inline const ast::FragmentDefinition* find_fragment(const ast::Document& document,
                                                    std::string_view name) {
  for (auto it = document.fragments.rbegin(); it != document.fragments.rend(); ++it) {
    if (it->name.value == name) return &*it;
  }
  return nullptr;
}

// A position (field or list item) completed by a coroutine. Positions that are nulled are
// marked so that errors raised later below them by still-running siblings are dropped, as
// graphql-js's CollectedErrors does.
struct AsyncPosition {
  AsyncPosition* parent = nullptr;
  bool nullable = true;
  bool nulled = false;
  int depth = 0;
};

class Executor {
 public:
  Executor(const ExecutionRequest& request, Value variables);
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;

  // Collects the root fields. False when execution cannot start (no root type for the
  // operation, or a bad root @skip/@include): the error is recorded and data is null.
  bool prepare();
  // Whether any root field can reach an async resolver.
  bool needs_async();
  Done run_sync(std::string& out);
  boost::asio::awaitable<Done> run_async(std::string& out);

  std::vector<GraphQLError>& errors() { return errors_; }

 private:
  // ---- planning (execution.cpp) ----
  // The fields of the operation (parent == nullptr) or of the parent's sub-selections, for
  // one object type.
  std::unique_ptr<SelectionPlan> collect(const Type& type, const FieldPlan* parent);
  bool collect_into(SelectionPlan& plan, const Type& type, const std::vector<ast::Selection>& set,
                    std::vector<std::string_view>& visited, KeyIndex& keys);
  // Whether @skip/@include let the selection in; false with `plan.error` set on a bad argument.
  bool should_include(const ast::Selection& selection, SelectionPlan& plan);
  // The `if` argument of @skip or @include; nullopt when absent or on error.
  std::optional<bool> directive_if(const ast::Directive& directive, SelectionPlan& plan);
  bool fragment_applies(std::string_view type_condition, const Type& type) const;
  const SelectionPlan& subplan(const FieldPlan& field, const Type& object_type);
  // The field's coerced arguments; nullptr after recording the error.
  const Value* arguments(const FieldPlan& field, const PathSegment& path) {
    return field.args != nullptr ? field.args : coerce_arguments_of(field, path);
  }
  const Value* coerce_arguments_of(const FieldPlan& field, const PathSegment& path);

  // ---- synchronous completion (execution.cpp) ----
  Done execute_fields(const SelectionPlan& plan, const Value& source, const PathSegment* path,
                      std::string& out);
  // `member_hint`: where the default resolver starts looking in `source` (see find_member).
  Done execute_field(const FieldPlan& field, const Value& source, const PathSegment& path,
                     std::string& out, std::size_t& member_hint);
  Done complete_value(TypeRef type, const FieldPlan& field, const PathSegment& path,
                      const Value& value, std::string& out);
  Done complete_list(TypeRef list_type, const FieldPlan& field, const PathSegment& path,
                     const Value& value, std::string& out);
  Done complete_item(TypeRef item_type, const FieldPlan& field, const PathSegment& path,
                     const Value& value, std::string& out);
  Done complete_leaf(const Type& type, const FieldPlan& field, const PathSegment& path,
                     const Value& value, std::string& out);
  // The object type an abstract value resolves to; nullptr after recording the error.
  const Type* runtime_type(const Type& abstract_type, const FieldPlan& field,
                           const PathSegment& path, const Value& value);
  // The subplan for completing `value` as `object_type`; nullptr after recording the error.
  const SelectionPlan* object_plan(const FieldPlan& field, const Type& object_type,
                                   const PathSegment& path);

  Resolved call_resolver(const FieldPlan& field, const ResolveInfo& info);
  Resolved internal_error(std::string_view detail) const;
  // Records a resolver's errors; true if the field failed.
  bool report_resolved(const FieldPlan& field, const PathSegment& path, Resolved& resolved);
  void field_error(const FieldPlan& field, const PathSegment& path, std::string message,
                   Value extensions = {});
  void add_error(GraphQLError error);
  // Whether completing `field` would nest deeper than kMaxDepth; records the error if so.
  bool exceeds_depth(const FieldPlan& field, const PathSegment& path) {
    return depth_ >= kMaxDepth && nested_too_deeply(field, path);
  }
  bool nested_too_deeply(const FieldPlan& field, const PathSegment& path);

  // ---- asynchronous completion (execution_async.cpp) ----
  boost::asio::awaitable<Done> execute_fields_async(const SelectionPlan& plan, const Value& source,
                                                    const PathSegment* path, AsyncPosition* pos,
                                                    std::string& out);
  boost::asio::awaitable<Done> execute_fields_serially_async(const SelectionPlan& plan,
                                                             const Value& source,
                                                             AsyncPosition* pos, std::string& out);
  boost::asio::awaitable<Done> execute_field_async(const FieldPlan& field, const Value& source,
                                                   const PathSegment& path, AsyncPosition* parent,
                                                   std::string& out);
  boost::asio::awaitable<Done> resolve_and_complete_async(const FieldPlan& field,
                                                          const Value& source,
                                                          const PathSegment& path,
                                                          AsyncPosition& pos, std::string& out);
  boost::asio::awaitable<Done> complete_value_async(TypeRef type, const FieldPlan& field,
                                                    const PathSegment& path, AsyncPosition& pos,
                                                    const Value& value, std::string& out);
  boost::asio::awaitable<Done> complete_list_async(TypeRef list_type, const FieldPlan& field,
                                                   const PathSegment& path, AsyncPosition& pos,
                                                   const Value& value, std::string& out);
  boost::asio::awaitable<Done> complete_item_async(TypeRef item_type, const FieldPlan& field,
                                                   const PathSegment& path, AsyncPosition* parent,
                                                   const Value& value, std::string& out);
  // The plan for completing the items of a list of `item_type` together, or nullptr when they
  // complete one coroutine each: the items are of one object type, and every field that may
  // suspend has a batch-resolving resolver and a subtree that cannot suspend.
  const SelectionPlan* batch_plan(TypeRef item_type, const FieldPlan& field);
  // A list's items completed together: each async field is resolved for every item by one
  // resolve_batch_async call (all fields side by side), then the items are written in order.
  boost::asio::awaitable<Done> complete_objects_async(TypeRef item_type, const FieldPlan& field,
                                                      const PathSegment& path, AsyncPosition& pos,
                                                      const Value& list, const SelectionPlan& plan,
                                                      std::string& out);
  boost::asio::awaitable<Done> resolve_batch_async(const FieldPlan& field,
                                                   std::span<const ResolveInfo> infos,
                                                   std::span<Resolved> out);
  // What the positions of a resolver that threw get: the request was cancelled, or an
  // internal error (logged, never shown).
  boost::asio::awaitable<Resolved> thrown_resolved(const std::exception_ptr& thrown);
  // Takes in a cancellation the awaited code saw, as TaskGroup::join does: the caller's next
  // co_await must not throw for it.
  boost::asio::awaitable<void> take_cancellation();
  Done settle(AsyncPosition& pos, std::size_t start, Done done, std::string& out);
  // Marks the nearest nullable position at or above `pos` as nulled.
  static void mark_nulled_from(AsyncPosition* pos);
  // Whether completing the field can suspend: its resolver or one below it is async.
  bool may_suspend(const FieldPlan& field);
  bool sub_may_suspend(const FieldPlan& field);
  // Whether the field's selections read only the value's own members (no resolver below).
  bool sub_is_plain(const FieldPlan& field);
  // Whether the field's text for `value` may be kept and written again: the plan is kept
  // between requests, the operation has no variables (nothing below can differ), the value is
  // a shared tree and no resolver runs below.
  bool reuses_text(const FieldPlan& field, const Value& value);
  // The same for a list completed as a batch with `plan`: kept between requests, no variables,
  // a shared list, and no resolver but the batches' (SelectionPlan::batch_is_plain).
  bool reuses_batch_text(const SelectionPlan& plan, const Value& list);
  // What the analysis below a field looks for: an async resolver, or any resolver.
  enum class Reach : std::uint8_t { async_resolver, resolver };
  bool sub_reaches(const FieldPlan& field, Reach what);
  bool selections_reach(const std::vector<ast::Selection>& set, const Type* type, int depth,
                        Reach what);
  // Runs `position_`-dependent synchronous code on behalf of an async position.
  void enter(AsyncPosition& pos) {
    position_ = &pos;
    depth_ = pos.depth;
  }

  const Schema& schema_;
  const ast::Document& document_;
  const ast::OperationDefinition& operation_;
  const Value variables_;
  std::vector<std::string_view> undefined_variables_;  // see coerce_arguments
  const Value& root_value_;
  const Resolvers* resolvers_;
  RequestContext* context_;
  std::vector<GraphQLError> errors_;

  const Type* root_type_ = nullptr;
  const SelectionPlan* root_plan_ = nullptr;
  std::unique_ptr<SelectionPlan> owned_root_plan_;
  PlanCache* plan_cache_;
  // What depends on this request's variables, for plans that may be shared.
  struct SubplanKey {
    const FieldPlan* field;
    const Type* type;
    friend bool operator==(const SubplanKey&, const SubplanKey&) = default;
  };
  struct SubplanKeyHash {
    std::size_t operator()(const SubplanKey& k) const {
      return std::hash<const void*>()(k.field) * 31 + std::hash<const void*>()(k.type);
    }
  };
  std::unordered_map<SubplanKey, std::unique_ptr<SelectionPlan>, SubplanKeyHash> request_subplans_;
  struct RequestArgs {
    Value args;
    std::unique_ptr<GraphQLError> error;
  };
  std::unordered_map<const FieldPlan*, RequestArgs> request_args_;
  // Positions (fields and list items) above the one being completed. The parser bounds the
  // nesting of selections; kMaxDepth bounds the stack whatever the document's origin.
  static constexpr int kMaxDepth = 1000;
  int depth_ = 0;
  AsyncPosition* position_ = nullptr;  // the async position synchronous code runs under
  bool cancelled_ = false;             // a join saw the request's cancellation
  boost::asio::any_io_executor io_;

  struct SetKey {
    const void* set;
    const Type* type;
    Reach what;
    friend bool operator==(const SetKey&, const SetKey&) = default;
  };
  struct SetKeyHash {
    std::size_t operator()(const SetKey& k) const {
      return (std::hash<const void*>()(k.set) * 31 + std::hash<const void*>()(k.type)) * 2 +
             static_cast<std::size_t>(k.what);
    }
  };
  std::unordered_map<SetKey, bool, SetKeyHash> reach_memo_;
};

}  // namespace stashql::detail

namespace stashql {

class PlanCache {
 public:
  // Root plans that depend on no variable, by operation.
  std::vector<std::pair<const ast::OperationDefinition*, std::unique_ptr<detail::SelectionPlan>>>
      roots;
};

}  // namespace stashql
