// Operations on the syntax tree that need no parser: fragment lookup, and printing a value
// literal back as GraphQL source the way graphql-js's print() does (introspection's
// defaultValue and error messages show values in that form).
#include <stashql/ast.hpp>
#include <stashql/parser.hpp>

namespace stashql {
namespace ast {

std::string_view operation_keyword(OperationType op) {
  switch (op) {
    case OperationType::mutation:
      return "mutation";
    case OperationType::subscription:
      return "subscription";
    case OperationType::query:
      break;
  }
  return "query";
}

const FragmentDefinition* Document::fragment(std::string_view name) const {
  for (const FragmentDefinition& f : fragments) {
    if (f.name.value == name) return &f;
  }
  return nullptr;
}

}  // namespace ast

namespace {

constexpr char kHex[] = "0123456789ABCDEF";

// graphql-js's printString: JSON-like escapes for control characters (C0 and C1), `"` and `\`.
void print_string(std::string& out, std::string_view s) {
  out += '"';
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"':
        out += "\\\"";
        continue;
      case '\\':
        out += "\\\\";
        continue;
      case '\b':
        out += "\\b";
        continue;
      case '\t':
        out += "\\t";
        continue;
      case '\n':
        out += "\\n";
        continue;
      case '\f':
        out += "\\f";
        continue;
      case '\r':
        out += "\\r";
        continue;
      default:
        break;
    }
    unsigned code = 0x100;  // none
    if (c < 0x20 || c == 0x7F) {
      code = c;
    } else if (c == 0xC2 && i + 1 < s.size()) {
      const auto next = static_cast<unsigned char>(s[i + 1]);
      if (next >= 0x80 && next <= 0x9F) {  // U+0080..U+009F
        code = next;
        ++i;
      }
    }
    if (code == 0x100) {
      out += static_cast<char>(c);
      continue;
    }
    out += "\\u00";
    out += kHex[code >> 4];
    out += kHex[code & 0xF];
  }
  out += '"';
}

bool is_white_space(char c) {
  return c == ' ' || c == '\t';
}

std::size_t utf16_length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++n;  // a lead byte or ASCII
    if (c >= 0xF0) ++n;           // four-byte sequences are surrogate pairs in UTF-16
  }
  return n;
}

// graphql-js's printBlockString (not minimized).
void print_block_string(std::string& out, std::string_view value) {
  std::string escaped;
  escaped.reserve(value.size());
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value.compare(i, 3, "\"\"\"") == 0) {
      escaped += "\\\"\"\"";
      i += 2;
    } else {
      escaped += value[i];
    }
  }
  // Lines split on \r\n, \n or \r.
  std::size_t line_count = 1;
  bool force_leading_newline = true;
  for (std::size_t i = 0; i < escaped.size(); ++i) {
    const char c = escaped[i];
    if (c != '\n' && c != '\r') continue;
    if (c == '\r' && i + 1 < escaped.size() && escaped[i + 1] == '\n') ++i;
    ++line_count;
    const std::size_t next = i + 1;
    const bool empty_line =
        next >= escaped.size() || escaped[next] == '\n' || escaped[next] == '\r';
    if (!empty_line && !is_white_space(escaped[next])) force_leading_newline = false;
  }
  const bool single_line = line_count == 1;
  if (single_line) force_leading_newline = false;
  const auto ends_with = [](std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
  };
  const bool trailing_triple_quotes = ends_with(escaped, "\\\"\"\"");
  const bool trailing_quote = ends_with(value, "\"") && !trailing_triple_quotes;
  const bool trailing_slash = ends_with(value, "\\");
  const bool force_trailing_newline = trailing_quote || trailing_slash;
  const bool multiple_lines = !single_line || utf16_length(value) > 70 || force_trailing_newline ||
                              force_leading_newline || trailing_triple_quotes;
  const bool skip_leading_newline = single_line && !value.empty() && is_white_space(value[0]);
  out += "\"\"\"";
  if ((multiple_lines && !skip_leading_newline) || force_leading_newline) out += '\n';
  out += escaped;
  if (multiple_lines || force_trailing_newline) out += '\n';
  out += "\"\"\"";
}

void print_into(std::string& out, const ast::ValueNode& value) {
  using Kind = ast::ValueNode::Kind;
  switch (value.kind) {
    case Kind::variable:
      out += '$';
      out += value.text;
      return;
    case Kind::integer:
    case Kind::floating:
    case Kind::enumeration:
      out += value.text;
      return;
    case Kind::string:
      if (value.block) {
        print_block_string(out, value.text);
      } else {
        print_string(out, value.text);
      }
      return;
    case Kind::boolean:
      out += value.boolean ? "true" : "false";
      return;
    case Kind::null:
      out += "null";
      return;
    case Kind::list:
      out += '[';
      for (std::size_t i = 0; i < value.list.size(); ++i) {
        if (i != 0) out += ", ";
        print_into(out, value.list[i]);
      }
      out += ']';
      return;
    case Kind::object:
      out += '{';
      for (std::size_t i = 0; i < value.fields.size(); ++i) {
        if (i != 0) out += ", ";
        out += value.fields[i].name.value;
        out += ": ";
        print_into(out, value.fields[i].value);
      }
      out += '}';
      return;
  }
}

}  // namespace

std::string print_value(const ast::ValueNode& value) {
  std::string out;
  print_into(out, value);
  return out;
}

}  // namespace stashql
