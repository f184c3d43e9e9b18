// What the checks of `stashql check` (lint.cpp, lint_shapes.cpp) share: the app's pipelines
// with the functions each one calls, what a step reads, and the shape of the values a step
// list can end with, as far as its YAML tells. Internal to src/pipeline/.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <stashql/app.hpp>
#include <stashql/expression.hpp>
#include <stashql/schema.hpp>

#include "pipeline/lint.hpp"
#include "pipeline/runtime.hpp"

namespace stashql::pipeline::lint {

// A pipeline bound to a field, and every function it calls however deep (each once, in the
// order of its steps).
struct PipelineEntry {
  const Type* type = nullptr;
  const Field* field = nullptr;
  const Pipeline* pipeline = nullptr;
  std::string name;  // "Query.posts"
  std::vector<const Function*> functions;
};

// The function a `use: function.x` step calls; nullptr for other steps.
const Function* called_function(const Step& step);

// The roots and stash keys a step's `if:` and arguments read (templates, and expressions such
// as `where:` written without braces).
struct Reads {
  expr::RootSet roots = 0;
  std::vector<std::string> stash_keys;  // `stash.user.name` reads "user"
};
Reads reads_of(const Step& step);
Reads reads_of(const expr::ValueTemplate& value);

// An `if:` that is always false.
bool never_runs(const Step& step);
// A `return` or `fail` that always runs (no `if:`, or one that is always true).
bool always_ends(const Step& step);
// Whether a field's values come in a list: [T], [T]!, [[T]], …
bool has_list(TypeRef type);

// "step 3 (redis.get)".
std::string step_name(const Step& step);

// The kind of a value as far as the YAML tells (unknown: a `{{ expr }}` alone, or a function
// that does not say).
enum class Shape : std::uint8_t { unknown, null, object, list, string, integer, number, boolean };

// "an object", "a list", …
std::string_view describe(Shape shape);

// One value a step list can end with: a `return`, `result:`, or the last step's result.
struct Produced {
  Shape shape = Shape::unknown;
  bool keys_known = false;        // an object written as a mapping
  std::vector<std::string> keys;  // its keys
  const StepList* list = nullptr;
  Location location;  // the step's; line 0 for `result:`
  std::string what;   // "step 4 (set)", "result:"
};

// Every value `list` can end with (a `fail` ends with none).
std::vector<Produced> final_values(const StepList& list);

// Collects the warnings of one app; the checks live in lint.cpp and lint_shapes.cpp.
class Linter {
 public:
  explicit Linter(const App& app);
  std::vector<Warning> run();

 private:
  void collect();
  // lint.cpp
  void check_unreachable_steps(const StepList& list);
  void check_stash_reads();
  void check_unused_datasources();
  void check_writes_in_query();
  void check_n_plus_one();
  // lint_shapes.cpp
  void check_root_fields();
  void check_object_fields();
  void check_result_types();

  void warn(std::string code, const StepList& list, Location location, std::string message);
  void warn(std::string code, std::string file, Location location, std::string message);
  std::string file_of(const StepList& list) const;

  const App& app_;
  const Schema& schema_;
  const Resolvers& resolvers_;
  std::vector<PipelineEntry> pipelines_;
  std::vector<const StepList*> lists_;  // the pipelines', then the functions' (each once)
  std::vector<Warning> warnings_;
};

}  // namespace stashql::pipeline::lint
