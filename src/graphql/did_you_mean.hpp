// "Did you mean …?" suggestions in graphql-js's exact order and wording (its suggestionList,
// naturalCompare and didYouMean), so load-time and validation messages read the same as the
// reference implementation's.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace stashql {

// The options within graphql-js's lexical-distance threshold of `input`, closest first (ties in
// natural order). Duplicate options are reported once.
std::vector<std::string> suggestion_list(std::string_view input,
                                         const std::vector<std::string_view>& options);

// " Did you mean \"A\", \"B\", or \"C\"?" for up to five suggestions; empty for none.
std::string did_you_mean(const std::vector<std::string>& suggestions);

}  // namespace stashql
