// `stashql run Type.field`: one field's pipeline alone, against the app's datasources, with
// the arguments, parent value, identity, headers and stash the operator gives, traced step by
// step. With --dry, writes are recorded and not made (the runtime's Observer and DryRun).
#include <chrono>
#include <memory>
#include <ostream>

#include <stashql/execution.hpp>
#include <stashql/json.hpp>
#include <stashql/parser.hpp>

#include "cli/commands.hpp"
#include "cli/local_run.hpp"
#include "cli/style.hpp"
#include "cli/tracer.hpp"
#include "graphql/coercion.hpp"
#include "graphql/did_you_mean.hpp"
#include "pipeline/field_name.hpp"
#include "pipeline/runtime.hpp"

namespace stashql::cli {
namespace {

constexpr std::string_view kCommand = "run";

// --args coerced as GraphQL coerces a request's variables into the field's argument types,
// with the field's defaults for those not given; nullopt after printing what is wrong.
std::optional<Value> coerce_args(const Schema& schema, const Field& field, const Value& given,
                                 std::ostream& err) {
  if (given.is_object()) {
    for (const auto& [name, value] : given.as_object()) {
      if (field.argument(name) != nullptr) continue;
      std::vector<std::string_view> options;
      for (const InputValue& a : field.arguments)
        options.push_back(a.name);
      err << "stashql run: --args: " << field.name << " has no argument \"" << name << "\"."
          << (options.empty() ? std::string(" It takes none.")
                              : did_you_mean(suggestion_list(name, options)))
          << "\n";
      return std::nullopt;
    }
  }
  if (field.arguments.empty()) return Value(Object{});
  // The arguments as the variables of an operation: the same coercion, and its messages.
  std::string text = "query (";
  for (const InputValue& a : field.arguments)
    text += "$" + a.name + ": " + a.type.to_string() + " ";
  text += ") { __typename }";
  auto document = parse(text);
  if (!document.has_value() || document->operations.empty()) {
    err << "stashql run: cannot read the arguments of " << field.name << "\n";
    return std::nullopt;
  }
  const ast::OperationDefinition* operation = &document->operations.front();
  Object present;
  if (given.is_object()) {
    for (const auto& [name, value] : given.as_object())
      present.emplace_back(name, value);
  }
  // Defaults first, so a missing argument with a default is not reported as missing.
  for (const InputValue& a : field.arguments) {
    bool has = false;
    for (const auto& m : present)
      has = has || m.first == a.name;
    if (has) continue;
    if (auto d = detail::coerced_default(schema, a)) present.emplace_back(a.name, std::move(*d));
  }
  const Value variables(std::move(present));
  auto coerced = coerce_variables(schema, *operation, &variables);
  if (!coerced.has_value()) {
    for (const GraphQLError& e : coerced.error()) {
      std::string message = e.message;
      if (message.rfind("Variable \"$", 0) == 0) message = "argument \"" + message.substr(11);
      err << "stashql run: --args: " << message << "\n";
    }
    return std::nullopt;
  }
  return std::move(*coerced);
}

void print_result(std::ostream& out, const Resolved& resolved, bool dry,
                  const std::vector<RunRecord>& runs, std::chrono::nanoseconds took,
                  const TraceFormat& format) {
  const Style& style = format.style;
  const std::size_t limit = format.full ? std::string::npos : 200;
  if (resolved.failed) {
    out << style.bold("result") << "  null (the field failed)\n";
  } else {
    out << style.bold("result") << "  " << shortened_json(resolved.value(), limit) << "\n";
  }
  for (const FieldError& e : resolved.errors) {
    std::string text = e.message;
    if (const Value* code = e.extensions.find("code"); code != nullptr && code->is_string()) {
      text = code->as_string() + ": " + text;
    }
    out << style.red("error") << "   " << text << "\n";
  }
  out << style.dim(summarize(runs) + " in " + format_duration(took) +
                   (dry ? " (dry run: nothing was written)" : ""))
      << "\n";
}

Value result_json(const Resolved& resolved, bool dry, const std::vector<RunRecord>& runs,
                  std::chrono::nanoseconds took) {
  Object out;
  out.reserve(6);  // also keeps GCC 12 -O3 from a false -Warray-bounds on the first emplace
  const RunRecord* run = runs.empty() ? nullptr : &runs.front();
  out.emplace_back("field", run != nullptr ? Value(run->field) : Value{});
  out.emplace_back("file", run != nullptr ? Value(run->file) : Value{});
  out.emplace_back("dry", dry);
  out.emplace_back("steps", run != nullptr ? *run_to_json(*run).find("steps") : Value(List{}));
  out.emplace_back("result", resolved.failed ? Value{} : resolved.value());
  List errors;
  for (const FieldError& e : resolved.errors) {
    Object error;
    error.emplace_back("message", e.message);
    if (!e.extensions.is_null()) error.emplace_back("extensions", e.extensions);
    errors.emplace_back(std::move(error));
  }
  out.emplace_back("errors", std::move(errors));
  out.emplace_back("ms", static_cast<double>(took.count()) / 1e6);
  return Value(std::move(out));
}

}  // namespace

int run_command(const Options& options, std::ostream& out, std::ostream& err) {
  if (options.positional.empty()) {
    err << "stashql run: name the field whose pipeline to run, as Type.field\n";
    return kBadUsage;
  }
  std::optional<Value> given_args =
      json_option(options.args, kCommand, "--args", JsonShape::object, err);
  std::optional<Value> source =
      json_option(options.source, kCommand, "--source", JsonShape::any, err);
  std::optional<Value> stash =
      json_option(options.stash, kCommand, "--stash", JsonShape::object, err);
  std::optional<Value> identity = identity_option(options, kCommand, err);
  std::optional<Value> headers = headers_option(options, kCommand, err);
  if (!given_args || !source || !stash || !identity || !headers) return kBadUsage;
  std::optional<App> app = load_or_report(options, err);
  if (!app) return kBadUsage;

  const Schema& schema = *app->engine->schema;
  const pipeline::NamedField named = pipeline::find_named_field(schema, options.positional[0]);
  if (named.field == nullptr) {
    err << "stashql run: " << options.positional[0] << ": " << named.error << "\n";
    return kBadUsage;
  }
  const Type* type = named.type;
  const Field* field = named.field;
  const auto* pipeline =
      dynamic_cast<const pipeline::Pipeline*>(app->engine->resolvers->find(*field));
  if (pipeline == nullptr) {
    err << "stashql run: " << type->name << "." << field->name
        << " has no pipeline: it reads the property \"" << field->name
        << "\" of its parent value\n";
    return kBadUsage;
  }
  std::optional<Value> args = coerce_args(schema, *field, *given_args, err);
  if (!args) return kBadUsage;
  // A root field's parent is what the server gives it: the root value's object for its
  // operation, or an empty object.
  if (!options.source) {
    const char* operation = type == schema.query_type()          ? "query"
                            : type == schema.mutation_type()     ? "mutation"
                            : type == schema.subscription_type() ? "subscription"
                                                                 : nullptr;
    if (operation != nullptr) {
      const Value* root =
          app->engine->root_value ? app->engine->root_value->find(operation) : nullptr;
      source = root != nullptr ? *root : Value(Object{});
    }
  }

  Tracer tracer(options.dry ? Tracer::Mode::dry : Tracer::Mode::live);
  Resolved resolved;
  const auto started = std::chrono::steady_clock::now();
  ast::Selection selection;
  selection.name.value = field->name;
  const Value variables = Object{};
  const PathSegment path{nullptr, field->name, -1};
  const bool built =
      run_locally(*app, err, [&](Backends& backends) -> boost::asio::awaitable<void> {
        CliRequestContext context(kCommand, *identity, *headers, &tracer, backends, err);
        const ResolveInfo info{schema, *type,     *field, selection, *source,
                               *args,  variables, path,   &context,  nullptr};
        resolved = co_await pipeline->resolve_with_stash(info, std::move(*stash));
      });
  if (!built) return kBadUsage;
  const auto took = std::chrono::steady_clock::now() - started;
  std::vector<RunRecord> runs = tracer.take_runs();

  if (options.json) {
    std::string text;
    write_pretty_json(text, result_json(resolved, options.dry, runs, took));
    out << text << "\n";
  } else {
    const TraceFormat format{Style::for_stream(options.color, out), options.full};
    for (const RunRecord& run : runs)
      print_run(out, run, format);
    if (runs.empty()) out << type->name << "." << field->name << " has no steps\n";
    print_result(out, resolved, options.dry, runs, took, format);
  }
  return resolved.errors.empty() ? kOk : kResponseErrors;
}

}  // namespace stashql::cli
