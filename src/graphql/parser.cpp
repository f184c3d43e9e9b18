// The GraphQL parser (spec October 2021, §2 executable documents and §3 SDL): recursive descent
// over the lexer's tokens, with graphql-js 16's grammar decisions and error messages. Errors
// are values: every parse function returns false once error_ is set, and nothing throws.
// Token count and nesting depth are bounded so hostile input costs little and never exhausts
// the stack.
#include <array>
#include <optional>

#include <stashql/parser.hpp>

#include "graphql/lexer.hpp"

namespace stashql {
namespace {

using syntax::Lexer;
using syntax::Token;
using syntax::TokenKind;

// Nesting beyond this is refused whatever the caller's limit, so the recursion stays far from
// the bottom of any thread's (or coroutine's) stack.
constexpr std::size_t kMaxSupportedDepth = 1024;

constexpr std::array<std::string_view, 20> kDirectiveLocations = {"QUERY",
                                                                  "MUTATION",
                                                                  "SUBSCRIPTION",
                                                                  "FIELD",
                                                                  "FRAGMENT_DEFINITION",
                                                                  "FRAGMENT_SPREAD",
                                                                  "INLINE_FRAGMENT",
                                                                  "VARIABLE_DEFINITION",
                                                                  "SCHEMA",
                                                                  "SCALAR",
                                                                  "OBJECT",
                                                                  "FIELD_DEFINITION",
                                                                  "ARGUMENT_DEFINITION",
                                                                  "INTERFACE",
                                                                  "UNION",
                                                                  "ENUM",
                                                                  "ENUM_VALUE",
                                                                  "INPUT_OBJECT",
                                                                  "INPUT_FIELD_DEFINITION",
                                                                  "DIRECTIVE_DEFINITION"};

enum class Constness : std::uint8_t { variables_allowed, constant };

class Parser {
 public:
  Parser(std::string_view source, ParseLimits limits)
      : lexer_(source),
        max_tokens_(limits.max_tokens),
        max_depth_(std::min(limits.max_depth, kMaxSupportedDepth)) {}

  Result<ast::Document, SyntaxError> parse_document() {
    ast::Document doc;
    if (!advance()) return take_error();  // past <SOF>
    do {
      if (!parse_definition(doc)) return take_error();
    } while (!at(TokenKind::eof));
    return doc;
  }

  Result<ast::ValueNode, SyntaxError> parse_single_value() {
    ast::ValueNode value;
    if (!advance() || !parse_value(value, Constness::constant) || !expect(TokenKind::eof)) {
      return take_error();
    }
    return value;
  }

 private:
  // ---- token plumbing ----

  bool at(TokenKind kind) const { return tok_.kind == kind; }
  bool at_keyword(std::string_view word) const {
    return tok_.kind == TokenKind::name && tok_.value == word;
  }

  bool advance() {
    lexer_.next(tok_);
    if (tok_.kind == TokenKind::error) return fail_lex();
    if (tok_.kind != TokenKind::eof && ++token_count_ > max_tokens_) {
      return fail(tok_.start, "Document contains more that " + std::to_string(max_tokens_) +
                                  " tokens. Parsing aborted.");
    }
    return true;
  }

  bool fail(std::size_t offset, std::string message) {
    if (!error_) {
      error_ = SyntaxError{"Syntax Error: " + std::move(message),
                           syntax::location_at(lexer_.source(), offset)};
    }
    return false;
  }
  bool fail_lex() { return fail(lexer_.error().offset, lexer_.error().message); }
  bool unexpected(const Token& token) {
    return fail(token.start, "Unexpected " + syntax::describe(token) + ".");
  }
  bool unexpected() { return unexpected(tok_); }

  SyntaxError take_error() {
    if (!error_) return SyntaxError{"Syntax Error: Unexpected <EOF>.", tok_.loc};
    return std::move(*error_);
  }

  bool expect(TokenKind kind) {
    if (tok_.kind == kind) return advance();
    return fail(tok_.start, "Expected " + std::string(syntax::kind_description(kind)) + ", found " +
                                syntax::describe(tok_) + ".");
  }
  // Consumes the token if it is of `kind`; `ok` turns false if advancing failed.
  bool optional(TokenKind kind, bool& ok) {
    if (tok_.kind != kind) return false;
    ok = advance();
    return true;
  }
  bool expect_keyword(std::string_view word) {
    if (at_keyword(word)) return advance();
    return fail(tok_.start,
                "Expected \"" + std::string(word) + "\", found " + syntax::describe(tok_) + ".");
  }
  bool optional_keyword(std::string_view word, bool& ok) {
    if (!at_keyword(word)) return false;
    ok = advance();
    return true;
  }

  bool enter(const Token& opening) {
    if (++depth_ > max_depth_) {
      return fail(opening.start,
                  "Document nesting exceeds " + std::to_string(max_depth_) + " levels.");
    }
    return true;
  }
  void leave() { --depth_; }

  // `open item+ close` when `open` is present (graphql-js's optionalMany).
  template <class F>
  bool optional_many(TokenKind open, TokenKind close, F&& item) {
    bool ok = true;
    if (!optional(open, ok)) return true;
    if (!ok) return false;
    do {
      if (!item()) return false;
    } while (!optional(close, ok));
    return ok;
  }
  // `open item+ close`, required (graphql-js's many).
  template <class F>
  bool many(TokenKind open, TokenKind close, F&& item) {
    if (!expect(open)) return false;
    bool ok = true;
    do {
      if (!item()) return false;
    } while (!optional(close, ok));
    return ok;
  }
  // `delimiter? item (delimiter item)*` (graphql-js's delimitedMany).
  template <class F>
  bool delimited_many(TokenKind delimiter, F&& item) {
    bool ok = true;
    optional(delimiter, ok);
    if (!ok) return false;
    do {
      if (!item()) return false;
    } while (optional(delimiter, ok) && ok);
    return ok;
  }

  bool parse_name(ast::Name& out) {
    if (!at(TokenKind::name)) return expect(TokenKind::name);
    out.value.assign(tok_.value);
    out.loc = tok_.loc;
    return advance();
  }

  // ---- document ----

  bool parse_definition(ast::Document& doc) {
    if (at(TokenKind::brace_l)) return parse_operation(doc.operations.emplace_back());
    const bool has_description = at(TokenKind::string) || at(TokenKind::block_string);
    Token keyword = tok_;
    if (has_description) {
      lexer_.peek(keyword);
      if (keyword.kind == TokenKind::error) return fail_lex();
      if (keyword.kind == TokenKind::brace_l) {
        return fail(tok_.start,
                    "Unexpected description, descriptions are not supported on shorthand "
                    "queries.");
      }
    }
    if (keyword.kind == TokenKind::name) {
      const std::string_view word = keyword.value;
      if (word == "schema") return parse_schema(doc.schemas.emplace_back());
      if (word == "scalar" || word == "type" || word == "interface" || word == "union" ||
          word == "enum" || word == "input") {
        return parse_type_definition(word, doc.types.emplace_back());
      }
      if (word == "directive") return parse_directive_definition(doc.directives.emplace_back());
      if (word == "query" || word == "mutation" || word == "subscription") {
        return parse_operation(doc.operations.emplace_back());
      }
      if (word == "fragment") return parse_fragment_definition(doc.fragments.emplace_back());
      if (has_description) {
        return fail(tok_.start,
                    "Unexpected description, only GraphQL definitions support descriptions.");
      }
      if (word == "extend") return parse_extension(doc);
    }
    return unexpected(keyword);
  }

  bool parse_description(std::optional<std::string>& out) {
    if (!at(TokenKind::string) && !at(TokenKind::block_string)) return true;
    out.emplace(tok_.value);
    return advance();
  }
  // Executable definitions may carry descriptions (graphql-js 16 accepts them); the AST does
  // not keep them.
  bool skip_description() {
    if (!at(TokenKind::string) && !at(TokenKind::block_string)) return true;
    return advance();
  }

  // ---- executable definitions (§2.3–§2.12) ----

  bool parse_operation_type(ast::OperationType& out) {
    if (!at(TokenKind::name)) return expect(TokenKind::name);
    if (tok_.value == "query") {
      out = ast::OperationType::query;
    } else if (tok_.value == "mutation") {
      out = ast::OperationType::mutation;
    } else if (tok_.value == "subscription") {
      out = ast::OperationType::subscription;
    } else {
      return unexpected();
    }
    return advance();
  }

  bool parse_operation(ast::OperationDefinition& op) {
    op.loc = tok_.loc;
    if (at(TokenKind::brace_l)) return parse_selection_set(op.selection_set);
    if (!skip_description() || !parse_operation_type(op.operation)) return false;
    if (at(TokenKind::name)) {
      if (!parse_name(op.name.emplace())) return false;
    }
    return parse_variable_definitions(op.variables) &&
           parse_directives(op.directives, Constness::variables_allowed) &&
           parse_selection_set(op.selection_set);
  }

  bool parse_variable_definitions(std::vector<ast::VariableDefinition>& out) {
    return optional_many(TokenKind::paren_l, TokenKind::paren_r, [&] {
      ast::VariableDefinition& def = out.emplace_back();
      def.loc = tok_.loc;  // graphql-js: the definition starts at its description, if any
      if (!skip_description()) return false;
      if (!expect(TokenKind::dollar) || !parse_name(def.name) || !expect(TokenKind::colon) ||
          !parse_type(def.type)) {
        return false;
      }
      bool ok = true;
      if (optional(TokenKind::equals, ok)) {
        if (!ok || !parse_value(def.default_value.emplace(), Constness::constant)) return false;
      }
      return parse_directives(def.directives, Constness::constant);
    });
  }

  // Selections are parsed on one stack shared by all depths, then moved into a vector of the
  // exact size: a growing vector of these large nodes would reallocate and move them over and
  // over, and the stack's slots are reset for reuse rather than value-initialised anew.
  bool parse_selection_set(std::vector<ast::Selection>& out, Location& opening_loc) {
    const Token opening = tok_;
    opening_loc = opening.loc;
    if (!enter(opening)) return false;
    const std::size_t base = stack_top_;
    const bool ok = many(TokenKind::brace_l, TokenKind::brace_r,
                         [&] { return parse_selection(acquire_selection()); });
    leave();
    out.reserve(stack_top_ - base);
    for (std::size_t i = base; i < stack_top_; ++i)
      out.push_back(std::move(stack_[i]));
    stack_top_ = base;
    return ok;
  }
  bool parse_selection_set(std::vector<ast::Selection>& out) {
    Location ignored;
    return parse_selection_set(out, ignored);
  }

  std::size_t acquire_selection() {
    if (stack_top_ == stack_.size()) {
      if (stack_.empty()) stack_.reserve(32);
      stack_.emplace_back();
      return stack_top_++;
    }
    ast::Selection& sel = stack_[stack_top_];  // moved from: reset what a move leaves behind
    sel.kind = ast::Selection::Kind::field;
    sel.alias.reset();
    sel.name.value.clear();
    sel.type_condition.reset();
    sel.arguments.clear();
    sel.directives.clear();
    sel.selection_set.clear();
    sel.selection_set_loc = {};
    return stack_top_++;
  }

  // The nested set is parsed into a local vector: stack_ may grow meanwhile, so no reference
  // into it is held across the call.
  bool parse_nested_selection_set(std::size_t index) {
    std::vector<ast::Selection> children;
    Location opening;
    if (!parse_selection_set(children, opening)) return false;
    stack_[index].selection_set = std::move(children);
    stack_[index].selection_set_loc = opening;
    return true;
  }

  bool parse_selection(std::size_t index) {
    ast::Selection& sel = stack_[index];
    sel.loc = tok_.loc;
    if (at(TokenKind::spread)) return parse_fragment(index);
    if (!parse_name(sel.name)) return false;
    bool ok = true;
    if (optional(TokenKind::colon, ok)) {
      if (!ok) return false;
      sel.alias.emplace(std::move(sel.name));
      sel.name = ast::Name{};
      if (!parse_name(sel.name)) return false;
    }
    if (!parse_arguments(sel.arguments, Constness::variables_allowed) ||
        !parse_directives(sel.directives, Constness::variables_allowed)) {
      return false;
    }
    if (at(TokenKind::brace_l)) return parse_nested_selection_set(index);
    return true;
  }

  bool parse_fragment(std::size_t index) {
    ast::Selection& sel = stack_[index];
    if (!advance()) return false;  // "..."
    bool ok = true;
    const bool has_type_condition = optional_keyword("on", ok);
    if (!ok) return false;
    if (!has_type_condition && at(TokenKind::name)) {
      sel.kind = ast::Selection::Kind::fragment_spread;
      return parse_name(sel.name) && parse_directives(sel.directives, Constness::variables_allowed);
    }
    sel.kind = ast::Selection::Kind::inline_fragment;
    if (has_type_condition && !parse_name(sel.type_condition.emplace())) return false;
    return parse_directives(sel.directives, Constness::variables_allowed) &&
           parse_nested_selection_set(index);
  }

  bool parse_fragment_definition(ast::FragmentDefinition& frag) {
    frag.loc = tok_.loc;
    if (!skip_description() || !expect_keyword("fragment")) return false;
    // graphql-js checks the value whatever the token kind: `fragment "on"` is refused too.
    if (tok_.has_value() && tok_.value == "on") return unexpected();
    return parse_name(frag.name) && expect_keyword("on") && parse_name(frag.type_condition) &&
           parse_directives(frag.directives, Constness::variables_allowed) &&
           parse_selection_set(frag.selection_set);
  }

  bool parse_arguments(std::vector<ast::Argument>& out, Constness constness) {
    return optional_many(TokenKind::paren_l, TokenKind::paren_r, [&] {
      ast::Argument& arg = out.emplace_back();
      return parse_name(arg.name) && expect(TokenKind::colon) && parse_value(arg.value, constness);
    });
  }

  bool parse_directives(std::vector<ast::Directive>& out, Constness constness) {
    while (at(TokenKind::at)) {
      ast::Directive& dir = out.emplace_back();
      dir.loc = tok_.loc;
      if (!advance() || !parse_name(dir.name) || !parse_arguments(dir.arguments, constness)) {
        return false;
      }
    }
    return true;
  }

  // ---- values and types (§2.9, §2.11) ----

  bool parse_value(ast::ValueNode& out, Constness constness) {
    using Kind = ast::ValueNode::Kind;
    out.loc = tok_.loc;
    switch (tok_.kind) {
      case TokenKind::bracket_l: {
        out.kind = Kind::list;
        if (!enter(tok_) || !advance()) return false;
        bool ok = true;
        while (!optional(TokenKind::bracket_r, ok)) {
          if (!parse_value(out.list.emplace_back(), constness)) return false;
        }
        leave();
        return ok;
      }
      case TokenKind::brace_l: {
        out.kind = Kind::object;
        if (!enter(tok_) || !advance()) return false;
        bool ok = true;
        while (!optional(TokenKind::brace_r, ok)) {
          ast::ObjectField& field = out.fields.emplace_back();
          if (!parse_name(field.name) || !expect(TokenKind::colon) ||
              !parse_value(field.value, constness)) {
            return false;
          }
        }
        leave();
        return ok;
      }
      case TokenKind::integer:
      case TokenKind::floating:
        out.kind = at(TokenKind::integer) ? Kind::integer : Kind::floating;
        out.text.assign(tok_.value);
        return advance();
      case TokenKind::string:
      case TokenKind::block_string:
        out.kind = Kind::string;
        out.block = at(TokenKind::block_string);
        out.text.assign(tok_.value);
        return advance();
      case TokenKind::name:
        if (tok_.value == "true" || tok_.value == "false") {
          out.kind = Kind::boolean;
          out.boolean = tok_.value == "true";
        } else if (tok_.value == "null") {
          out.kind = Kind::null;
        } else {
          out.kind = Kind::enumeration;
          out.text.assign(tok_.value);
        }
        return advance();
      case TokenKind::dollar: {
        const Token dollar = tok_;
        if (!advance()) return false;
        if (constness == Constness::constant) {
          if (!at(TokenKind::name)) return unexpected(dollar);
          return fail(dollar.start, "Unexpected variable \"$" + std::string(tok_.value) +
                                        "\" in constant value.");
        }
        out.kind = Kind::variable;
        if (!at(TokenKind::name)) return expect(TokenKind::name);
        out.text.assign(tok_.value);
        return advance();
      }
      default:
        return unexpected();
    }
  }

  bool parse_type(ast::Type& out) {
    out.loc = tok_.loc;
    bool ok = true;
    if (at(TokenKind::bracket_l)) {
      if (!enter(tok_) || !advance()) return false;
      auto inner = std::make_unique<ast::Type>();
      if (!parse_type(*inner) || !expect(TokenKind::bracket_r)) return false;
      leave();
      out.kind = ast::Type::Kind::list;
      out.of = std::move(inner);
    } else {
      if (!at(TokenKind::name)) return expect(TokenKind::name);
      out.kind = ast::Type::Kind::named;
      out.name.assign(tok_.value);
      if (!advance()) return false;
    }
    if (optional(TokenKind::bang, ok)) {
      if (!ok) return false;
      auto inner = std::make_unique<ast::Type>(std::move(out));
      out = ast::Type{};
      out.kind = ast::Type::Kind::non_null;
      out.loc = inner->loc;
      out.of = std::move(inner);
    }
    return true;
  }

  // ---- type system (§3) ----

  bool parse_schema(ast::SchemaDefinition& schema) {
    schema.loc = tok_.loc;
    return parse_description(schema.description) && expect_keyword("schema") &&
           parse_directives(schema.directives, Constness::constant) &&
           many(TokenKind::brace_l, TokenKind::brace_r,
                [&] { return parse_operation_type_definition(schema.operation_types); });
  }

  bool parse_operation_type_definition(std::vector<ast::OperationTypeDefinition>& out) {
    ast::OperationTypeDefinition& def = out.emplace_back();
    def.loc = tok_.loc;
    return parse_operation_type(def.operation) && expect(TokenKind::colon) && parse_name(def.type);
  }

  // The body of a type definition or extension after its name: `kind` says which parts apply.
  bool parse_type_body(ast::TypeDefinition& type) {
    using Kind = ast::TypeDefinition::Kind;
    bool ok = true;
    if (type.kind == Kind::object || type.kind == Kind::interface) {
      if (optional_keyword("implements", ok)) {
        if (!ok || !delimited_many(TokenKind::amp,
                                   [&] { return parse_name(type.interfaces.emplace_back()); })) {
          return false;
        }
      }
    }
    if (!parse_directives(type.directives, Constness::constant)) return false;
    switch (type.kind) {
      case Kind::scalar:
        return true;
      case Kind::object:
      case Kind::interface:
        return optional_many(TokenKind::brace_l, TokenKind::brace_r,
                             [&] { return parse_field_definition(type.fields.emplace_back()); });
      case Kind::union_type:
        if (optional(TokenKind::equals, ok)) {
          return ok && delimited_many(TokenKind::pipe,
                                      [&] { return parse_name(type.members.emplace_back()); });
        }
        return true;
      case Kind::enumeration:
        return optional_many(TokenKind::brace_l, TokenKind::brace_r,
                             [&] { return parse_enum_value(type.values.emplace_back()); });
      case Kind::input_object:
        return optional_many(TokenKind::brace_l, TokenKind::brace_r,
                             [&] { return parse_input_value(type.input_fields.emplace_back()); });
    }
    return true;
  }

  static ast::TypeDefinition::Kind type_kind(std::string_view keyword) {
    using Kind = ast::TypeDefinition::Kind;
    if (keyword == "type") return Kind::object;
    if (keyword == "interface") return Kind::interface;
    if (keyword == "union") return Kind::union_type;
    if (keyword == "enum") return Kind::enumeration;
    if (keyword == "input") return Kind::input_object;
    return Kind::scalar;
  }

  bool parse_type_definition(std::string_view keyword, ast::TypeDefinition& type) {
    type.loc = tok_.loc;
    type.kind = type_kind(keyword);
    return parse_description(type.description) && expect_keyword(keyword) &&
           parse_name(type.name) && parse_type_body(type);
  }

  bool parse_extension(ast::Document& doc) {
    Token keyword;
    lexer_.peek(keyword);
    if (keyword.kind == TokenKind::error) return fail_lex();
    if (keyword.kind != TokenKind::name) return unexpected(keyword);
    const std::string_view word = keyword.value;
    if (word == "schema") {
      ast::SchemaDefinition& schema = doc.schemas.emplace_back();
      schema.loc = tok_.loc;
      schema.extension = true;
      if (!advance() || !advance() || !parse_directives(schema.directives, Constness::constant) ||
          !optional_many(TokenKind::brace_l, TokenKind::brace_r,
                         [&] { return parse_operation_type_definition(schema.operation_types); })) {
        return false;
      }
      if (schema.directives.empty() && schema.operation_types.empty()) return unexpected();
      return true;
    }
    if (word != "scalar" && word != "type" && word != "interface" && word != "union" &&
        word != "enum" && word != "input") {
      return unexpected(keyword);
    }
    ast::TypeDefinition& type = doc.types.emplace_back();
    type.loc = tok_.loc;
    type.kind = type_kind(word);
    type.extension = true;
    if (!advance() || !advance() || !parse_name(type.name) || !parse_type_body(type)) {
      return false;
    }
    if (type.interfaces.empty() && type.directives.empty() && type.fields.empty() &&
        type.members.empty() && type.values.empty() && type.input_fields.empty()) {
      return unexpected();
    }
    return true;
  }

  bool parse_field_definition(ast::FieldDefinition& field) {
    field.loc = tok_.loc;
    return parse_description(field.description) && parse_name(field.name) &&
           parse_argument_definitions(field.arguments) && expect(TokenKind::colon) &&
           parse_type(field.type) && parse_directives(field.directives, Constness::constant);
  }

  bool parse_argument_definitions(std::vector<ast::InputValueDefinition>& out) {
    return optional_many(TokenKind::paren_l, TokenKind::paren_r,
                         [&] { return parse_input_value(out.emplace_back()); });
  }

  bool parse_input_value(ast::InputValueDefinition& def) {
    def.loc = tok_.loc;
    if (!parse_description(def.description) || !parse_name(def.name) || !expect(TokenKind::colon) ||
        !parse_type(def.type)) {
      return false;
    }
    bool ok = true;
    if (optional(TokenKind::equals, ok)) {
      if (!ok || !parse_value(def.default_value.emplace(), Constness::constant)) return false;
    }
    return parse_directives(def.directives, Constness::constant);
  }

  bool parse_enum_value(ast::EnumValueDefinition& def) {
    def.loc = tok_.loc;
    if (!parse_description(def.description)) return false;
    if (tok_.has_value() &&
        (tok_.value == "true" || tok_.value == "false" || tok_.value == "null")) {
      return fail(tok_.start,
                  syntax::describe(tok_) + " is reserved and cannot be used for an enum value.");
    }
    return parse_name(def.name) && parse_directives(def.directives, Constness::constant);
  }

  bool parse_directive_definition(ast::DirectiveDefinition& def) {
    def.loc = tok_.loc;
    if (!parse_description(def.description) || !expect_keyword("directive") ||
        !expect(TokenKind::at) || !parse_name(def.name) ||
        !parse_argument_definitions(def.arguments)) {
      return false;
    }
    bool ok = true;
    def.repeatable = optional_keyword("repeatable", ok);
    if (!ok || !expect_keyword("on")) return false;
    return delimited_many(TokenKind::pipe, [&] {
      const Token start = tok_;
      ast::Name& location = def.locations.emplace_back();
      if (!parse_name(location)) return false;
      for (std::string_view known : kDirectiveLocations) {
        if (location.value == known) return true;
      }
      return unexpected(start);
    });
  }

  Lexer lexer_;
  Token tok_;
  std::size_t token_count_ = 0;
  std::size_t depth_ = 0;
  std::size_t max_tokens_;
  std::size_t max_depth_;
  std::optional<SyntaxError> error_;
  std::vector<ast::Selection> stack_;  // stack_[stack_top_..] are moved-from, kept for reuse
  std::size_t stack_top_ = 0;
};

}  // namespace

Result<ast::Document, SyntaxError> parse(std::string_view source, ParseLimits limits) {
  return Parser(source, limits).parse_document();
}

Result<ast::ValueNode, SyntaxError> parse_value(std::string_view source, ParseLimits limits) {
  return Parser(source, limits).parse_single_value();
}

}  // namespace stashql
