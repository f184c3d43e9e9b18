// The validation rules, one factory each, named as graphql-js names them. validate() runs
// them in graphql-js's specifiedRules order, which decides the order of the errors.
#pragma once

#include <memory>

#include "graphql/validation/context.hpp"

namespace stashql::validation {

// rules_documents.cpp
std::unique_ptr<Rule> make_executable_definitions_rule(ValidationContext& context);
std::unique_ptr<Rule> make_unique_operation_names_rule(ValidationContext& context);
std::unique_ptr<Rule> make_lone_anonymous_operation_rule(ValidationContext& context);
std::unique_ptr<Rule> make_single_field_subscriptions_rule(ValidationContext& context);
// rules_types.cpp
std::unique_ptr<Rule> make_known_type_names_rule(ValidationContext& context);
std::unique_ptr<Rule> make_fragments_on_composite_types_rule(ValidationContext& context);
std::unique_ptr<Rule> make_variables_are_input_types_rule(ValidationContext& context);
// rules_fields.cpp
std::unique_ptr<Rule> make_scalar_leafs_rule(ValidationContext& context);
std::unique_ptr<Rule> make_fields_on_correct_type_rule(ValidationContext& context);
// rules_fragments.cpp
std::unique_ptr<Rule> make_unique_fragment_names_rule(ValidationContext& context);
std::unique_ptr<Rule> make_known_fragment_names_rule(ValidationContext& context);
std::unique_ptr<Rule> make_no_unused_fragments_rule(ValidationContext& context);
std::unique_ptr<Rule> make_possible_fragment_spreads_rule(ValidationContext& context);
std::unique_ptr<Rule> make_no_fragment_cycles_rule(ValidationContext& context);
// rules_variables.cpp
std::unique_ptr<Rule> make_unique_variable_names_rule(ValidationContext& context);
std::unique_ptr<Rule> make_no_undefined_variables_rule(ValidationContext& context);
std::unique_ptr<Rule> make_no_unused_variables_rule(ValidationContext& context);
std::unique_ptr<Rule> make_variables_in_allowed_position_rule(ValidationContext& context);
// rules_directives.cpp
std::unique_ptr<Rule> make_known_directives_rule(ValidationContext& context);
std::unique_ptr<Rule> make_unique_directives_per_location_rule(ValidationContext& context);
// rules_arguments.cpp
std::unique_ptr<Rule> make_known_argument_names_rule(ValidationContext& context);
std::unique_ptr<Rule> make_unique_argument_names_rule(ValidationContext& context);
std::unique_ptr<Rule> make_provided_required_arguments_rule(ValidationContext& context);
// rules_values.cpp
std::unique_ptr<Rule> make_values_of_correct_type_rule(ValidationContext& context);
std::unique_ptr<Rule> make_unique_input_field_names_rule(ValidationContext& context);
// overlapping_fields.cpp
std::unique_ptr<Rule> make_overlapping_fields_can_be_merged_rule(ValidationContext& context);
// rules_introspection.cpp
std::unique_ptr<Rule> make_max_introspection_depth_rule(ValidationContext& context);

}  // namespace stashql::validation
