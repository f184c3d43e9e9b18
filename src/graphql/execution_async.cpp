// The coroutine half of execution: completing the subtrees that can reach an async resolver.
// Sibling fields and list items that may suspend are spawned on the caller's executor and
// joined; each writes into its own buffer, and the buffers are appended in order once all are
// done. Fields that cannot suspend run as plain calls (execution.cpp), and so does everything
// once no async resolver is reachable below. Mutation root fields run one after another.
#include <algorithm>
#include <exception>
#include <optional>
#include <utility>

#include <boost/asio/error.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/system/system_error.hpp>

#include "graphql/executor.hpp"
#include "graphql/task_group.hpp"

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

// The longest text a kept plan keeps of a shared value's completion (FieldPlan::completed_text):
// a thread's plans keep at most this much each.
constexpr std::size_t kMaxKeptText = std::size_t{64} * 1024;

constexpr std::size_t kNoSlot = static_cast<std::size_t>(-1);

// A field of a list's items that suspends, resolved for all of them at once
// (Executor::complete_objects_async): the items that resolve it (an item that is null, or too
// deep, or whose arguments failed, resolves nothing) and what they resolved to.
struct ObjectBatch {
  const FieldPlan* field;
  std::vector<ResolveInfo> infos;
  std::vector<Resolved> resolved;
  std::vector<std::size_t> slot;  // per item: its index in `resolved`, or kNoSlot
  // For a field whose subtree has no resolver (sub_is_plain): per resolved value, the first
  // slot holding the same shared tree, and the text completing it wrote once it has (its
  // offset and size in `texts`), so that items that share an author write it by copying.
  std::vector<std::size_t> first;
  std::vector<std::pair<std::size_t, std::size_t>> text;
  std::string texts;
};

// Whether what the batches resolved can key a kept text: nothing failed or has errors, and
// every value is a shared tree (known by its address) or null.
bool keyable(std::span<const ObjectBatch> batches) {
  for (const ObjectBatch& batch : batches) {
    for (const Resolved& resolved : batch.resolved) {
      if (resolved.failed || !resolved.errors.empty()) return false;
      const Value& value = resolved.value();
      if (!value.is_shared() && !value.is_null()) return false;
    }
  }
  return true;
}

bool same_as_kept(const KeptBatchText& kept, const Value& list,
                  std::span<const ObjectBatch> batches) {
  std::size_t r = 0;
  for (const ObjectBatch& batch : batches) {
    if (kept.resolved.size() - r < batch.resolved.size()) return false;
    for (const Resolved& resolved : batch.resolved) {
      if (resolved.value().tree_address() != kept.resolved[r++]) return false;
    }
  }
  if (r != kept.resolved.size()) return false;
  // Live trees are the ones whose addresses were kept: no other tree can have them.
  for (const std::weak_ptr<const Value>& tree : kept.trees) {
    if (tree.expired()) return false;
  }
  return list.reads_tree(kept.list);
}

void keep(std::unique_ptr<KeptBatchText>& kept, const Value& list,
          std::span<const ObjectBatch> batches, std::string_view text) {
  if (kept == nullptr) kept = std::make_unique<KeptBatchText>();
  kept->list = list.tree_handle();
  kept->resolved.clear();
  kept->trees.clear();
  for (const ObjectBatch& batch : batches) {
    for (const Resolved& resolved : batch.resolved) {
      const Value& value = resolved.value();
      const void* address = value.tree_address();
      kept->resolved.push_back(address);
      if (address == nullptr) continue;
      const bool seen = std::any_of(kept->trees.begin(), kept->trees.end(),
                                    [&](const auto& t) { return t.lock().get() == address; });
      if (!seen) kept->trees.push_back(value.tree_handle());
    }
  }
  kept->text.assign(text);
}

// The message of a field that could not run because the request was cancelled.
constexpr const char* kCancelled = "The request was cancelled.";

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
        write_key(out, field, first);
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
                     &slots[i].done, Done::failed);
      } else {
        awaited = i;
      }
    }
  }
  if (group) co_await group->join(cancelled_);
  if (awaited < n) {
    // The lone field is the first one not yet written (awaited == spawned_from), so it is
    // written straight into `out`: a root field's whole response is not copied once more.
    // As a spawned field would, it runs even when a later plain field failed.
    write_key(out, plan.fields[awaited], first);
    slots[awaited].done =
        co_await execute_field_async(plan.fields[awaited], source, paths[awaited], pos, out);
    co_await take_cancellation();
    ++spawned_from;
  }
  if (failed) co_return Done::failed;
  for (const Slot& slot : slots) {
    if (slot.done == Done::failed) co_return Done::failed;
  }
  for (std::size_t i = spawned_from; i < n; ++i) {
    if (plan.fields[i].field == nullptr) continue;
    write_key(out, plan.fields[i], first);
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
    write_key(out, field, first);
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
    std::exception_ptr thrown;
    co_await asio::this_coro::throw_if_cancelled(true);  // asio's default, for resolvers
    try {
      resolved = co_await field.resolver->resolve_async(info);
    } catch (...) {
      thrown = std::current_exception();
    }
    co_await asio::this_coro::throw_if_cancelled(false);
    if (thrown) resolved = co_await thrown_resolved(thrown);
    enter(pos);
  } else {
    resolved = call_resolver(field, info);
  }
  if (report_resolved(field, path, resolved)) co_return Done::failed;
  const Value& value = resolved.value();
  if (!reuses_text(field, value)) {
    co_return co_await complete_value_async(field.field->type, field, path, pos, value, out);
  }
  if (value.reads_tree(field.completed_tree)) {
    out += field.completed_text;
    co_return Done::value;
  }
  const std::size_t start = out.size();
  const std::size_t errors_before = errors_.size();
  const Done done = co_await complete_value_async(field.field->type, field, path, pos, value, out);
  if (done == Done::value && errors_.size() == errors_before &&
      out.size() - start <= kMaxKeptText) {
    field.completed_tree = value.tree_handle();
    field.completed_text.assign(out, start);
  } else {
    field.completed_tree.reset();
    field.completed_text = std::string();
  }
  co_return done;
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
  if (const SelectionPlan* plan = batch_plan(item_type, field)) {
    co_return co_await complete_objects_async(item_type, field, path, pos, value, *plan, out);
  }
  const std::size_t n = items.size();
  std::vector<Slot> slots(n);
  std::vector<PathSegment> paths(n);
  TaskGroup group(io_);
  for (std::size_t i = 0; i < n; ++i) {
    paths[i] = PathSegment{&path, {}, static_cast<std::int64_t>(i)};
    group.spawn(complete_item_async(item_type, field, paths[i], &pos, items[i], slots[i].text),
                &slots[i].done, Done::failed);
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

const SelectionPlan* Executor::batch_plan(TypeRef item_type, const FieldPlan& field) {
  if (item_type.is_non_null()) item_type = item_type.of_type();
  if (item_type.is_list()) return nullptr;
  const Type* object = item_type.named();
  if (object->kind != TypeKind::object) return nullptr;  // abstract: a type per item
  const SelectionPlan& plan = subplan(field, *object);
  if (plan.error) return nullptr;  // reported per item by the general path
  if (plan.batchable < 0) {
    bool batchable = true;
    for (const FieldPlan& f : plan.fields) {
      if (!may_suspend(f)) continue;
      if (f.resolver == nullptr || !f.resolver->is_async() || !f.resolver->resolves_batches() ||
          sub_may_suspend(f)) {
        batchable = false;
        break;
      }
    }
    plan.batchable = batchable ? 1 : 0;
  }
  return plan.batchable != 0 ? &plan : nullptr;
}

asio::awaitable<Done> Executor::complete_objects_async(TypeRef item_type, const FieldPlan& field,
                                                       const PathSegment& path, AsyncPosition& pos,
                                                       const Value& list, const SelectionPlan& plan,
                                                       std::string& out) {
  const List& items = list.as_list();
  const std::size_t n = items.size();
  using Batch = ObjectBatch;
  std::vector<Batch> batches;
  for (const FieldPlan& f : plan.fields) {
    if (may_suspend(f)) batches.push_back(Batch{&f, {}, {}, std::vector<std::size_t>(n, kNoSlot)});
  }
  const std::size_t k = batches.size();
  std::vector<PathSegment> item_paths(n);
  std::vector<AsyncPosition> item_pos(n);
  std::vector<bool> too_deep(n);
  std::vector<PathSegment> field_paths(n * k);
  std::vector<AsyncPosition> field_pos(n * k);
  for (Batch& batch : batches) {
    batch.infos.reserve(n);
  }
  for (std::size_t i = 0; i < n; ++i) {
    item_paths[i] = PathSegment{&path, {}, static_cast<std::int64_t>(i)};
    item_pos[i] = AsyncPosition{&pos, !item_type.is_non_null(), false, pos.depth + 1};
    enter(pos);
    too_deep[i] = exceeds_depth(field, item_paths[i]);
    if (too_deep[i] || items[i].is_null()) continue;
    for (std::size_t j = 0; j < k; ++j) {
      Batch& batch = batches[j];
      const FieldPlan& f = *batch.field;
      PathSegment& f_path = field_paths[i * k + j];
      AsyncPosition& f_pos = field_pos[i * k + j];
      f_path = PathSegment{&item_paths[i], f.key, -1};
      f_pos =
          AsyncPosition{&item_pos[i], !f.field->type.is_non_null(), false, item_pos[i].depth + 1};
      enter(item_pos[i]);
      if (exceeds_depth(f, f_path)) continue;
      enter(f_pos);
      const Value* args = arguments(f, f_path);
      if (args == nullptr) continue;
      batch.slot[i] = batch.infos.size();
      batch.infos.push_back(ResolveInfo{schema_, *f.parent_type, *f.field, *f.node, items[i], *args,
                                        variables_, f_path, context_, &document_});
    }
  }
  for (Batch& batch : batches) {
    batch.resolved.resize(batch.infos.size());
  }
  const auto same_values = [&](Batch& batch) {
    if (batch.resolved.size() < 2 || !sub_is_plain(*batch.field)) return;
    // The items' values that are shared trees, by the address of their data.
    std::vector<std::pair<const void*, std::size_t>> trees;
    trees.reserve(batch.resolved.size());
    for (std::size_t s = 0; s < batch.resolved.size(); ++s) {
      const Value& v = batch.resolved[s].value();
      if (!v.is_shared()) continue;
      if (v.is_object()) trees.emplace_back(&v.as_object(), s);
      if (v.is_list()) trees.emplace_back(&v.as_list(), s);
    }
    std::sort(trees.begin(), trees.end());
    bool repeats = false;
    for (std::size_t t = 1; t < trees.size() && !repeats; ++t) {
      repeats = trees[t].first == trees[t - 1].first;
    }
    if (!repeats) return;
    batch.first.resize(batch.resolved.size());
    for (std::size_t s = 0; s < batch.first.size(); ++s) {
      batch.first[s] = s;
    }
    for (std::size_t t = 1; t < trees.size(); ++t) {
      if (trees[t].first == trees[t - 1].first) {
        batch.first[trees[t].second] = batch.first[trees[t - 1].second];
      }
    }
    batch.text.assign(batch.resolved.size(), {0, kNoSlot});
    batch.texts.reserve(1024);
  };
  // Every field's batch at once; one field is awaited in place.
  if (k == 1) {
    co_await resolve_batch_async(*batches[0].field, batches[0].infos, batches[0].resolved);
    co_await take_cancellation();
  } else if (k > 1) {
    std::vector<Done> ignored(k);
    TaskGroup group(io_);
    for (std::size_t j = 0; j < k; ++j) {
      group.spawn(resolve_batch_async(*batches[j].field, batches[j].infos, batches[j].resolved),
                  &ignored[j], Done::failed);
    }
    co_await group.join(cancelled_);
  }
  // The text of a list and of batches that gave the same trees as the last time.
  const bool keeps = reuses_batch_text(plan, list) && keyable(batches);
  if (keeps && field.kept_batches != nullptr && same_as_kept(*field.kept_batches, list, batches)) {
    out += field.kept_batches->text;
    co_return Done::value;
  }
  const std::size_t list_start = out.size();
  const std::size_t list_errors_before = errors_.size();
  for (Batch& batch : batches) {
    same_values(batch);
  }

  // Completes a batch's value; one that another item's completion already wrote without an
  // error is copied instead.
  const auto complete_shared = [&](Batch& batch, std::size_t slot, const FieldPlan& f,
                                   const PathSegment& f_path, const Value& value) {
    if (batch.first.empty()) return complete_value(f.field->type, f, f_path, value, out);
    auto& written = batch.text[batch.first[slot]];
    if (written.second != kNoSlot) {
      out.append(batch.texts, written.first, written.second);
      return Done::value;
    }
    const std::size_t start = out.size();
    const std::size_t errors_before = errors_.size();
    const Done done = complete_value(f.field->type, f, f_path, value, out);
    if (done == Done::value && errors_.size() == errors_before) {
      written = {batch.texts.size(), out.size() - start};
      batch.texts.append(out, start, std::string::npos);
    }
    return done;
  };

  // The items in order, each as execute_fields_async would write it.
  out += '[';
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0) out += ',';
    AsyncPosition& ipos = item_pos[i];
    const std::size_t start = out.size();
    Done done = Done::failed;
    if (too_deep[i]) {
      // failed
    } else if (items[i].is_null()) {
      enter(ipos);
      done = complete_value(item_type, field, item_paths[i], items[i], out);
    } else {
      out += '{';
      bool first = true;
      std::size_t member_hint = 0;
      std::size_t j = 0;
      done = Done::value;
      for (const FieldPlan& f : plan.fields) {
        if (f.field == nullptr) continue;
        write_key(out, f, first);
        if (!may_suspend(f)) {
          PathSegment f_path{&item_paths[i], f.key, -1};
          enter(ipos);
          if (execute_field(f, items[i], f_path, out, member_hint) == Done::failed) {
            mark_nulled_from(&ipos);
            done = Done::failed;
            break;
          }
          continue;
        }
        Batch& batch = batches[j];
        AsyncPosition& f_pos = field_pos[i * k + j];
        const PathSegment& f_path = field_paths[i * k + j];
        ++j;
        const std::size_t f_start = out.size();
        Done f_done = Done::failed;
        if (std::size_t slot = batch.slot[i]; slot != kNoSlot) {
          enter(f_pos);
          Resolved& resolved = batch.resolved[slot];
          if (!report_resolved(f, f_path, resolved)) {
            f_done = complete_shared(batch, slot, f, f_path, resolved.value());
          }
        }
        if (settle(f_pos, f_start, f_done, out) == Done::failed) {
          done = Done::failed;
          break;
        }
      }
      if (done != Done::failed) out += '}';
    }
    if (settle(ipos, start, done, out) == Done::failed) co_return Done::failed;
  }
  out += ']';
  if (keeps && errors_.size() == list_errors_before && out.size() - list_start <= kMaxKeptText) {
    keep(field.kept_batches, list, batches, std::string_view(out).substr(list_start));
  } else if (keeps) {
    field.kept_batches.reset();
  }
  co_return Done::value;
}

asio::awaitable<Done> Executor::resolve_batch_async(const FieldPlan& field,
                                                    std::span<const ResolveInfo> infos,
                                                    std::span<Resolved> out) {
  co_await asio::this_coro::throw_if_cancelled(false);  // it may be spawned (TaskGroup::spawn)
  if (infos.empty()) co_return Done::value;
  std::exception_ptr thrown;
  co_await asio::this_coro::throw_if_cancelled(true);  // asio's default, for resolvers
  try {
    co_await field.resolver->resolve_batch_async(infos, out);
  } catch (...) {
    thrown = std::current_exception();
  }
  co_await asio::this_coro::throw_if_cancelled(false);
  if (thrown) {
    const Resolved failed = co_await thrown_resolved(thrown);
    for (Resolved& resolved : out) {
      resolved = failed;
    }
  }
  co_return Done::value;
}

asio::awaitable<Resolved> Executor::thrown_resolved(const std::exception_ptr& thrown) {
  // A resolver's wait throws when the request is cancelled: that is no internal error.
  asio::cancellation_state state = co_await asio::this_coro::cancellation_state;
  if (state.cancelled() != asio::cancellation_type::none) co_return Resolved::fail(kCancelled);
  try {
    std::rethrow_exception(thrown);
  } catch (const boost::system::system_error& e) {
    // An operation aborted whose cancellation a join already took in (TaskGroup::join).
    if (e.code() == asio::error::operation_aborted) co_return Resolved::fail(kCancelled);
    co_return internal_error(e.what());
  } catch (const std::exception& e) {
    co_return internal_error(e.what());
  } catch (...) {
    co_return internal_error("unknown exception");
  }
}

asio::awaitable<void> Executor::take_cancellation() {
  asio::cancellation_state state = co_await asio::this_coro::cancellation_state;
  if (state.cancelled() != asio::cancellation_type::none) {
    cancelled_ = true;
    co_await asio::this_coro::reset_cancellation_state();
  }
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
  if (field.sub_may_suspend < 0) {
    const bool reaches = resolvers_ != nullptr && resolvers_->any_async() &&
                         sub_reaches(field, Reach::async_resolver);
    field.sub_may_suspend = reaches ? 1 : 0;
  }
  return field.sub_may_suspend != 0;
}

bool Executor::sub_is_plain(const FieldPlan& field) {
  if (field.sub_is_plain < 0) field.sub_is_plain = sub_reaches(field, Reach::resolver) ? 0 : 1;
  return field.sub_is_plain != 0;
}

bool Executor::reuses_text(const FieldPlan& field, const Value& value) {
  return plan_cache_ != nullptr && operation_.variables.empty() && value.is_shared() &&
         sub_is_plain(field);
}

bool Executor::reuses_batch_text(const SelectionPlan& plan, const Value& list) {
  if (plan_cache_ == nullptr || !operation_.variables.empty() || !list.is_shared()) return false;
  if (plan.batch_is_plain < 0) {
    bool plain = true;
    for (const FieldPlan& f : plan.fields) {
      if (f.field == nullptr) continue;
      plain = plain && (may_suspend(f) || f.resolver == nullptr) && sub_is_plain(f);
    }
    plan.batch_is_plain = plain ? 1 : 0;
  }
  return plan.batch_is_plain != 0;
}

bool Executor::sub_reaches(const FieldPlan& field, Reach what) {
  if (field.field == nullptr) return false;
  const Type* named = field.field->type.named();
  if (!named->is_composite()) return false;
  bool result = selections_reach(field.node->selection_set, named, 0, what);
  for (const ast::Selection* node : field.more_nodes) {
    result = result || selections_reach(node->selection_set, named, 0, what);
  }
  return result;
}

bool Executor::selections_reach(const std::vector<ast::Selection>& set, const Type* type, int depth,
                                Reach what) {
  if (set.empty() || type == nullptr) return false;
  if (depth > kMaxAnalysisDepth) return true;
  SetKey key{&set, type, what};
  if (auto it = reach_memo_.find(key); it != reach_memo_.end()) return it->second;

  // Whether `selection`, a field, reaches such a resolver on object type `object`.
  auto field_reaches = [&](const ast::Selection& selection, const Type* object) {
    const Field* field = schema_.field(object, selection.name.value);
    if (field == nullptr || field == &schema_.typename_field()) return false;
    const FieldResolver* resolver = resolvers_ != nullptr ? resolvers_->find(*field) : nullptr;
    if (resolver != nullptr && (what == Reach::resolver || resolver->is_async())) return true;
    return selections_reach(selection.selection_set, field->type.named(), depth + 1, what);
  };

  bool result = false;
  for (const ast::Selection& selection : set) {
    switch (selection.kind) {
      case ast::Selection::Kind::field:
        if (type->kind == TypeKind::object) {
          result = field_reaches(selection, type);
        } else {
          result =
              std::any_of(type->possible_types.begin(), type->possible_types.end(),
                          [&](const Type* object) { return field_reaches(selection, object); });
        }
        break;
      case ast::Selection::Kind::inline_fragment: {
        const Type* condition =
            selection.type_condition ? schema_.type(selection.type_condition->value) : type;
        result = selections_reach(selection.selection_set, condition, depth + 1, what);
        break;
      }
      case ast::Selection::Kind::fragment_spread: {
        const ast::FragmentDefinition* fragment = find_fragment(document_, selection.name.value);
        if (fragment != nullptr) {
          result = selections_reach(fragment->selection_set,
                                    schema_.type(fragment->type_condition.value), depth + 1, what);
        }
        break;
      }
    }
    if (result) break;
  }
  reach_memo_[key] = result;
  return result;
}

}  // namespace stashql::detail
