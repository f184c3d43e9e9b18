// The coroutine half of execution: completing the subtrees that can reach an async resolver.
// Sibling fields and list items that may suspend are spawned on the caller's executor and
// joined; each writes into its own buffer, and the buffers are appended in order once all are
// done. Fields that cannot suspend run as plain calls (execution.cpp), and so does everything
// once no async resolver is reachable below. Mutation root fields run one after another.
#include <deque>
#include <exception>
#include <optional>
#include <utility>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "graphql/executor.hpp"

namespace stashql::detail {

namespace asio = boost::asio;

namespace {

// Selection sets nested deeper than this are assumed to reach an async resolver: the analysis
// stays cheap, and the async path is correct for any subtree.
constexpr int kMaxAnalysisDepth = 64;

// The output of one concurrently completed field or list item.
struct Slot {
  std::string text;
  Done done = Done::value;
};

// The message of a field that could not run because the request was cancelled.
constexpr const char* kCancelled = "The request was cancelled.";

// Children spawned on one executor and joined. The executor runs one thread at a time (one
// io_context per thread), so the counter needs no lock. If the joining coroutine is cancelled,
// the cancellation is passed to the children and the join still waits for them: they use the
// joining frame's memory.
class TaskGroup {
 public:
  explicit TaskGroup(const asio::any_io_executor& io)
      : timer_(io, asio::steady_timer::time_point::max()) {}
  TaskGroup(const TaskGroup&) = delete;
  TaskGroup& operator=(const TaskGroup&) = delete;

  // `task` must begin by turning asio's throw-on-cancelled off (execute_field_async and
  // complete_item_async do): a co_await that threw because the request was cancelled would
  // leave its own spawned children running on a frame that is gone. Resolvers still run with
  // it on (see resolve_and_complete_async).
  void spawn(asio::awaitable<Done> task, Done* result) {
    Child& child = children_.emplace_back();
    ++pending_;
    asio::co_spawn(
        timer_.get_executor(), std::move(task),
        asio::bind_cancellation_slot(
            child.signal.slot(), [this, &child, result](const std::exception_ptr& e, Done done) {
              child.finished = true;
              if (e && !failure_) failure_ = e;
              *result = e ? Done::failed : done;
              if (--pending_ == 0) timer_.cancel();
            }));
  }

  // Waits for every child; sets `cancelled` if the joining coroutine was cancelled meanwhile.
  asio::awaitable<void> join(bool& cancelled) {
    while (pending_ > 0) {
      // The joining coroutine's cancellation (a request timeout, a closed connection) may come
      // before or during the wait: either way it goes to the children, and the wait goes on.
      asio::cancellation_state state = co_await asio::this_coro::cancellation_state;
      if (state.cancelled() != asio::cancellation_type::none) {
        cancelled = true;
        co_await asio::this_coro::reset_cancellation_state();
        for (Child& c : children_) {
          if (!c.finished) c.signal.emit(asio::cancellation_type::terminal);
        }
        continue;
      }
      co_await timer_.async_wait(asio::as_tuple(asio::use_awaitable));
    }
    // Only an exception outside any resolver (such as bad_alloc) gets here.
    if (failure_) std::rethrow_exception(failure_);
  }

 private:
  struct Child {
    asio::cancellation_signal signal;
    bool finished = false;
  };
  asio::steady_timer timer_;
  std::deque<Child> children_;
  std::size_t pending_ = 0;
  std::exception_ptr failure_;
};

void write_key(std::string& out, std::string_view key) {
  out += '"';
  out += key;
  out += "\":";
}

}  // namespace

bool Executor::needs_async() {
  if (resolvers_ == nullptr || !resolvers_->any_async()) return false;
  for (const FieldPlan& field : root_plan_->fields) {
    if (may_suspend(field)) return true;
  }
  return false;
}

asio::awaitable<Done> Executor::run_async(std::string& out) {
  io_ = co_await asio::this_coro::executor;
  const bool caller_throws = co_await asio::this_coro::throw_if_cancelled();
  co_await asio::this_coro::throw_if_cancelled(false);
  AsyncPosition root{nullptr, true, false, 0};
  Done done;
  if (operation_.operation == ast::OperationType::mutation) {
    done = co_await execute_fields_serially_async(*root_plan_, root_value_, &root, out);
  } else {
    done = co_await execute_fields_async(*root_plan_, root_value_, nullptr, &root, out);
  }
  position_ = nullptr;
  co_await asio::this_coro::throw_if_cancelled(caller_throws);
  co_return done;
}

asio::awaitable<Done> Executor::execute_fields_async(const SelectionPlan& plan, const Value& source,
                                                     const PathSegment* path, AsyncPosition* pos,
                                                     std::string& out) {
  const std::size_t n = plan.fields.size();
  std::vector<Slot> slots(n);
  std::vector<PathSegment> paths(n);
  // With one field that may suspend there is nothing to run beside it: it is awaited in place
  // of being spawned, after the plain fields (as graphql-js settles a lone promise after them).
  std::size_t may_suspend_count = 0;
  for (const FieldPlan& field : plan.fields) {
    if (field.field != nullptr && !field.is_typename && may_suspend(field)) ++may_suspend_count;
  }
  std::optional<TaskGroup> group;
  if (may_suspend_count > 1) group.emplace(io_);
  std::size_t awaited = n;  // the lone field that may suspend, once reached
  // Fields before the first spawned one are written straight into `out`.
  out += '{';
  bool first = true;
  std::size_t spawned_from = n;
  std::size_t member_hint = 0;
  bool failed = false;
  for (std::size_t i = 0; i < n && !failed; ++i) {
    const FieldPlan& field = plan.fields[i];
    if (field.field == nullptr) continue;
    paths[i] = PathSegment{path, field.key, -1};
    bool direct = spawned_from == n;
    if (field.is_typename || !may_suspend(field)) {
      std::string& target = direct ? out : slots[i].text;
      if (direct) {
        if (!first) out += ',';
        first = false;
        write_key(out, field.key);
      }
      enter(*pos);
      slots[i].done = execute_field(field, source, paths[i], target, member_hint);
      if (slots[i].done == Done::failed) {
        // As in graphql-js, a failed non-null field stops the object: no further field starts.
        failed = true;
        mark_nulled_from(pos);
      }
    } else {
      if (direct) spawned_from = i;
      if (group) {
        group->spawn(execute_field_async(field, source, paths[i], pos, slots[i].text),
                     &slots[i].done);
      } else {
        awaited = i;
      }
    }
  }
  if (group) co_await group->join(cancelled_);
  if (awaited < n) {
    // As a spawned field would, it runs even when a later plain field failed.
    slots[awaited].done = co_await execute_field_async(plan.fields[awaited], source, paths[awaited],
                                                       pos, slots[awaited].text);
    // A cancellation it saw is taken in, as TaskGroup::join takes in one: the caller's next
    // co_await must not throw for it.
    asio::cancellation_state state = co_await asio::this_coro::cancellation_state;
    if (state.cancelled() != asio::cancellation_type::none) {
      cancelled_ = true;
      co_await asio::this_coro::reset_cancellation_state();
    }
  }
  if (failed) co_return Done::failed;
  for (const Slot& slot : slots) {
    if (slot.done == Done::failed) co_return Done::failed;
  }
  for (std::size_t i = spawned_from; i < n; ++i) {
    if (plan.fields[i].field == nullptr) continue;
    if (!first) out += ',';
    first = false;
    write_key(out, plan.fields[i].key);
    out += slots[i].text;
  }
  out += '}';
  co_return Done::value;
}

asio::awaitable<Done> Executor::execute_fields_serially_async(const SelectionPlan& plan,
                                                              const Value& source,
                                                              AsyncPosition* pos,
                                                              std::string& out) {
  out += '{';
  bool first = true;
  std::size_t member_hint = 0;
  for (const FieldPlan& field : plan.fields) {
    if (field.field == nullptr) continue;
    if (!first) out += ',';
    first = false;
    write_key(out, field.key);
    PathSegment path{nullptr, field.key, -1};
    Done done;
    asio::cancellation_state state = co_await asio::this_coro::cancellation_state;
    if (cancelled_ || state.cancelled() != asio::cancellation_type::none) {
      // A cancelled request starts no further mutation.
      enter(*pos);
      field_error(field, path, kCancelled);
      done = field.field->type.is_non_null() ? Done::failed : Done::null;
      if (done == Done::null) out += "null";
    } else if (field.is_typename || !may_suspend(field)) {
      enter(*pos);
      done = execute_field(field, source, path, out, member_hint);
    } else {
      done = co_await execute_field_async(field, source, path, pos, out);
    }
    if (done == Done::failed) {
      mark_nulled_from(pos);
      co_return Done::failed;  // later mutation fields do not run
    }
  }
  out += '}';
  co_return Done::value;
}

asio::awaitable<Done> Executor::execute_field_async(const FieldPlan& field, const Value& source,
                                                    const PathSegment& path, AsyncPosition* parent,
                                                    std::string& out) {
  co_await asio::this_coro::throw_if_cancelled(false);  // it may be spawned (TaskGroup::spawn)
  AsyncPosition pos{parent, !field.field->type.is_non_null(), false, parent->depth + 1};
  std::size_t start = out.size();
  Done done = Done::failed;
  enter(*parent);
  if (!exceeds_depth(field, path)) {
    done = co_await resolve_and_complete_async(field, source, path, pos, out);
  }
  co_return settle(pos, start, done, out);
}

asio::awaitable<Done> Executor::resolve_and_complete_async(const FieldPlan& field,
                                                           const Value& source,
                                                           const PathSegment& path,
                                                           AsyncPosition& pos, std::string& out) {
  enter(pos);
  const Value* args = arguments(field, path);
  if (args == nullptr) co_return Done::failed;
  if (field.resolver == nullptr) {
    const Value* value = source.find(field.field->name);
    co_return co_await complete_value_async(field.field->type, field, path, pos,
                                            value != nullptr ? *value : null_value(), out);
  }
  ResolveInfo info{schema_, *field.parent_type, *field.field, *field.node, source,
                   *args,   variables_,         path,         context_,    &document_};
  Resolved resolved;
  if (field.resolver->is_async()) {
    bool threw = false;
    std::string detail;
    co_await asio::this_coro::throw_if_cancelled(true);  // asio's default, for resolvers
    try {
      resolved = co_await field.resolver->resolve_async(info);
    } catch (const std::exception& e) {
      threw = true;
      detail = e.what();
    } catch (...) {
      threw = true;
      detail = "unknown exception";
    }
    co_await asio::this_coro::throw_if_cancelled(false);
    if (threw) {
      asio::cancellation_state state = co_await asio::this_coro::cancellation_state;
      resolved = state.cancelled() != asio::cancellation_type::none ? Resolved::fail(kCancelled)
                                                                    : internal_error(detail);
    }
    enter(pos);
  } else {
    resolved = call_resolver(field, info);
  }
  if (report_resolved(field, path, resolved)) co_return Done::failed;
  co_return co_await complete_value_async(field.field->type, field, path, pos, resolved.value(),
                                          out);
}

asio::awaitable<Done> Executor::complete_value_async(TypeRef type, const FieldPlan& field,
                                                     const PathSegment& path, AsyncPosition& pos,
                                                     const Value& value, std::string& out) {
  if (!sub_may_suspend(field)) {
    enter(pos);
    co_return complete_value(type, field, path, value, out);
  }
  bool non_null = type.is_non_null();
  if (non_null) type = type.of_type();
  Done done = Done::failed;
  if (value.is_null()) {
    out += "null";
    done = Done::null;
  } else if (type.is_list()) {
    done = co_await complete_list_async(type, field, path, pos, value, out);
  } else {
    enter(pos);
    const Type* named = type.named();
    if (named->is_leaf()) {
      done = complete_leaf(*named, field, path, value, out);
    } else {
      const Type* object = named->is_abstract() ? runtime_type(*named, field, path, value) : named;
      const SelectionPlan* plan = object != nullptr ? object_plan(field, *object, path) : nullptr;
      if (plan != nullptr) done = co_await execute_fields_async(*plan, value, &path, &pos, out);
    }
  }
  if (non_null && done == Done::null) {
    enter(pos);
    field_error(field, path,
                "Cannot return null for non-nullable field " + field.parent_type->name + "." +
                    field.field->name + ".");
    done = Done::failed;
  }
  co_return done;
}

asio::awaitable<Done> Executor::complete_list_async(TypeRef list_type, const FieldPlan& field,
                                                    const PathSegment& path, AsyncPosition& pos,
                                                    const Value& value, std::string& out) {
  if (!value.is_list()) {
    enter(pos);
    field_error(field, path,
                "Expected Iterable, but did not find one for field \"" + field.parent_type->name +
                    "." + field.field->name + "\".");
    co_return Done::failed;
  }
  TypeRef item_type = list_type.of_type();
  const List& items = value.as_list();
  const std::size_t n = items.size();
  std::vector<Slot> slots(n);
  std::vector<PathSegment> paths(n);
  TaskGroup group(io_);
  for (std::size_t i = 0; i < n; ++i) {
    paths[i] = PathSegment{&path, {}, static_cast<std::int64_t>(i)};
    group.spawn(complete_item_async(item_type, field, paths[i], &pos, items[i], slots[i].text),
                &slots[i].done);
  }
  co_await group.join(cancelled_);
  for (const Slot& slot : slots) {
    if (slot.done == Done::failed) co_return Done::failed;
  }
  out += '[';
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0) out += ',';
    out += slots[i].text;
  }
  out += ']';
  co_return Done::value;
}

asio::awaitable<Done> Executor::complete_item_async(TypeRef item_type, const FieldPlan& field,
                                                    const PathSegment& path, AsyncPosition* parent,
                                                    const Value& value, std::string& out) {
  co_await asio::this_coro::throw_if_cancelled(false);  // it is spawned (TaskGroup::spawn)
  AsyncPosition pos{parent, !item_type.is_non_null(), false, parent->depth + 1};
  std::size_t start = out.size();
  Done done = Done::failed;
  enter(*parent);
  if (!exceeds_depth(field, path)) {
    done = co_await complete_value_async(item_type, field, path, pos, value, out);
  }
  co_return settle(pos, start, done, out);
}

Done Executor::settle(AsyncPosition& pos, std::size_t start, Done done, std::string& out) {
  if (done != Done::failed) return done;
  if (pos.nullable) {
    out.resize(start);
    out += "null";
    pos.nulled = true;
    return Done::null;
  }
  mark_nulled_from(pos.parent);
  return Done::failed;
}

void Executor::mark_nulled_from(AsyncPosition* pos) {
  while (pos != nullptr && !pos->nullable)
    pos = pos->parent;
  if (pos != nullptr) pos->nulled = true;
}

bool Executor::may_suspend(const FieldPlan& field) {
  if (field.is_typename || field.field == nullptr) return false;
  if (field.resolver != nullptr && field.resolver->is_async()) return true;
  return sub_may_suspend(field);
}

bool Executor::sub_may_suspend(const FieldPlan& field) {
  if (field.sub_may_suspend >= 0) return field.sub_may_suspend != 0;
  bool result = false;
  if (resolvers_ != nullptr && resolvers_->any_async() && field.field != nullptr) {
    const Type* named = field.field->type.named();
    if (named->is_composite()) {
      result = selections_may_suspend(field.node->selection_set, named, 0);
      for (const ast::Selection* node : field.more_nodes) {
        result = result || selections_may_suspend(node->selection_set, named, 0);
      }
    }
  }
  field.sub_may_suspend = result ? 1 : 0;
  return result;
}

bool Executor::selections_may_suspend(const std::vector<ast::Selection>& set, const Type* type,
                                      int depth) {
  if (set.empty() || type == nullptr) return false;
  if (depth > kMaxAnalysisDepth) return true;
  SetKey key{&set, type};
  if (auto it = suspend_memo_.find(key); it != suspend_memo_.end()) return it->second;

  // Whether `selection`, a field, reaches an async resolver on object type `object`.
  auto field_may_suspend = [&](const ast::Selection& selection, const Type* object) {
    const Field* field = schema_.field(object, selection.name.value);
    if (field == nullptr || field == &schema_.typename_field()) return false;
    const FieldResolver* resolver = resolvers_->find(*field);
    if (resolver != nullptr && resolver->is_async()) return true;
    return selections_may_suspend(selection.selection_set, field->type.named(), depth + 1);
  };

  bool result = false;
  for (const ast::Selection& selection : set) {
    switch (selection.kind) {
      case ast::Selection::Kind::field:
        if (type->kind == TypeKind::object) {
          result = field_may_suspend(selection, type);
        } else {
          for (const Type* object : type->possible_types) {
            if (field_may_suspend(selection, object)) {
              result = true;
              break;
            }
          }
        }
        break;
      case ast::Selection::Kind::inline_fragment: {
        const Type* condition =
            selection.type_condition ? schema_.type(selection.type_condition->value) : type;
        result = selections_may_suspend(selection.selection_set, condition, depth + 1);
        break;
      }
      case ast::Selection::Kind::fragment_spread: {
        const ast::FragmentDefinition* fragment = find_fragment(document_, selection.name.value);
        if (fragment != nullptr) {
          result = selections_may_suspend(fragment->selection_set,
                                          schema_.type(fragment->type_condition.value), depth + 1);
        }
        break;
      }
    }
    if (result) break;
  }
  suspend_memo_[key] = result;
  return result;
}

}  // namespace stashql::detail
