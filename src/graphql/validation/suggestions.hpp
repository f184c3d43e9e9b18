// "Did you mean …?" hints, ordered exactly as graphql-js orders them: candidates within a
// lexical distance of the input (Damerau-Levenshtein, with a change of case counting as one
// edit), nearest first, ties in natural order. Clients and tests compare these strings.
#pragma once

#include <algorithm>
#include <cstddef>
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

// Sorts as JavaScript's Array#sort does in V8 (a run, then binary insertion; exact for the
// short lists of suggestions), so that even a comparison that is not a strict order — as
// graphql-js's ordering of suggested types can be — gives graphql-js's result. `compare`
// returns <0, 0 or >0.
template <class T, class Compare>
void js_sort(std::vector<T>& items, Compare compare) {
  const std::size_t n = items.size();
  if (n < 2) return;
  // The leading run: non-descending, or strictly descending and then reversed.
  std::size_t run = 2;
  const bool descending = compare(items[1], items[0]) < 0;
  for (std::size_t i = 2; i < n; ++i) {
    const int order = compare(items[i], items[i - 1]);
    if (descending ? order >= 0 : order < 0) break;
    ++run;
  }
  if (descending) std::reverse(items.begin(), items.begin() + static_cast<std::ptrdiff_t>(run));
  for (std::size_t start = run; start < n; ++start) {
    T pivot = items[start];
    std::size_t left = 0;
    std::size_t right = start;
    while (left < right) {
      const std::size_t mid = left + ((right - left) >> 1U);
      if (compare(pivot, items[mid]) < 0) {
        right = mid;
      } else {
        left = mid + 1;
      }
    }
    for (std::size_t p = start; p > left; --p)
      items[p] = items[p - 1];
    items[left] = pivot;
  }
}

// Natural sort order ("a2" < "a10"), as graphql-js's naturalCompare: <0, 0 or >0.
int natural_compare(std::string_view a, std::string_view b);

}  // namespace stashql::validation
