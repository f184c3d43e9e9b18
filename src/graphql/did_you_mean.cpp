// Suggestions for misspelt names: the Damerau-Levenshtein ("optimal string alignment")
// distance graphql-js uses, with its threshold, ordering and message format.
#include "graphql/did_you_mean.hpp"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <utility>

namespace stashql {
namespace {

constexpr std::size_t kMaxSuggestions = 5;

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// The edit distance between `input` and `option`, or nullopt when above `threshold`.
std::optional<std::size_t> lexical_distance(std::string_view input, std::string_view option,
                                            std::size_t threshold) {
  if (input == option) return 0;
  std::string a = to_lower(option);
  std::string b = to_lower(input);
  if (a == b) return 1;  // any change of case counts as a single edit
  if (a.size() < b.size()) std::swap(a, b);
  if (a.size() - b.size() > threshold) return std::nullopt;

  std::vector<std::vector<std::size_t>> rows(3, std::vector<std::size_t>(b.size() + 1, 0));
  for (std::size_t j = 0; j <= b.size(); ++j)
    rows[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    auto& up = rows[(i - 1) % 3];
    auto& current = rows[i % 3];
    std::size_t smallest = current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      std::size_t cell = std::min({up[j] + 1, current[j - 1] + 1, up[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        cell = std::min(cell, rows[(i - 2) % 3][j - 2] + 1);
      }
      smallest = std::min(smallest, cell);
      current[j] = cell;
    }
    // The distance cannot shrink below the smallest cell of a row.
    if (smallest > threshold) return std::nullopt;
  }
  std::size_t distance = rows[a.size() % 3][b.size()];
  if (distance > threshold) return std::nullopt;
  return distance;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// graphql-js's naturalCompare: runs of digits compare as numbers.
int natural_compare(std::string_view a, std::string_view b) {
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < a.size() && j < b.size()) {
    if (is_digit(a[i]) && is_digit(b[j])) {
      unsigned long long a_num = 0;
      do {
        a_num = a_num * 10 + static_cast<unsigned>(a[i] - '0');
        ++i;
      } while (i < a.size() && is_digit(a[i]) && a_num > 0);
      unsigned long long b_num = 0;
      do {
        b_num = b_num * 10 + static_cast<unsigned>(b[j] - '0');
        ++j;
      } while (j < b.size() && is_digit(b[j]) && b_num > 0);
      if (a_num != b_num) return a_num < b_num ? -1 : 1;
    } else {
      if (a[i] != b[j])
        return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[j]) ? -1 : 1;
      ++i;
      ++j;
    }
  }
  return static_cast<int>(a.size()) - static_cast<int>(b.size());
}

}  // namespace

std::vector<std::string> suggestion_list(std::string_view input,
                                         const std::vector<std::string_view>& options) {
  std::size_t threshold = input.size() * 2 / 5 + 1;  // floor(length * 0.4) + 1
  std::vector<std::pair<std::string_view, std::size_t>> found;
  for (std::string_view option : options) {
    auto distance = lexical_distance(input, option, threshold);
    if (!distance) continue;
    auto same = std::find_if(found.begin(), found.end(),
                             [&](const auto& entry) { return entry.first == option; });
    if (same == found.end()) found.emplace_back(option, *distance);
  }
  std::stable_sort(found.begin(), found.end(), [](const auto& x, const auto& y) {
    if (x.second != y.second) return x.second < y.second;
    return natural_compare(x.first, y.first) < 0;
  });
  std::vector<std::string> out;
  out.reserve(found.size());
  for (const auto& entry : found)
    out.emplace_back(entry.first);
  return out;
}

std::string did_you_mean(const std::vector<std::string>& suggestions) {
  if (suggestions.empty()) return {};
  auto quoted = [](const std::string& s) { return "\"" + s + "\""; };
  std::string message = " Did you mean ";
  if (suggestions.size() == 1) return message + quoted(suggestions[0]) + "?";
  if (suggestions.size() == 2) {
    return message + quoted(suggestions[0]) + " or " + quoted(suggestions[1]) + "?";
  }
  std::size_t count = std::min(suggestions.size(), kMaxSuggestions);
  for (std::size_t i = 0; i + 1 < count; ++i)
    message += quoted(suggestions[i]) + ", ";
  return message + "or " + quoted(suggestions[count - 1]) + "?";
}

}  // namespace stashql
