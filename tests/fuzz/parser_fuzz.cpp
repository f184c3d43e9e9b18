// libFuzzer target for the GraphQL lexer and parser: any byte sequence must parse or fail with
// a located syntax error, never crash or read out of bounds; printed values must read back.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <stashql/parser.hpp>

namespace {

void check(bool condition) {
  if (!condition) std::abort();
}

void check_error(const stashql::SyntaxError& error) {
  check(error.message.rfind("Syntax Error: ", 0) == 0);
  check(error.loc.line >= 1 && error.loc.column >= 1);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view source(reinterpret_cast<const char*>(data), size);
  const stashql::ParseLimits limits{.max_tokens = 20'000, .max_depth = 64};

  auto document = stashql::parse(source, limits);
  if (!document) check_error(document.error());

  auto value = stashql::parse_value(source, limits);
  if (!value) {
    check_error(value.error());
    return 0;
  }
  // A printed value parses again and prints the same (block strings aside: their printed form
  // is graphql-js's choice and need not be a fixed point).
  const std::string printed = stashql::print_value(*value);
  if (printed.find("\"\"\"") == std::string::npos) {
    auto again = stashql::parse_value(printed, limits);
    check(again.has_value());
    check(stashql::print_value(*again) == printed);
  }
  return 0;
}
