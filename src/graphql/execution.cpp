// Execution (spec §6) with graphql-js 16's results: operation selection, the synchronous
// completion of values (leaves, lists, objects, abstract types) with null propagation, and the
// response envelope. Field collection is in collect_fields.cpp; the coroutine half, used only
// where an async resolver can be reached, is in execution_async.cpp.
#include <exception>
#include <utility>

#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <stashql/engine.hpp>
#include <stashql/execution.hpp>
#include <stashql/json.hpp>

#include "graphql/coercion.hpp"
#include "graphql/executor.hpp"
#include "graphql/run_blocking.hpp"
#include "graphql/serialize.hpp"

namespace stashql {

namespace asio = boost::asio;

std::shared_ptr<PlanCache> make_plan_cache() {
  return std::make_shared<PlanCache>();
}

List PathSegment::to_list() const {
  std::size_t n = 0;
  for (const PathSegment* p = this; p != nullptr; p = p->parent)
    ++n;
  List list(n);
  for (const PathSegment* p = this; p != nullptr; p = p->parent) {
    --n;
    list[n] = p->index >= 0 ? Value(p->index) : Value(p->key);
  }
  return list;
}

namespace detail {
namespace {

const Value& empty_object() {
  static const Value kEmpty = Object{};
  return kEmpty;
}

// The member `name` of `source`, scanning from just after the member found last: data usually
// lists its members in the order queries select them, so a whole object costs one pass.
const Value* find_member(const Value& source, std::string_view name, std::size_t& hint) {
  if (!source.is_object()) return nullptr;
  const Object& members = source.as_object();
  const std::size_t n = members.size();
  std::size_t i = hint < n ? hint : 0;
  for (std::size_t k = 0; k < n; ++k) {
    if (members[i].first == name) {
      hint = i + 1;
      return &members[i].second;
    }
    if (++i == n) i = 0;
  }
  return nullptr;
}

}  // namespace

Executor::Executor(const ExecutionRequest& request, Value variables)
    : schema_(*request.schema),
      document_(*request.document),
      operation_(*request.operation),
      variables_(std::move(variables)),
      root_value_(request.root_value != nullptr ? *request.root_value : empty_object()),
      resolvers_(request.resolvers),
      context_(request.context),
      plan_cache_(request.plan_cache) {
  // A variable with a default that did not coerce is defined but holds nothing.
  for (const ast::VariableDefinition& definition : operation_.variables) {
    if (definition.default_value && variables_.find(definition.name.value) == nullptr) {
      undefined_variables_.push_back(definition.name.value);
    }
  }
}

bool Executor::prepare() {
  root_type_ = schema_.root_type(operation_.operation);
  if (root_type_ == nullptr) {
    errors_.push_back(GraphQLError{"Schema is not configured to execute " +
                                       std::string(ast::operation_keyword(operation_.operation)) +
                                       " operation.",
                                   {operation_.loc},
                                   {},
                                   {}});
    return false;
  }
  if (plan_cache_ != nullptr) {
    for (const auto& [operation, plan] : plan_cache_->roots) {
      if (operation == &operation_) root_plan_ = plan.get();
    }
  }
  if (root_plan_ == nullptr) {
    std::unique_ptr<SelectionPlan> plan = collect(*root_type_, nullptr);
    if (plan_cache_ != nullptr && !plan->uses_variables) {
      root_plan_ = plan.get();
      plan_cache_->roots.emplace_back(&operation_, std::move(plan));
    } else {
      owned_root_plan_ = std::move(plan);
      root_plan_ = owned_root_plan_.get();
    }
  }
  if (root_plan_->error) {
    errors_.push_back(*root_plan_->error);
    return false;
  }
  return true;
}

Done Executor::run_sync(std::string& out) {
  // Fields run one after another here, which is also what a mutation requires.
  return execute_fields(*root_plan_, root_value_, nullptr, out);
}

const SelectionPlan* Executor::object_plan(const FieldPlan& field, const Type& object_type,
                                           const PathSegment& path) {
  const SelectionPlan& plan = subplan(field, object_type);
  if (plan.error) {
    GraphQLError error = *plan.error;
    error.path = path.to_list();
    add_error(std::move(error));
    return nullptr;
  }
  return &plan;
}

const Value* Executor::coerce_arguments_of(const FieldPlan& field, const PathSegment& path) {
  if (field.field->arguments.empty()) {
    field.args = &empty_object();
    return field.args;
  }
  if (field.args_use_variables) {
    auto [it, inserted] = request_args_.try_emplace(&field);
    RequestArgs& entry = it->second;
    if (inserted) {
      auto args = coerce_arguments(schema_, field.field->arguments, field.node->arguments,
                                   field.node->loc, variables_, undefined_variables_);
      if (args) {
        entry.args = std::move(*args);
      } else {
        entry.error = std::make_unique<GraphQLError>(args.error());
      }
    }
    if (!entry.error) return &entry.args;
    GraphQLError error = *entry.error;
    error.path = path.to_list();
    add_error(std::move(error));
    return nullptr;
  }
  if (!field.args_error) {
    auto args = coerce_arguments(schema_, field.field->arguments, field.node->arguments,
                                 field.node->loc, variables_, undefined_variables_);
    if (args) {
      field.owned_args = std::move(*args);
      field.args = &field.owned_args;
      return field.args;
    }
    field.args_error = std::make_unique<GraphQLError>(args.error());
  }
  GraphQLError error = *field.args_error;
  error.path = path.to_list();
  add_error(std::move(error));
  return nullptr;
}

// ---- synchronous completion (spec §6.4) ----

Done Executor::execute_fields(const SelectionPlan& plan, const Value& source,
                              const PathSegment* path, std::string& out) {
  out += '{';
  bool first = true;
  std::size_t member_hint = 0;
  for (const FieldPlan& field : plan.fields) {
    if (field.field == nullptr) continue;
    write_key(out, field, first);
    PathSegment field_path{path, field.key, -1};
    // A failed non-null field fails the whole object; graphql-js runs no further fields then.
    if (execute_field(field, source, field_path, out, member_hint) == Done::failed) {
      return Done::failed;
    }
  }
  out += '}';
  return Done::value;
}

Done Executor::execute_field(const FieldPlan& field, const Value& source, const PathSegment& path,
                             std::string& out, std::size_t& member_hint) {
  if (field.is_typename) {
    out += '"';
    out += field.parent_type->name;
    out += '"';
    return Done::value;
  }
  std::size_t start = out.size();
  Done done = Done::failed;
  if (!exceeds_depth(field, path)) {
    ++depth_;
    if (const Value* args = arguments(field, path)) {
      if (field.resolver == nullptr) {
        const Value* value = find_member(source, field.field->name, member_hint);
        if (value == nullptr) value = &null_value();
        done = write_plain_leaf(field.leaf, *value, out)
                   ? Done::value
                   : complete_value(field.field->type, field, path, *value, out);
      } else {
        ResolveInfo info{schema_, *field.parent_type, *field.field, *field.node, source,
                         *args,   variables_,         path,         context_,    &document_};
        Resolved resolved = call_resolver(field, info);
        if (!report_resolved(field, path, resolved)) {
          done = complete_value(field.field->type, field, path, resolved.value(), out);
        }
      }
    }
    --depth_;
  }
  if (done == Done::failed && !field.field->type.is_non_null()) {
    out.resize(start);
    out += "null";
    return Done::null;
  }
  return done;
}

Done Executor::complete_value(TypeRef type, const FieldPlan& field, const PathSegment& path,
                              const Value& value, std::string& out) {
  bool non_null = type.is_non_null();
  if (non_null) type = type.of_type();
  Done done;
  if (value.is_null()) {
    out += "null";
    done = Done::null;
  } else if (type.is_list()) {
    done = complete_list(type, field, path, value, out);
  } else {
    const Type* named = type.named();
    if (named->is_leaf()) {
      done = complete_leaf(*named, field, path, value, out);
    } else {
      const Type* object = named->is_abstract() ? runtime_type(*named, field, path, value) : named;
      const SelectionPlan* plan = object != nullptr ? object_plan(field, *object, path) : nullptr;
      done = plan != nullptr ? execute_fields(*plan, value, &path, out) : Done::failed;
    }
  }
  if (non_null && done == Done::null) {
    field_error(field, path,
                "Cannot return null for non-nullable field " + field.parent_type->name + "." +
                    field.field->name + ".");
    return Done::failed;
  }
  return done;
}

Done Executor::complete_list(TypeRef list_type, const FieldPlan& field, const PathSegment& path,
                             const Value& value, std::string& out) {
  if (!value.is_list()) {
    field_error(field, path,
                "Expected Iterable, but did not find one for field \"" + field.parent_type->name +
                    "." + field.field->name + "\".");
    return Done::failed;
  }
  TypeRef item_type = list_type.of_type();
  const List& items = value.as_list();
  out += '[';
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ',';
    PathSegment item_path{&path, {}, static_cast<std::int64_t>(i)};
    if (complete_item(item_type, field, item_path, items[i], out) == Done::failed) {
      return Done::failed;
    }
  }
  out += ']';
  return Done::value;
}

Done Executor::complete_item(TypeRef item_type, const FieldPlan& field, const PathSegment& path,
                             const Value& value, std::string& out) {
  std::size_t start = out.size();
  Done done = Done::failed;
  if (!exceeds_depth(field, path)) {
    ++depth_;
    done = complete_value(item_type, field, path, value, out);
    --depth_;
  }
  if (done == Done::failed && !item_type.is_non_null()) {
    out.resize(start);
    out += "null";
    return Done::null;
  }
  return done;
}

Done Executor::complete_leaf(const Type& type, const FieldPlan& field, const PathSegment& path,
                             const Value& value, std::string& out) {
  std::string message;
  if (serialize_leaf(schema_, type, value, out, message)) return Done::value;
  field_error(field, path, std::move(message));
  return Done::failed;
}

const Type* Executor::runtime_type(const Type& abstract_type, const FieldPlan& field,
                                   const PathSegment& path, const Value& value) {
  // graphql-js's defaultTypeResolver: the value's `__typename` string names the type.
  const Value* type_name = value.find("__typename");
  if (type_name == nullptr || !type_name->is_string()) {
    field_error(field, path,
                "Abstract type \"" + abstract_type.name +
                    "\" must resolve to an Object type at runtime for field \"" +
                    field.parent_type->name + "." + field.field->name + "\". Either the \"" +
                    abstract_type.name +
                    "\" type should provide a \"resolveType\" function or each possible type "
                    "should provide an \"isTypeOf\" function.");
    return nullptr;
  }
  const std::string& name = type_name->as_string();
  const Type* type = schema_.type(name);
  if (type == nullptr) {
    field_error(field, path,
                "Abstract type \"" + abstract_type.name + "\" was resolved to a type \"" + name +
                    "\" that does not exist inside the schema.");
    return nullptr;
  }
  if (type->kind != TypeKind::object) {
    field_error(field, path,
                "Abstract type \"" + abstract_type.name +
                    "\" was resolved to a non-object type \"" + name + "\".");
    return nullptr;
  }
  if (!abstract_type.is_possible_type(type)) {
    field_error(field, path,
                "Runtime Object type \"" + name + "\" is not a possible type for \"" +
                    abstract_type.name + "\".");
    return nullptr;
  }
  return type;
}

Resolved Executor::call_resolver(const FieldPlan& field, const ResolveInfo& info) {
  try {
    return field.resolver->resolve(info);
  } catch (const std::exception& e) {
    return internal_error(e.what());
  } catch (...) {
    return internal_error("unknown exception");
  }
}

// A resolver that throws is a bug; its message may hold internals, so the client sees only
// "Internal error." and what the request context adds (a request id); the detail is logged.
Resolved Executor::internal_error(std::string_view detail) const {
  return Resolved::fail("Internal error.",
                        context_ != nullptr ? context_->internal_error(detail) : Value{});
}

bool Executor::report_resolved(const FieldPlan& field, const PathSegment& path,
                               Resolved& resolved) {
  for (FieldError& error : resolved.errors) {
    field_error(field, path, std::move(error.message), std::move(error.extensions));
  }
  if (!resolved.failed) return false;
  if (resolved.errors.empty()) {
    // A failure with nothing to say completes as null (and reports that if it must not be).
    resolved.owned = Value();
    resolved.borrowed = nullptr;
    return false;
  }
  return true;
}

void Executor::field_error(const FieldPlan& field, const PathSegment& path, std::string message,
                           Value extensions) {
  GraphQLError error;
  error.message = std::move(message);
  error.locations.reserve(1 + field.more_nodes.size());
  error.locations.push_back(field.node->loc);
  for (const ast::Selection* node : field.more_nodes)
    error.locations.push_back(node->loc);
  error.path = path.to_list();
  error.extensions = std::move(extensions);
  add_error(std::move(error));
}

void Executor::add_error(GraphQLError error) {
  // An error below a position that was already nulled is not reported (graphql-js's
  // CollectedErrors); only concurrently running subtrees can raise one.
  for (const AsyncPosition* p = position_; p != nullptr; p = p->parent) {
    if (p->nulled) return;
  }
  errors_.push_back(std::move(error));
}

bool Executor::nested_too_deeply(const FieldPlan& field, const PathSegment& path) {
  field_error(field, path, "The response is nested too deeply to be completed.");
  return true;
}

}  // namespace detail

// ---- entry points ----

Result<const ast::OperationDefinition*, GraphQLError> select_operation(
    const ast::Document& document, std::string_view operation_name) {
  const ast::OperationDefinition* operation = nullptr;
  for (const ast::OperationDefinition& op : document.operations) {
    if (operation_name.empty()) {
      if (operation != nullptr) {
        return GraphQLError{
            "Must provide operation name if query contains multiple operations.", {}, {}, {}};
      }
      operation = &op;
    } else if (op.name && op.name->value == operation_name) {
      operation = &op;
    }
  }
  if (operation != nullptr) return operation;
  if (!operation_name.empty()) {
    return GraphQLError{
        "Unknown operation named \"" + std::string(operation_name) + "\".", {}, {}, {}};
  }
  return GraphQLError{"Must provide an operation.", {}, {}, {}};
}

void write_errors_response(std::string& out, const std::vector<GraphQLError>& errors) {
  out += "{\"errors\":[";
  for (std::size_t i = 0; i < errors.size(); ++i) {
    if (i > 0) out += ',';
    write_error(out, errors[i]);
  }
  out += "]}";
}

namespace {

// The response envelope: `{"data":…}` is written first, straight into `out`; errors, known
// only at the end, are then put in front, in graphql-js's key order.
void close_response(std::string& out, std::size_t start, std::size_t data_start, detail::Done done,
                    const std::vector<GraphQLError>& errors) {
  if (done == detail::Done::failed) {
    out.resize(data_start);
    out += "null";
  }
  out += '}';
  if (errors.empty()) return;
  std::string head = "{\"errors\":[";
  for (std::size_t i = 0; i < errors.size(); ++i) {
    if (i > 0) head += ',';
    write_error(head, errors[i]);
  }
  head += "],";
  out.replace(start, 1, head);
}

}  // namespace

asio::awaitable<ExecutionOutcome> execute(const ExecutionRequest& request, std::string& out) {
  if (request.schema == nullptr || request.document == nullptr || request.operation == nullptr) {
    write_errors_response(out, {GraphQLError{"Must provide an operation.", {}, {}, {}}});
    co_return ExecutionOutcome{false};
  }
  auto variables = coerce_variables(*request.schema, *request.operation, request.variables);
  if (!variables) {
    write_errors_response(out, variables.error());
    co_return ExecutionOutcome{false};
  }
  detail::Executor executor(request, std::move(*variables));
  std::size_t start = out.size();
  out += "{\"data\":";
  std::size_t data_start = out.size();
  detail::Done done = detail::Done::failed;
  if (executor.prepare()) {
    if (executor.needs_async()) {
      done = co_await executor.run_async(out);
    } else {
      done = executor.run_sync(out);
    }
  }
  close_response(out, start, data_start, done, executor.errors());
  co_return ExecutionOutcome{true};
}

ExecutionOutcome execute_blocking(const ExecutionRequest& request, std::string& out) {
  return detail::run_blocking(execute(request, out));
}

}  // namespace stashql
