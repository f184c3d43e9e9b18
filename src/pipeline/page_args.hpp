// The arguments of the functions that return one page at a time as {items, nextToken}
// (paginate, blob.list, …): `limit`, `maxLimit` and `nextToken`, read and checked the same way
// at load time and rendered the same way at run time, so that every paged function states
// its limits and refuses bad tokens in the same words. What a token holds is each function's
// own business; this only says whether there is one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include <stashql/expression.hpp>
#include <stashql/resolver.hpp>
#include <stashql/unit_function.hpp>

namespace stashql::pipeline {

// A client error: extensions.code BadRequest.
FieldError bad_request(std::string message);

// A count a client gave: an integer, or a double with no fraction (JSON from elsewhere);
// nullopt for anything else, out-of-range doubles included.
std::optional<std::int64_t> as_whole(const Value& v);

struct PageDefaults {
  std::int64_t limit;          // when the step or the client gives none
  std::int64_t max_limit;      // when the step gives no maxLimit
  std::int64_t max_max_limit;  // the largest maxLimit a step may give
};

class PageArgs {
 public:
  // Reads `limit`, `maxLimit` and `nextToken`; a literal limit out of range is reported now.
  // nullopt after an error has been reported.
  static std::optional<PageArgs> read(StepArgs& args, PageDefaults defaults);

  // The page size of this run: the default when `limit` is absent or null; a BadRequest
  // (`limit must be between 0 and <maxLimit>`) when the value is out of range or not whole.
  std::variant<std::int64_t, StepOutcome> limit(const expr::Scope& scope) const;
  // The token this run starts from: "" for the first page (no token, null or ""); a
  // BadRequest (`invalid nextToken`) when it is not a string.
  std::variant<std::string, StepOutcome> next_token(const expr::Scope& scope) const;

  std::int64_t max_limit() const { return max_limit_; }

 private:
  std::optional<expr::ValueTemplate> limit_;       // none: the default
  std::optional<expr::ValueTemplate> next_token_;  // none: the first page
  std::int64_t default_limit_ = 0;
  std::int64_t max_limit_ = 0;
};

}  // namespace stashql::pipeline
