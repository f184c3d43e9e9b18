// Shared wording of dry-run lines (see dry_text.hpp).
#include "datasources/dry_text.hpp"

namespace stashql::datasources {

std::string byte_count(std::uint64_t bytes) {
  const std::string digits = std::to_string(bytes);
  std::string out;
  out.reserve(digits.size() + digits.size() / 3 + 6);
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  out += bytes == 1 ? " byte" : " bytes";
  return out;
}

}  // namespace stashql::datasources
