// Loads pipelines and functions (see pipeline_loader.hpp) in two passes: the first reads every
// file and learns the functions' names and arguments, so that pipelines and functions may
// call functions defined in any file; the second builds the steps, binds the pipelines to
// their fields, and checks the calls between functions for cycles.
#include "pipeline/pipeline_loader.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "graphql/did_you_mean.hpp"
#include "pipeline/config.hpp"
#include "pipeline/field_name.hpp"
#include "pipeline/runtime.hpp"
#include "pipeline/step_args.hpp"

namespace stashql::pipeline {
namespace {

using config::in_quotes;
using config::is_name;
using config::join;
using config::lookup;

namespace fs = std::filesystem;

constexpr std::string_view kFunctionPrefix = "function.";

std::string location_text(const std::string& file, Location loc) {
  return file + ":" + std::to_string(loc.line) + ":" + std::to_string(loc.column);
}

// One file, read and parsed in the first pass.
struct SourceFile {
  std::string path;      // as errors name it
  std::string relative;  // as run-time messages name it
  std::unique_ptr<config::Reader> reader;
  YAML::Node root;
};

// A function as the first pass knows it: enough to check calls to it.
struct FunctionEntry {
  Function* function = nullptr;  // owned by the loader's store, which pipelines keep alive
  SourceFile* file = nullptr;
  // Filled in the second pass: the functions its steps call, and where.
  std::vector<std::pair<const Function*, Location>> calls;
  std::size_t stash_ids = 0;
  TemplateChecks checks;  // what its templates read (roots, source keys, changing functions)
  bool writes = false;    // one of its own steps writes
};

class PipelineLoader {
 public:
  PipelineLoader(const PipelineSources& sources, const Schema& schema,
                 const FunctionRegistry& registry, const Datasources& datasources,
                 const Environment& env, std::vector<SourceError>& errors)
      : sources_(sources),
        schema_(schema),
        registry_(registry),
        datasources_(datasources),
        env_(env),
        errors_(errors) {}

  PipelineCounts load(Resolvers& resolvers) {
    read_files();
    for (SourceFile& file : files_)
      declare_function(file);
    for (auto& [name, entry] : functions_)
      build_function(entry);
    check_cycles();
    settle_async();
    std::vector<std::pair<const Field*, std::shared_ptr<Pipeline>>> bound;
    for (SourceFile& file : files_) {
      if (lookup(file.root, "resolver").IsDefined()) build_pipeline(file, bound);
    }
    for (SourceFile& file : files_) {
      for (SourceError& e : file.reader->errors())
        errors_.push_back(std::move(e));
    }
    if (!errors_.empty()) return {};  // the app's other problems, or these
    const PipelineCounts counts{bound.size(), store_->size()};
    for (auto& [field, pipeline] : bound)
      resolvers.set(*field, std::move(pipeline));
    return counts;
  }

 private:
  void read_files() {
    std::error_code ec;
    if (!fs::is_directory(sources_.folder, ec)) {
      errors_.push_back(
          SourceError{sources_.config_file.string(),
                      {},
                      "pipelines: \"" + sources_.folder.string() + "\" is not a folder"});
      return;
    }
    std::vector<fs::path> paths;
    for (fs::recursive_directory_iterator it(sources_.folder, ec), end; !ec && it != end;
         it.increment(ec)) {
      const fs::path& p = it->path();
      const std::string ext = p.extension().string();
      if (!it->is_regular_file(ec) || (ext != ".yaml" && ext != ".yml")) continue;
      if (fs::equivalent(p, sources_.config_file, ec)) continue;
      paths.push_back(p);
    }
    std::sort(paths.begin(), paths.end());
    for (const fs::path& p : paths) {
      SourceFile file;
      file.path = p.lexically_normal().string();
      file.relative =
          p.lexically_normal().lexically_relative(sources_.app_dir.lexically_normal()).string();
      file.reader = std::make_unique<config::Reader>(file.path, env_);
      std::ifstream in(p, std::ios::binary);
      std::ostringstream text;
      text << in.rdbuf();
      if (!in) {
        file.reader->error(Location{}, "cannot read the file");
      } else {
        try {
          file.root = YAML::Load(text.str());
        } catch (const YAML::Exception& e) {
          file.reader->error(Location{static_cast<std::uint32_t>(e.mark.line + 1),
                                      static_cast<std::uint32_t>(e.mark.column + 1)},
                             "invalid YAML: " + e.msg);
        }
        file.reader->set_source(std::move(text).str());
      }
      files_.push_back(std::move(file));
    }
  }

  // First pass: a function's name and arguments; complains about files that are neither.
  void declare_function(SourceFile& file) {
    config::Reader& reader = *file.reader;
    if (!reader.errors().empty()) return;
    const YAML::Node& root = file.root;
    if (!root.IsMap()) {
      reader.error(Location{1, 1},
                   "a pipeline file is a mapping with `resolver: Type.field` and `steps:`, a "
                   "function file one with `function: name` and `steps:`");
      return;
    }
    const bool is_pipeline = lookup(root, "resolver").IsDefined();
    const YAML::Node name_node = lookup(root, "function");
    if (is_pipeline == name_node.IsDefined()) {
      reader.error(location_of_root(root),
                   is_pipeline ? "a file holds a pipeline (`resolver:`) or a function "
                                 "(`function:`), not both"
                               : "missing key \"resolver\" (a pipeline: `resolver: Type.field`) "
                                 "or \"function\" (a reusable function: `function: name`)");
      return;
    }
    if (is_pipeline) return;
    reader.check_keys(root, {"function", "description", "args", "steps", "result"},
                      "a function file");
    std::optional<std::string> name = reader.string(name_node, "function");
    if (!name) return;
    if (!is_name(*name)) {
      reader.error(name_node, "function: " + in_quotes(*name) +
                                  " is not a name (letters, digits and _, not starting with a "
                                  "digit)");
      return;
    }
    auto [it, inserted] = functions_.try_emplace(*name);
    if (!inserted) {
      reader.error(name_node,
                   "function " + in_quotes(*name) + " is already defined at " +
                       location_text(it->second.file->path, it->second.function->location));
      return;
    }
    FunctionEntry& entry = it->second;
    entry.file = &file;
    store_->push_back(std::make_unique<Function>());
    entry.function = store_->back().get();
    entry.function->name = *name;
    entry.function->location = config::location_of(name_node);
    entry.function->body.file = file.relative;
    entry.function->body.owner = std::string(kFunctionPrefix) + *name;
    if (const YAML::Node args = lookup(root, "args")) {
      read_declared_args(reader, args, entry.function->args);
    }
  }

  static Location location_of_root(const YAML::Node& root) {
    Location loc = config::location_of(root);
    return loc.line == 0 ? Location{1, 1} : loc;
  }

  static void read_declared_args(config::Reader& reader, const YAML::Node& node,
                                 std::vector<std::string>& out) {
    auto add = [&](const YAML::Node& name_node) {
      if (!name_node.IsScalar() || !is_name(name_node.Scalar())) {
        reader.error(name_node, "args: each argument is a name");
        return;
      }
      if (std::find(out.begin(), out.end(), name_node.Scalar()) != out.end()) {
        reader.error(name_node, "args: " + in_quotes(name_node.Scalar()) + " is declared twice");
        return;
      }
      out.push_back(name_node.Scalar());
    };
    if (node.IsSequence()) {
      for (const YAML::Node& item : node)
        add(item);
    } else if (node.IsMap()) {
      for (const auto& member : node) {
        add(member.first);
        if (!member.second.IsScalar() && !member.second.IsNull()) {
          reader.error(member.second, "args: describe an argument with a string");
        }
      }
    } else {
      reader.error(node, "args must be a list of names, or a mapping of names to descriptions");
    }
  }

  void build_function(FunctionEntry& entry) {
    SourceFile& file = *entry.file;
    TemplateChecks checks;
    checks.arg_names = &entry.function->args;
    checks.args_owner = "function " + entry.function->name;
    const YAML::Node& root = file.root;
    read_body(file, root, entry.function->body, checks, &entry.calls);
    entry.stash_ids = count_ids(entry.function->body);
    entry.writes = any_writes(entry.function->body);
    entry.checks = std::move(checks);
  }

  void build_pipeline(SourceFile& file,
                      std::vector<std::pair<const Field*, std::shared_ptr<Pipeline>>>& bound) {
    config::Reader& reader = *file.reader;
    const YAML::Node& root = file.root;
    reader.check_keys(root, {"resolver", "description", "steps", "result"}, "a pipeline file");
    const YAML::Node resolver_node = lookup(root, "resolver");
    std::optional<std::string> resolver = reader.string(resolver_node, "resolver");
    if (!resolver) return;
    const Field* field = bind(reader, resolver_node, *resolver);
    if (field == nullptr) return;
    if (auto [it, inserted] = bindings_.try_emplace(
            field, location_text(file.path, config::location_of(resolver_node)));
        !inserted) {
      reader.error(resolver_node, *resolver + " already has a pipeline, at " + it->second);
      return;
    }
    std::vector<std::string> arg_names;
    for (const InputValue& arg : field->arguments)
      arg_names.push_back(arg.name);
    TemplateChecks checks;
    checks.arg_names = &arg_names;
    checks.args_owner = "the field " + *resolver;
    StepList steps;
    steps.file = file.relative;
    steps.owner = *resolver;
    std::vector<std::pair<const Function*, Location>> calls;
    if (!read_body(file, root, steps, checks, &calls)) return;
    // The roots and stash keys of the functions it calls, however deep.
    expr::RootSet roots = checks.roots;
    std::size_t stash_size = count_ids(steps);
    bool writes = any_writes(steps);
    std::set<const Function*> seen;
    std::vector<const Function*> pending;
    pending.reserve(calls.size());
    for (const auto& [f, loc] : calls)
      pending.push_back(f);
    while (!pending.empty()) {
      const Function* f = pending.back();
      pending.pop_back();
      if (!seen.insert(f).second) continue;
      const FunctionEntry& entry = functions_.at(f->name);
      roots |= entry.checks.roots;
      stash_size += entry.stash_ids;
      writes = writes || entry.writes;
      merge_source_reads(checks, entry.checks);
      for (const auto& [g, loc] : entry.calls)
        pending.push_back(g);
    }
    steps.is_async = any_async(steps);
    // Items of a batch may share a run when nothing tells them apart but what the key holds.
    std::optional<std::vector<std::string>> run_key;
    if (!writes && !checks.changes && !checks.source_whole &&
        (roots & expr::root_bit(expr::Root::info)) == 0) {
      run_key = std::move(checks.source_keys);
    }
    bound.emplace_back(field, std::make_shared<Pipeline>(std::move(steps), roots, stash_size,
                                                         std::move(run_key), store_));
  }

  // The field a `resolver:` names, or nullptr after an error.
  const Field* bind(config::Reader& reader, const YAML::Node& node, const std::string& name) {
    NamedField named = find_named_field(schema_, name);
    if (named.field == nullptr) {
      reader.error(node, "resolver " +
                             (named.error.rfind("must be", 0) == 0 ? "" : in_quotes(name) + ": ") +
                             named.error);
    }
    return named.field;
  }

  // Reads `steps:` and `result:` of a pipeline or function file. False after errors.
  bool read_body(SourceFile& file, const YAML::Node& root, StepList& out, TemplateChecks& checks,
                 std::vector<std::pair<const Function*, Location>>* calls) {
    config::Reader& reader = *file.reader;
    const std::size_t errors_before = reader.errors().size();
    const YAML::Node steps = lookup(root, "steps");
    if (!steps.IsDefined()) {
      reader.error(location_of_root(root), "missing key \"steps\": the list of steps");
    } else if (steps.IsNull()) {
      // `steps:` with nothing: a pipeline that returns its result (or null).
    } else if (!steps.IsSequence()) {
      reader.error(steps, "steps must be a list of steps");
    } else {
      std::map<std::string, Location, std::less<>> ids;
      std::size_t number = 0;
      for (const YAML::Node& node : steps) {
        std::optional<Step> step = read_step(file, node, out.owner, ++number, ids, checks, calls);
        if (step) out.steps.push_back(std::move(*step));
      }
    }
    if (const YAML::Node result = lookup(root, "result")) {
      out.result = read_value_template(reader, result, checks);
      out.result_location = config::location_of(result);
    }
    return reader.errors().size() == errors_before;
  }

  std::optional<Step> read_step(SourceFile& file, const YAML::Node& node, const std::string& owner,
                                std::size_t number,
                                std::map<std::string, Location, std::less<>>& ids,
                                TemplateChecks& checks,
                                std::vector<std::pair<const Function*, Location>>* calls) {
    config::Reader& reader = *file.reader;
    Step step;
    step.number = number;
    step.location = config::location_of(node);
    if (!node.IsMap()) {
      reader.error(node, "step " + std::to_string(number) +
                             " must be a mapping with `use:` naming its unit function");
      return std::nullopt;
    }
    const YAML::Node use_node = lookup(node, "use");
    if (!use_node.IsDefined()) {
      reader.error(node,
                   "step " + std::to_string(number) + " needs \"use\": the unit function it runs");
      return std::nullopt;
    }
    std::optional<std::string> use = reader.string(use_node, "use");
    if (!use) return std::nullopt;
    step.use = *use;
    std::string what = "step " + std::to_string(number) + " (" + *use + ")";

    const FunctionSpec* spec = nullptr;
    const FunctionEntry* callee = nullptr;
    std::vector<std::string_view> keys = {"id", "use", "if", "description"};
    if (use->rfind(kFunctionPrefix, 0) == 0) {
      const std::string name = use->substr(kFunctionPrefix.size());
      auto it = functions_.find(name);
      if (it == functions_.end() || it->second.function == nullptr) {
        std::vector<std::string_view> options;
        for (const auto& [n, e] : functions_)
          options.push_back(n);
        reader.error(use_node,
                     "unknown function " + in_quotes(name) +
                         (options.empty() ? " (the app defines no functions)"
                                          : "." + did_you_mean(suggestion_list(name, options))));
        return std::nullopt;
      }
      callee = &it->second;
      keys.push_back("with");
    } else {
      spec = registry_.find(*use);
      if (spec == nullptr) {
        std::vector<std::string> names = registry_.names();
        std::vector<std::string_view> options(names.begin(), names.end());
        reader.error(use_node, "unknown unit function " + in_quotes(*use) + "." +
                                   did_you_mean(suggestion_list(*use, options)));
        return std::nullopt;
      }
      keys.insert(keys.end(), spec->keys.begin(), spec->keys.end());
      if (spec->datasource) keys.push_back("datasource");
    }
    const std::size_t errors_before = reader.errors().size();
    reader.check_keys(node, keys, what);
    bool ok = reader.errors().size() == errors_before;
    if (const YAML::Node id_node = lookup(node, "id")) {
      std::optional<std::string> id = reader.string(id_node, "id");
      if (id && !is_name(*id)) {
        reader.error(id_node,
                     "id " + in_quotes(*id) + " is not a name: the result is read as stash." + *id);
        ok = false;
      } else if (id) {
        const Location at = config::location_of(id_node);
        if (auto [it, inserted] = ids.try_emplace(*id, at); !inserted) {
          reader.error(id_node, "step id " + in_quotes(*id) + " is used twice in " + owner +
                                    " (first at line " + std::to_string(it->second.line) + ")");
          ok = false;
        }
        step.id = *id;
      } else {
        ok = false;
      }
    }
    if (const YAML::Node if_node = lookup(node, "if")) {
      step.condition = read_expression(reader, if_node, what + ": if", checks);
      ok = ok && step.condition.has_value();
    }
    if (const YAML::Node d = lookup(node, "description"); d && !d.IsScalar()) {
      reader.error(d, what + ": description must be a string");
      ok = false;
    }

    {
      Object arguments;
      for (const auto& member : node) {
        const std::string& key = member.first.Scalar();
        if (key != "id" && key != "use" && key != "if" && key != "description") {
          arguments.emplace_back(key, yaml_value(member.second));
        }
      }
      step.arguments = Value(std::move(arguments));
    }
    if (callee != nullptr) {
      std::optional<expr::ValueTemplate> with = expr::ValueTemplate{};
      if (const YAML::Node with_node = lookup(node, "with")) {
        if (!with_node.IsMap()) {
          reader.error(with_node, what + ": with must be a mapping of the function's arguments");
          return std::nullopt;
        }
        for (const auto& member : with_node) {
          const std::vector<std::string>& declared = callee->function->args;
          if (std::find(declared.begin(), declared.end(), member.first.Scalar()) ==
              declared.end()) {
            reader.error(member.first,
                         what + ": function " + callee->function->name + " has no argument " +
                             in_quotes(member.first.Scalar()) +
                             (declared.empty() ? " (it declares none)"
                                               : " (it declares: " + join(declared) + ")"));
            ok = false;
          }
        }
        with = read_value_template(reader, with_node, checks);
      }
      if (!ok || !with) return std::nullopt;
      step.function = std::make_unique<CallFunction>(*callee->function, std::move(*with));
      if (calls != nullptr) calls->emplace_back(callee->function, config::location_of(use_node));
      return step;
    }

    YamlStepArgs args(reader, node, checks, owner, what);
    if (spec->datasource) {
      const DatasourceConfig* ds = find_datasource(reader, node, *spec, what);
      if (ds == nullptr) return std::nullopt;
      args.set_datasource(ds);
      step.datasource = ds;
    }
    step.effect = spec->effect;
    step.result = spec->result;
    if (!ok) return std::nullopt;
    const std::size_t errors_before_build = reader.errors().size();
    step.function = spec->build(args);
    if (step.function == nullptr) {
      if (reader.errors().size() == errors_before_build) {
        reader.error(node, what + ": invalid step");
      }
      return std::nullopt;
    }
    return step;
  }

  const DatasourceConfig* find_datasource(config::Reader& reader, const YAML::Node& step,
                                          const FunctionSpec& spec, const std::string& what) {
    const DatasourceKind kind = *spec.datasource;
    const std::string kind_name(datasource_kind_name(kind));
    if (const YAML::Node n = lookup(step, "datasource")) {
      std::optional<std::string> name = reader.string(n, "datasource");
      if (!name) return nullptr;
      std::vector<std::string_view> options;
      for (const DatasourceConfig& ds : datasources_) {
        if (ds.name == *name) {
          if (ds.kind == kind) return &ds;
          reader.error(n, what + ": datasource " + in_quotes(*name) + " is a " +
                              std::string(datasource_kind_name(ds.kind)) + " datasource; " +
                              spec.name + " needs a " + kind_name + " one");
          return nullptr;
        }
        if (ds.kind == kind) options.push_back(ds.name);
      }
      reader.error(n, what + ": datasource " + in_quotes(*name) +
                          " is not declared under `datasources:` in the app's configuration." +
                          did_you_mean(suggestion_list(*name, options)));
      return nullptr;
    }
    const DatasourceConfig* only = nullptr;
    int count = 0;
    for (const DatasourceConfig& ds : datasources_) {
      if (ds.kind == kind) {
        only = &ds;
        ++count;
      }
    }
    if (count == 1) return only;
    reader.error(step, count == 0 ? what + " needs a " + kind_name +
                                        " datasource: declare one under `datasources:` in the "
                                        "app's configuration"
                                  : what + ": the app has several " + kind_name +
                                        " datasources; name one with `datasource:`");
    return nullptr;
  }

  static std::size_t count_ids(const StepList& list) {
    std::size_t n = 0;
    for (const Step& s : list.steps)
      n += s.id.empty() ? 0 : 1;
    return n;
  }

  static bool any_writes(const StepList& list) {
    return std::any_of(list.steps.begin(), list.steps.end(),
                       [](const Step& s) { return s.effect == Effect::writes; });
  }

  // Adds what a called function's templates read of `source` to the caller's: its steps run
  // with the caller's roots.
  static void merge_source_reads(TemplateChecks& into, const TemplateChecks& from) {
    into.source_whole = into.source_whole || from.source_whole;
    into.changes = into.changes || from.changes;
    for (const std::string& key : from.source_keys)
      into.add_source_key(key);
  }

  static bool any_async(const StepList& list) {
    return std::any_of(list.steps.begin(), list.steps.end(),
                       [](const Step& s) { return s.function && s.function->is_async(); });
  }

  // Functions that call themselves, directly or through others, would never end.
  void check_cycles() {
    enum class Mark { none, active, done };
    std::map<const Function*, Mark> marks;
    std::vector<const Function*> path;
    std::function<void(const FunctionEntry&)> visit = [&](const FunctionEntry& entry) {
      marks[entry.function] = Mark::active;
      path.push_back(entry.function);
      for (const auto& [callee, loc] : entry.calls) {
        const Mark m = marks[callee];
        if (m == Mark::active) {
          std::string cycle;
          bool in = false;
          for (const Function* f : path) {
            in = in || f == callee;
            if (in) cycle += "function." + f->name + " → ";
          }
          cycle += "function." + callee->name;
          entry.file->reader->error(loc,
                                    "functions call each other in a cycle, which would "
                                    "never end: " +
                                        cycle);
        } else if (m == Mark::none) {
          visit(functions_.at(callee->name));
        }
      }
      path.pop_back();
      marks[entry.function] = Mark::done;
    };
    for (auto& [name, entry] : functions_) {
      if (entry.function && marks[entry.function] == Mark::none) visit(entry);
    }
  }

  // A function is asynchronous when any of its steps is, through calls too: iterate to the
  // fixed point (the call graph has no cycles once check_cycles passed, so it ends).
  void settle_async() {
    for (std::size_t round = 0; round <= functions_.size(); ++round) {
      bool changed = false;
      for (auto& [name, entry] : functions_) {
        if (!entry.function) continue;
        const bool async = any_async(entry.function->body);
        changed = changed || async != entry.function->body.is_async;
        entry.function->body.is_async = async;
      }
      if (!changed) break;
    }
  }

  const PipelineSources& sources_;
  const Schema& schema_;
  const FunctionRegistry& registry_;
  const Datasources& datasources_;
  const Environment& env_;
  std::vector<SourceError>& errors_;
  std::vector<SourceFile> files_;
  std::map<std::string, FunctionEntry, std::less<>> functions_;
  std::map<const Field*, std::string> bindings_;
  std::shared_ptr<std::vector<std::unique_ptr<Function>>> store_ =
      std::make_shared<std::vector<std::unique_ptr<Function>>>();
};

}  // namespace

PipelineCounts load_pipelines(const PipelineSources& sources, const Schema& schema,
                              const FunctionRegistry& functions, const Datasources& datasources,
                              const Environment& env, Resolvers& resolvers,
                              std::vector<SourceError>& errors) {
  return PipelineLoader(sources, schema, functions, datasources, env, errors).load(resolvers);
}

}  // namespace stashql::pipeline
