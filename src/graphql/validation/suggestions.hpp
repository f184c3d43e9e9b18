// "Did you mean …?" hints, ordered exactly as graphql-js orders them: candidates within a
// lexical distance of the input (Damerau-Levenshtein, with a change of case counting as one
// edit), nearest first, ties in natural order. Clients and tests compare these strings.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace stashql::validation {

// The options close enough to `input`, best first (graphql-js's suggestionList).
std::vector<std::string> suggestion_list(std::string_view input,
                                         const std::vector<std::string_view>& options);

// " Did you mean "a", "b", or "c"?" (at most five), or "" when there is nothing to suggest.
// With a `sub_message`: " Did you mean <sub_message> "a"?".
std::string did_you_mean(const std::vector<std::string>& suggestions);
std::string did_you_mean(std::string_view sub_message, const std::vector<std::string>& suggestions);

// Natural sort order ("a2" < "a10"), as graphql-js's naturalCompare: <0, 0 or >0.
int natural_compare(std::string_view a, std::string_view b);

}  // namespace stashql::validation
