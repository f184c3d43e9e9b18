// Validation: the rules on input values (ValuesOfCorrectType, UniqueInputFieldNames).
// Expected errors are graphql-js 16's, messages and locations alike.
#include "graphql/validation/literal.hpp"
#include "graphql/validation/suggestions.hpp"
#include "unit/graphql/validation_test_support.hpp"

namespace stashql::validation_test {
namespace {

TEST(ValuesOfCorrectType, AcceptsValidLiteralsOfEveryScalar) {
  EXPECT_EQ(errors(R"(
      {
        complicatedArgs {
          intArgField(intArg: -2147483648)
          floatArgField(floatArg: 1)
          f2: floatArgField(floatArg: -1.5e3)
          stringArgField(stringArg: """block""")
          booleanArgField(booleanArg: false)
          idArgField(idArg: 1)
          id2: idArgField(idArg: "someIdString")
          enumArgField(enumArg: NO_FUR)
          anyArgField(anyArg: {a: [1, "x", {b: null}], c: ENUM})
        }
      })"),
            Errors{});
}

TEST(ValuesOfCorrectType, RejectsWrongIntLiterals) {
  EXPECT_EQ(errors(R"(
      {
        complicatedArgs {
          a: intArgField(intArg: "3")
          b: intArgField(intArg: 2147483648)
          c: intArgField(intArg: -2147483649)
          d: intArgField(intArg: 3.0)
          e: intArgField(intArg: FOUR)
        }
      })"),
            (Errors{"Int cannot represent non-integer value: \"3\" @ 4:34",
                    "Int cannot represent non 32-bit signed integer value: 2147483648 @ 5:34",
                    "Int cannot represent non 32-bit signed integer value: -2147483649 @ 6:34",
                    "Int cannot represent non-integer value: 3.0 @ 7:34",
                    "Int cannot represent non-integer value: FOUR @ 8:34"}));
}

TEST(ValuesOfCorrectType, RejectsWrongFloatStringAndBooleanLiterals) {
  EXPECT_EQ(errors(R"(
      {
        complicatedArgs {
          floatArgField(floatArg: "3.333")
          stringArgField(stringArg: 1)
          b1: booleanArgField(booleanArg: 1)
          b2: booleanArgField(booleanArg: "true")
          b3: booleanArgField(booleanArg: TRUE)
        }
      })"),
            (Errors{"Float cannot represent non numeric value: \"3.333\" @ 4:35",
                    "String cannot represent a non string value: 1 @ 5:37",
                    "Boolean cannot represent a non boolean value: 1 @ 6:43",
                    "Boolean cannot represent a non boolean value: \"true\" @ 7:43",
                    "Boolean cannot represent a non boolean value: TRUE @ 8:43"}));
}

TEST(ValuesOfCorrectType, RejectsWrongIdLiterals) {
  EXPECT_EQ(
      errors(
          R"({ complicatedArgs { a: idArgField(idArg: 1.0) b: idArgField(idArg: true) c: idArgField(idArg: SOMETHING) } })"),
      (Errors{"ID cannot represent a non-string and non-integer value: 1.0 @ 1:42",
              "ID cannot represent a non-string and non-integer value: true @ 1:68",
              "ID cannot represent a non-string and non-integer value: SOMETHING @ 1:95"}));
}

TEST(ValuesOfCorrectType, RejectsWrongEnumLiteralsWithSuggestions) {
  EXPECT_EQ(errors(R"(
      {
        dog {
          a: doesKnowCommand(dogCommand: 2)
          b: doesKnowCommand(dogCommand: "SIT")
          c: doesKnowCommand(dogCommand: sit)
          d: doesKnowCommand(dogCommand: JUGGLE)
          e: doesKnowCommand(dogCommand: true)
        }
      })"),
            (Errors{"Enum \"DogCommand\" cannot represent non-enum value: 2. @ 4:42",
                    "Enum \"DogCommand\" cannot represent non-enum value: \"SIT\". Did you mean "
                    "the enum value \"SIT\"? @ 5:42",
                    "Value \"sit\" does not exist in \"DogCommand\" enum. Did you mean the enum "
                    "value \"SIT\"? @ 6:42",
                    "Value \"JUGGLE\" does not exist in \"DogCommand\" enum. @ 7:42",
                    "Enum \"DogCommand\" cannot represent non-enum value: true. @ 8:42"}));
}

TEST(ValuesOfCorrectType, RejectsNullInNonNullPositions) {
  EXPECT_EQ(
      errors(
          R"({ complicatedArgs { nonNullIntArgField(nonNullIntArg: null) stringListNonNullArgField(stringListNonNullArg: ["a", null]) } })"),
      (Errors{"Expected value of type \"Int!\", found null. @ 1:55",
              "Expected value of type \"String!\", found null. @ 1:115"}));
}

TEST(ValuesOfCorrectType, CoercesASingleItemToAList) {
  EXPECT_EQ(
      errors(
          R"({ complicatedArgs { stringListArgField(stringListArg: "one") stringListNonNullArgField(stringListNonNullArg: "two") } })"),
      Errors{});
}

TEST(ValuesOfCorrectType, RejectsWrongListItemsAndNestedLists) {
  EXPECT_EQ(
      errors(
          R"({ complicatedArgs { a: stringListArgField(stringListArg: ["one", 2]) b: stringListArgField(stringListArg: [["nested"]]) c: intArgField(intArg: [1]) } })"),
      (Errors{"String cannot represent a non string value: 2 @ 1:66",
              "String cannot represent a non string value: [\"nested\"] @ 1:108",
              "Int cannot represent non-integer value: [1] @ 1:144"}));
}

TEST(ValuesOfCorrectType, RejectsMissingRequiredInputFields) {
  EXPECT_EQ(errors(R"({ complicatedArgs { complexArgField(complexArg: { intField: 4 }) } })"),
            (Errors{"Field \"ComplexInput.requiredField\" of required type \"Boolean!\" was not "
                    "provided. @ 1:49"}));
}

TEST(ValuesOfCorrectType, AcceptsInputObjectsWithDefaultsForNonNullFields) {
  EXPECT_EQ(
      errors(
          R"({ complicatedArgs { complexArgField(complexArg: { requiredField: true, stringListField: ["a"] }) } })"),
      Errors{});
}

TEST(ValuesOfCorrectType, RejectsUnknownInputFieldsWithSuggestions) {
  EXPECT_EQ(
      errors(
          R"({ complicatedArgs { complexArgField(complexArg: { requiredField: true, invalidField: "value", intFeld: 1 }) } })"),
      (Errors{"Field \"invalidField\" is not defined by type \"ComplexInput\". Did you mean "
              "\"intField\"? @ 1:72",
              "Field \"intFeld\" is not defined by type \"ComplexInput\". Did you mean "
              "\"intField\"? @ 1:95"}));
}

TEST(ValuesOfCorrectType, RejectsScalarsAndListsWhereAnInputObjectIsExpected) {
  EXPECT_EQ(
      errors(
          R"({ complicatedArgs { a: complexArgField(complexArg: 1) b: complexArgField(complexArg: [{requiredField: true}, 2]) c: intArgField(intArg: {a: 1}) } })"),
      (Errors{"Expected value of type \"ComplexInput\", found 1. @ 1:52",
              "Expected value of type \"ComplexInput\", found [{requiredField: true}, 2]. @ 1:86",
              "Int cannot represent non-integer value: {a: 1} @ 1:137"}));
}

TEST(ValuesOfCorrectType, ChecksDirectiveArguments) {
  EXPECT_EQ(
      errors(
          R"({ dog @include(if: "yes") { name @skip(if: ENUM) @withArgs(required: 1, list: [1, "2"]) } })"),
      (Errors{"Boolean cannot represent a non boolean value: \"yes\" @ 1:20",
              "Boolean cannot represent a non boolean value: ENUM @ 1:44",
              "Int cannot represent non-integer value: \"2\" @ 1:83"}));
}

TEST(ValuesOfCorrectType, ChecksVariableDefaultValues) {
  EXPECT_EQ(errors(R"(
      query Q($a: Int = "one", $b: [String] = [1, "two"], $c: ComplexInput = {requiredField: null, intField: "x"}, $d: Int! = null) {
        complicatedArgs { intArgField(intArg: $a) stringListArgField(stringListArg: $b) complexArgField(complexArg: $c) i2: intArgField(intArg: $d) }
      })"),
            (Errors{"Int cannot represent non-integer value: \"one\" @ 2:25",
                    "String cannot represent a non string value: 1 @ 2:48",
                    "Expected value of type \"Boolean!\", found null. @ 2:94",
                    "Int cannot represent non-integer value: \"x\" @ 2:110",
                    "Expected value of type \"Int!\", found null. @ 2:127"}));
}

TEST(ValuesOfCorrectType, PrintsStringsAndBlockStringsAsWritten) {
  EXPECT_EQ(
      errors(R"(
      { complicatedArgs { a: intArgField(intArg: "quote \" and \u00e9") b: intArgField(intArg: """line one
      line two""") } })"),
      (Errors{
          "Int cannot represent non-integer value: \"quote \\\" and é\" @ 2:50",
          "Int cannot represent non-integer value: \"\"\"\nline one\nline two\n\"\"\" @ 2:96"}));
}

TEST(ValuesOfCorrectType, IgnoresValuesOfUnknownArguments) {
  EXPECT_EQ(
      errors(
          R"({ complicatedArgs { intArgField(unknown: "x", intArg: 1) } dog @skip(if: true, unknown: {a: 1}) { name } })"),
      (Errors{"Unknown argument \"unknown\" on field \"ComplicatedArgs.intArgField\". @ 1:33",
              "Unknown argument \"unknown\" on directive \"@skip\". @ 1:80"}));
}

TEST(UniqueInputFieldNames, AcceptsDistinctFieldsIncludingInNestedObjects) {
  EXPECT_EQ(
      errors(
          R"({ complicatedArgs { anyArgField(anyArg: {f1: "value", f2: {f1: "value"}, f3: [{f1: 1}, {f1: 2}]}) } })"),
      Errors{});
}

TEST(UniqueInputFieldNames, RejectsRepeatedFields) {
  EXPECT_EQ(
      errors(
          R"({ complicatedArgs { anyArgField(anyArg: {f1: "value", f1: "value", f1: "value"}) complexArgField(complexArg: {requiredField: true, requiredField: false}) } })"),
      (Errors{"There can be only one input field named \"f1\". @ 1:42 1:55",
              "There can be only one input field named \"f1\". @ 1:42 1:68",
              "There can be only one input field named \"requiredField\". @ 1:111 1:132"}));
}

TEST(UniqueInputFieldNames, ChecksNestedObjectsSeparately) {
  EXPECT_EQ(
      errors(R"({ complicatedArgs { anyArgField(anyArg: {f1: {f2: "a", f2: "b"}, f2: 1}) } })"),
      (Errors{"There can be only one input field named \"f2\". @ 1:47 1:56"}));
}

TEST(ValuesOfCorrectType, AcceptsOneOfInputObjectsWithExactlyOneField) {
  EXPECT_EQ(
      errors(
          R"({ complicatedArgs { oneOfArgField(oneOfArg: {a: "x"}) b: oneOfArgField(oneOfArg: {b: 1}) } })"),
      Errors{});
}

TEST(ValuesOfCorrectType, RejectsOneOfInputObjectsWithoutExactlyOneNonNullField) {
  EXPECT_EQ(errors(R"(
      {
        complicatedArgs {
          a: oneOfArgField(oneOfArg: {})
          b: oneOfArgField(oneOfArg: {a: "x", b: 1})
          c: oneOfArgField(oneOfArg: {a: null})
          d: nonNullOneOfArgField(oneOfArg: {b: 1, b: 2})
        }
      })"),
            (Errors{"OneOf Input Object \"OneOfInput\" must specify exactly one key. @ 4:38",
                    "OneOf Input Object \"OneOfInput\" must specify exactly one key. @ 5:38",
                    "Field \"OneOfInput.a\" must be non-null. @ 6:38",
                    "There can be only one input field named \"b\". @ 7:46 7:52"}));
}

// ---- hand-written tests below ----

// check_literal: the same checks for one literal against one type, outside a document.
std::vector<std::string> literal_errors(std::string_view literal, std::string_view type_name,
                                        bool list_of_non_null = false) {
  auto value = parse_value(literal);
  if (!value) return {"<syntax error>"};
  TypeRef type(test_schema().type(type_name));
  if (list_of_non_null) type = type.non_null_of().list_of();
  std::vector<std::string> out;
  for (const GraphQLError& error : validation::check_literal(*value, type)) {
    out.push_back(format_error(error));
  }
  return out;
}

TEST(CheckLiteral, AcceptsLiteralsThatFit) {
  EXPECT_EQ(literal_errors("{requiredField: true, stringListField: \"one\"}", "ComplexInput"),
            Errors{});
  EXPECT_EQ(literal_errors("[1, 2]", "Int", true), Errors{});
  EXPECT_EQ(literal_errors("7", "Int", true), Errors{});
  EXPECT_EQ(literal_errors("{anything: [1, \"x\"]}", "Any"), Errors{});
}

TEST(CheckLiteral, ReportsEachProblemWithItsLocation) {
  EXPECT_EQ(literal_errors("{intField: \"x\", unknown: 1}", "ComplexInput"),
            (Errors{"Field \"ComplexInput.requiredField\" of required type \"Boolean!\" was not "
                    "provided. @ 1:1",
                    "Int cannot represent non-integer value: \"x\" @ 1:12",
                    "Field \"unknown\" is not defined by type \"ComplexInput\". @ 1:17"}));
  EXPECT_EQ(literal_errors("[1, null, 3000000000]", "Int", true),
            (Errors{"Expected value of type \"Int!\", found null. @ 1:5",
                    "Int cannot represent non 32-bit signed integer value: 3000000000 @ 1:11"}));
  EXPECT_EQ(literal_errors("BROWNN", "FurColor"),
            (Errors{"Value \"BROWNN\" does not exist in \"FurColor\" enum. Did you mean the enum "
                    "value \"BROWN\"? @ 1:1"}));
}

TEST(CheckLiteral, GivesGraphqlJsParseLiteralMessagesForLeafTypes) {
  auto message = [](std::string_view literal, std::string_view type_name) {
    auto value = parse_value(literal);
    auto error = validation::leaf_literal_error(*test_schema().type(type_name), *value);
    return error ? *error : std::string("fits");
  };
  EXPECT_EQ(message("1.5", "Int"), "Int cannot represent non-integer value: 1.5");
  EXPECT_EQ(message("2147483647", "Int"), "fits");
  EXPECT_EQ(message("-2147483649", "Int"),
            "Int cannot represent non 32-bit signed integer value: -2147483649");
  EXPECT_EQ(message("\"1\"", "Float"), "Float cannot represent non numeric value: \"1\"");
  EXPECT_EQ(message("4", "Float"), "fits");
  EXPECT_EQ(message("[true]", "String"), "String cannot represent a non string value: [true]");
  EXPECT_EQ(message("null", "Boolean"), "Boolean cannot represent a non boolean value: null");
  EXPECT_EQ(message("4", "ID"), "fits");
  EXPECT_EQ(message("{a: 1}", "ID"),
            "ID cannot represent a non-string and non-integer value: {a: 1}");
  EXPECT_EQ(message("\"SIT\"", "DogCommand"),
            "Enum \"DogCommand\" cannot represent non-enum value: \"SIT\". Did you mean the enum "
            "value \"SIT\"?");
  EXPECT_EQ(message("ANYTHING", "Any"), "fits");
}

TEST(Suggestions, OrdersByDistanceThenNaturally) {
  const std::vector<std::string_view> options = {"name", "nickname", "Name", "names",
                                                 "nme",  "a10",      "a9",   "a2"};
  EXPECT_EQ(validation::suggestion_list("name", options),
            (std::vector<std::string>{"name", "Name", "names", "nme"}));
  EXPECT_EQ(validation::suggestion_list("a1", {"a10", "a9", "a2", "b1"}),
            (std::vector<std::string>{"a2", "a9", "a10", "b1"}));
  EXPECT_EQ(validation::suggestion_list("xyz", options), std::vector<std::string>{});
}

TEST(Suggestions, CountsATranspositionAsOneEdit) {
  EXPECT_EQ(validation::suggestion_list("nmae", {"name", "mane", "other"}),
            (std::vector<std::string>{"name", "mane"}));
}

TEST(Suggestions, FormatsAtMostFiveNames) {
  using validation::did_you_mean;
  EXPECT_EQ(did_you_mean({}), "");
  EXPECT_EQ(did_you_mean({"a"}), " Did you mean \"a\"?");
  EXPECT_EQ(did_you_mean({"a", "b"}), " Did you mean \"a\" or \"b\"?");
  EXPECT_EQ(did_you_mean({"a", "b", "c", "d", "e", "f"}),
            " Did you mean \"a\", \"b\", \"c\", \"d\", or \"e\"?");
  EXPECT_EQ(did_you_mean("the enum value", {"X"}), " Did you mean the enum value \"X\"?");
}

TEST(Suggestions, ComparesNaturally) {
  EXPECT_LT(validation::natural_compare("a2", "a10"), 0);
  EXPECT_GT(validation::natural_compare("b", "a"), 0);
  EXPECT_EQ(validation::natural_compare("abc", "abc"), 0);
  EXPECT_LT(validation::natural_compare("ab", "abc"), 0);
}

}  // namespace
}  // namespace stashql::validation_test
