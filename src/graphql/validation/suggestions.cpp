// Suggestion lists for validation messages; see suggestions.hpp.
#include "graphql/validation/suggestions.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <unordered_set>
#include <utility>

namespace stashql::validation {
namespace {

constexpr std::size_t kMaxSuggestions = 5;

// graphql-js measures strings in UTF-16 code units; names are ASCII, but the input can be a
// printed value with any character in it.
std::u16string to_utf16_lower(std::string_view text) {
  std::u16string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    auto byte = static_cast<unsigned char>(text[i]);
    std::uint32_t code = byte;
    std::size_t extra = 0;
    if (byte >= 0xF0) {
      code = byte & 0x07U;
      extra = 3;
    } else if (byte >= 0xE0) {
      code = byte & 0x0FU;
      extra = 2;
    } else if (byte >= 0xC0) {
      code = byte & 0x1FU;
      extra = 1;
    }
    ++i;
    for (std::size_t k = 0; k < extra && i < text.size(); ++k, ++i) {
      code = (code << 6U) | (static_cast<unsigned char>(text[i]) & 0x3FU);
    }
    if (code >= 0x10000) {
      code -= 0x10000;
      out.push_back(static_cast<char16_t>(0xD800 + (code >> 10U)));
      out.push_back(static_cast<char16_t>(0xDC00 + (code & 0x3FFU)));
    } else {
      if (code >= 'A' && code <= 'Z') code += 'a' - 'A';
      out.push_back(static_cast<char16_t>(code));
    }
  }
  return out;
}

// Edit distance with adjacent transpositions, giving up (nullopt) past `threshold`.
class LexicalDistance {
 public:
  explicit LexicalDistance(std::string_view input)
      : input_(input), input_lower_(to_utf16_lower(input)) {
    for (auto& row : rows_)
      row.assign(input_lower_.size() + 1, 0);
  }

  std::optional<std::size_t> measure(std::string_view option, std::size_t threshold) {
    if (option == input_) return 0;
    std::u16string option_lower = to_utf16_lower(option);
    if (option_lower == input_lower_) return 1;  // a change of case is one edit
    const std::u16string* a = &option_lower;
    const std::u16string* b = &input_lower_;
    if (a->size() < b->size()) std::swap(a, b);
    const std::size_t a_length = a->size();
    const std::size_t b_length = b->size();
    if (a_length - b_length > threshold) return std::nullopt;
    for (auto& row : rows_) {
      if (row.size() < b_length + 1) row.resize(b_length + 1);
    }
    for (std::size_t j = 0; j <= b_length; ++j)
      rows_[0][j] = j;
    for (std::size_t i = 1; i <= a_length; ++i) {
      std::vector<std::size_t>& up_row = rows_[(i - 1) % 3];
      std::vector<std::size_t>& current_row = rows_[i % 3];
      std::size_t smallest_cell = current_row[0] = i;
      for (std::size_t j = 1; j <= b_length; ++j) {
        const std::size_t cost = (*a)[i - 1] == (*b)[j - 1] ? 0 : 1;
        std::size_t current_cell =
            std::min({up_row[j] + 1, current_row[j - 1] + 1, up_row[j - 1] + cost});
        if (i > 1 && j > 1 && (*a)[i - 1] == (*b)[j - 2] && (*a)[i - 2] == (*b)[j - 1]) {
          current_cell = std::min(current_cell, rows_[(i - 2) % 3][j - 2] + 1);
        }
        smallest_cell = std::min(smallest_cell, current_cell);
        current_row[j] = current_cell;
      }
      if (smallest_cell > threshold) return std::nullopt;
    }
    const std::size_t distance = rows_[a_length % 3][b_length];
    if (distance > threshold) return std::nullopt;
    return distance;
  }

  std::size_t input_length() const { return input_lower_.size(); }

 private:
  std::string_view input_;
  std::u16string input_lower_;
  std::array<std::vector<std::size_t>, 3> rows_;
};

bool is_digit(std::string_view s, std::size_t i) {
  return i < s.size() && s[i] >= '0' && s[i] <= '9';
}

}  // namespace

int natural_compare(std::string_view a, std::string_view b) {
  std::size_t ai = 0;
  std::size_t bi = 0;
  while (ai < a.size() && bi < b.size()) {
    if (is_digit(a, ai) && is_digit(b, bi)) {
      // As graphql-js: a run of digits compares by value; a leading zero ends the run.
      std::uint64_t a_num = 0;
      do {
        a_num = a_num * 10 + static_cast<std::uint64_t>(a[ai] - '0');
        ++ai;
      } while (is_digit(a, ai) && a_num > 0);
      std::uint64_t b_num = 0;
      do {
        b_num = b_num * 10 + static_cast<std::uint64_t>(b[bi] - '0');
        ++bi;
      } while (is_digit(b, bi) && b_num > 0);
      if (a_num != b_num) return a_num < b_num ? -1 : 1;
    } else {
      const auto ac = static_cast<unsigned char>(a[ai]);
      const auto bc = static_cast<unsigned char>(b[bi]);
      if (ac != bc) return ac < bc ? -1 : 1;
      ++ai;
      ++bi;
    }
  }
  if (a.size() == b.size()) return 0;
  return a.size() < b.size() ? -1 : 1;
}

std::vector<std::string> suggestion_list(std::string_view input,
                                         const std::vector<std::string_view>& options) {
  LexicalDistance lexical_distance(input);
  const std::size_t threshold = (lexical_distance.input_length() * 4) / 10 + 1;
  std::vector<std::pair<std::string_view, std::size_t>> found;
  std::unordered_set<std::string_view> seen;
  for (std::string_view option : options) {
    if (!seen.insert(option).second) continue;
    if (auto distance = lexical_distance.measure(option, threshold)) {
      found.emplace_back(option, *distance);
    }
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

std::string did_you_mean(std::string_view sub_message,
                         const std::vector<std::string>& suggestions) {
  if (suggestions.empty()) return {};
  std::string message = " Did you mean ";
  if (!sub_message.empty()) {
    message += sub_message;
    message += ' ';
  }
  auto quoted = [](const std::string& s) { return "\"" + s + "\""; };
  if (suggestions.size() == 1) return message + quoted(suggestions[0]) + "?";
  if (suggestions.size() == 2) {
    return message + quoted(suggestions[0]) + " or " + quoted(suggestions[1]) + "?";
  }
  const std::size_t count = std::min(suggestions.size(), kMaxSuggestions);
  for (std::size_t i = 0; i + 1 < count; ++i)
    message += quoted(suggestions[i]) + ", ";
  return message + "or " + quoted(suggestions[count - 1]) + "?";
}

std::string did_you_mean(const std::vector<std::string>& suggestions) {
  return did_you_mean({}, suggestions);
}

}  // namespace stashql::validation
