// The trace of pipeline runs that `stashql run` and `stashql query --trace` print: for each
// step, its number and id, unit function, rendered arguments, time, result, stash changes and
// the writes a dry run intercepted; skipped steps with their reason. A Tracer is the runtime's
// Observer for one command; printing is separate, for people (aligned, coloured on a
// terminal) or as JSON (docs/cli.md documents the shape).
#pragma once

#include <chrono>
#include <cstddef>
#include <iosfwd>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <stashql/resolver.hpp>
#include <stashql/value.hpp>

#include "cli/style.hpp"
#include "pipeline/runtime.hpp"

namespace stashql::cli {

enum class StepStatus : std::uint8_t {
  ran,          // it ran and the pipeline went on
  returned,     // `return`: the pipeline ended with its value
  failed,       // `fail` or a run-time error: the field is null
  skipped,      // its `if:` was false
  not_reached,  // an earlier step ended the pipeline
};

struct StepRecord {
  std::string number;  // "3"; "4.1" for the first step of a function that step 4 calls
  std::size_t depth = 0;
  std::string id;
  std::string use;
  StepStatus status = StepStatus::ran;
  std::string reason;  // why it was skipped or not reached
  Value arguments;     // rendered where they could be, as written otherwise
  std::chrono::nanoseconds took{};
  Value result;
  bool kept = false;  // auth, append_error: the step passed the previous result on
  std::optional<FieldError> failure;
  std::vector<std::pair<std::string, Value>> stash;  // what it set, key → value
  std::vector<std::string> writes;                   // dry run: what it would have written
};

struct RunRecord {
  std::string field;  // "Query.post"
  std::string file;   // its pipeline file, relative to the app
  std::string path;   // the response path: "posts.items[0].author"
  std::vector<StepRecord> steps;
  const pipeline::StepList* list = nullptr;
};

class Tracer final : public pipeline::Observer {
 public:
  enum class Mode : std::uint8_t { live, dry };
  explicit Tracer(Mode mode) : mode_(mode) {}

  bool dry() const override { return mode_ == Mode::dry; }
  void skipped(const pipeline::StepList& list, const pipeline::Step& step,
               const pipeline::StepContext& context) override;
  void starting(const pipeline::StepList& list, const pipeline::Step& step,
                const pipeline::StepContext& context) override;
  void finished(const pipeline::StepList& list, const pipeline::Step& step,
                const pipeline::StepContext& context,
                const pipeline::StepOutcome& outcome) override;

  // The runs, in the order they started, each with the steps it never reached.
  std::vector<RunRecord> take_runs();

 private:
  struct Open {
    std::size_t record = 0;
    std::chrono::steady_clock::time_point start;
    Value stash_before;
  };
  struct Live {
    std::size_t run = 0;
    std::vector<Open> open;  // the step running, and the steps of the functions it calls
  };

  // The run a step belongs to (a new one for the first step of a pipeline) and its record.
  StepRecord& record(const pipeline::StepList& list, const pipeline::Step& step,
                     const pipeline::StepContext& context, Live*& live);

  Mode mode_;
  std::unordered_map<const ResolveInfo*, Live> live_;
  std::vector<RunRecord> runs_;
};

struct TraceFormat {
  Style style;
  bool full = false;  // results whole instead of shortened
};

// Prints a run's steps for people: a header, then one aligned block per step.
void print_run(std::ostream& out, const RunRecord& run, const TraceFormat& format);
// The summary line: "4 steps ran, 1 skipped, 2 writes intercepted".
std::string summarize(const std::vector<RunRecord>& runs);
// A run as JSON (docs/cli.md): results and arguments whole.
Value run_to_json(const RunRecord& run);
// A duration for people: "0.41 ms", "12.3 ms", "1.20 s".
std::string format_duration(std::chrono::nanoseconds d);
// Compact JSON of `v`, cut to about `max` bytes (at a character boundary) with "…" when longer.
std::string shortened_json(const Value& v, std::size_t max);

}  // namespace stashql::cli
