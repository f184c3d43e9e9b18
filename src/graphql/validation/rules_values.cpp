// Rules on input values (spec §5.6): every literal fits the type expected where it stands,
// and an input object names each field once.
#include <string>
#include <unordered_map>
#include <vector>

#include "graphql/validation/literal.hpp"
#include "graphql/validation/rules.hpp"

namespace stashql::validation {
namespace {

class ValuesOfCorrectType : public Rule {
 public:
  explicit ValuesOfCorrectType(ValidationContext& context)
      : context_(context), sink_([&context](std::string message, Location loc) {
          context.report(std::move(message), {loc});
        }) {}

  Flow enter_value(const ast::ValueNode& value) override {
    const TypeInfo& type_info = context_.type_info();
    return check_value_node(value, type_info.input_type(), type_info.parent_input_type(), sink_)
               ? Flow::visit
               : Flow::skip;
  }

  Flow enter_object_field(const ast::ObjectField& field) override {
    const TypeInfo& type_info = context_.type_info();
    check_object_field(field, type_info.input_type(), type_info.parent_input_type(), sink_);
    return Flow::visit;
  }

 private:
  ValidationContext& context_;
  LiteralErrorSink sink_;
};

class UniqueInputFieldNames : public Rule {
 public:
  explicit UniqueInputFieldNames(ValidationContext& context) : context_(context) {}

  Flow enter_value(const ast::ValueNode& value) override {
    if (value.kind == ast::ValueNode::Kind::object) known_.emplace_back();
    return Flow::visit;
  }
  void leave_value(const ast::ValueNode& value) override {
    if (value.kind == ast::ValueNode::Kind::object) known_.pop_back();
  }
  Flow enter_object_field(const ast::ObjectField& field) override {
    if (known_.empty()) return Flow::visit;
    auto [it, inserted] = known_.back().try_emplace(field.name.value, field.name.loc);
    if (!inserted) {
      context_.report("There can be only one input field named \"" + field.name.value + "\".",
                      {it->second, field.name.loc});
    }
    return Flow::visit;
  }

 private:
  ValidationContext& context_;
  std::vector<std::unordered_map<std::string_view, Location>> known_;
};

}  // namespace

std::unique_ptr<Rule> make_values_of_correct_type_rule(ValidationContext& context) {
  return std::make_unique<ValuesOfCorrectType>(context);
}
std::unique_ptr<Rule> make_unique_input_field_names_rule(ValidationContext& context) {
  return std::make_unique<UniqueInputFieldNames>(context);
}

}  // namespace stashql::validation
