// An Observer that makes a run dry (`stashql run --dry`, `query --dry`) and keeps every line
// the write steps recorded instead of writing, in order: integration tests set it on an
// AppRunner (observe) and compare the lines and the backend's state before and after.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "pipeline/runtime.hpp"

namespace stashql::testing {

class DryRecorder final : public pipeline::Observer {
 public:
  bool dry() const override { return true; }
  void skipped(const pipeline::StepList&, const pipeline::Step&,
               const pipeline::StepContext&) override {}
  void starting(const pipeline::StepList&, const pipeline::Step&,
                const pipeline::StepContext&) override {}
  void finished(const pipeline::StepList&, const pipeline::Step&,
                const pipeline::StepContext& context, const pipeline::StepOutcome&) override {
    if (context.dry == nullptr) return;
    for (const std::string& line : context.dry->writes)
      writes_.push_back(line);
  }

  // Every line recorded so far, and forgets them.
  std::vector<std::string> take() { return std::exchange(writes_, {}); }

 private:
  std::vector<std::string> writes_;
};

}  // namespace stashql::testing
