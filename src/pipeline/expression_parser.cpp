// Recursive-descent parser of the expression language (see expression_parser.hpp). Errors
// stop the parse at the first problem: the loader reports one error per expression, at the
// byte where it was found.
#include "pipeline/expression_parser.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>

#include "pipeline/expression_lexer.hpp"

namespace stashql::expr::detail {
namespace {

using NodePtr = std::unique_ptr<Node>;

constexpr std::string_view kRootList = "args, source, identity, headers, info, stash, prev, item";

std::optional<Root> root_named(std::string_view name) {
  for (std::size_t i = 0; i < kRootCount; ++i) {
    const auto root = static_cast<Root>(i);
    if (root_name(root) == name) return root;
  }
  return std::nullopt;
}

bool is_keyword(std::string_view name) {
  return name == "and" || name == "or" || name == "not" || name == "in" || name == "true" ||
         name == "false" || name == "null";
}

std::string arity_message(const Function& f, std::size_t given) {
  std::string m(f.name);
  m += "() takes ";
  auto count = [](std::size_t n) {
    return std::to_string(n) + (n == 1 ? " argument" : " arguments");
  };
  if (f.max_args == kVariadic) {
    m += "at least " + count(f.min_args);
  } else if (f.min_args == f.max_args) {
    m += f.min_args == 0 ? "no arguments" : count(f.min_args);
  } else if (f.max_args == f.min_args + 1) {
    m += std::to_string(f.min_args) + " or " + count(f.max_args);
  } else {
    m += std::to_string(f.min_args) + " to " + count(f.max_args);
  }
  m += ", got " + std::to_string(given);
  return m;
}

class Parser {
 public:
  Parser(std::string_view text, std::vector<Token> tokens)
      : text_(text), tokens_(std::move(tokens)) {}

  Result<Parsed, CompileError> run() {
    NodePtr root = parse_expression();
    if (root && peek().kind != TokenKind::end) {
      fail("expected an operator or the end of the expression, found " + describe(peek()),
           peek().offset);
    }
    if (error_) return *error_;
    std::stable_sort(references_.begin(), references_.end(),
                     [](const Reference& a, const Reference& b) { return a.offset < b.offset; });
    return Parsed{std::move(root), roots_, std::move(references_), changes_};
  }

 private:
  const Token& peek(std::size_t ahead = 0) const {
    return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)];
  }
  const Token& advance() {
    const Token& t = tokens_[pos_];
    if (pos_ + 1 < tokens_.size()) ++pos_;
    return t;
  }
  bool at(TokenKind kind) const { return peek().kind == kind; }
  bool at_word(std::string_view word, std::size_t ahead = 0) const {
    return peek(ahead).kind == TokenKind::name && peek(ahead).text == word;
  }
  std::string describe(const Token& t) const { return describe_token(t, text_); }

  std::nullptr_t fail(std::string message, std::size_t offset) {
    if (!error_) error_ = CompileError{std::move(message), offset};
    return nullptr;
  }
  bool expect(TokenKind kind, std::string_view spelling) {
    if (at(kind)) {
      advance();
      return true;
    }
    fail("expected '" + std::string(spelling) + "', found " + describe(peek()), peek().offset);
    return false;
  }

  // Every nested sub-expression passes here, so brackets, calls and branches are bounded.
  NodePtr parse_expression() {
    if (++depth_ > kMaxNesting) return fail("expression nested too deeply", peek().offset);
    NodePtr node = parse_conditional();
    --depth_;
    return node;
  }

  NodePtr parse_conditional() {
    NodePtr condition = parse_coalesce();
    if (!condition || !at(TokenKind::question)) return condition;
    advance();
    NodePtr then = parse_expression();
    if (!then || !expect(TokenKind::colon, ":")) return nullptr;
    NodePtr otherwise = parse_expression();
    if (!otherwise) return nullptr;
    const std::size_t offset = condition->offset;
    return make(Op::conditional, offset, std::move(condition), std::move(then),
                std::move(otherwise));
  }

  NodePtr parse_coalesce() {
    NodePtr left = parse_or();
    while (left && at(TokenKind::coalesce)) {
      advance();
      NodePtr right = parse_or();
      if (!right) return nullptr;
      const std::size_t offset = left->offset;
      left = make(Op::coalesce, offset, std::move(left), std::move(right));
    }
    return left;
  }

  NodePtr parse_or() {
    NodePtr left = parse_and();
    while (left && (at_word("or") || at(TokenKind::or_or))) {
      advance();
      NodePtr right = parse_and();
      if (!right) return nullptr;
      const std::size_t offset = left->offset;
      left = make(Op::logical_or, offset, std::move(left), std::move(right));
    }
    return left;
  }

  NodePtr parse_and() {
    NodePtr left = parse_not();
    while (left && (at_word("and") || at(TokenKind::and_and))) {
      advance();
      NodePtr right = parse_not();
      if (!right) return nullptr;
      const std::size_t offset = left->offset;
      left = make(Op::logical_and, offset, std::move(left), std::move(right));
    }
    return left;
  }

  NodePtr parse_not() {
    if (!at_word("not") && !at(TokenKind::bang)) return parse_comparison();
    const std::size_t offset = advance().offset;
    if (++depth_ > kMaxNesting) return fail("expression nested too deeply", offset);
    NodePtr operand = parse_not();
    --depth_;
    if (!operand) return nullptr;
    return make(Op::logical_not, offset, std::move(operand));
  }

  // The comparison operator at the current token, and how many tokens it spans.
  std::optional<std::pair<Op, std::size_t>> comparison_here() const {
    switch (peek().kind) {
      case TokenKind::equal:
        return std::pair{Op::equal, 1};
      case TokenKind::not_equal:
        return std::pair{Op::not_equal, 1};
      case TokenKind::less:
        return std::pair{Op::less, 1};
      case TokenKind::less_equal:
        return std::pair{Op::less_equal, 1};
      case TokenKind::greater:
        return std::pair{Op::greater, 1};
      case TokenKind::greater_equal:
        return std::pair{Op::greater_equal, 1};
      default:
        break;
    }
    if (at_word("in")) return std::pair{Op::in, 1};
    if (at_word("not") && at_word("in", 1)) return std::pair{Op::not_in, 2};
    return std::nullopt;
  }

  NodePtr parse_comparison() {
    NodePtr left = parse_additive();
    if (!left) return nullptr;
    auto op = comparison_here();
    if (!op) return left;
    for (std::size_t i = 0; i < op->second; ++i)
      advance();
    NodePtr right = parse_additive();
    if (!right) return nullptr;
    if (comparison_here()) {
      return fail("comparisons do not chain: write `a < b and b < c`", peek().offset);
    }
    const std::size_t offset = left->offset;
    return make(op->first, offset, std::move(left), std::move(right));
  }

  NodePtr parse_additive() {
    NodePtr left = parse_multiplicative();
    while (left && (at(TokenKind::plus) || at(TokenKind::minus))) {
      const Op op = advance().kind == TokenKind::plus ? Op::add : Op::subtract;
      NodePtr right = parse_multiplicative();
      if (!right) return nullptr;
      const std::size_t offset = left->offset;
      left = make(op, offset, std::move(left), std::move(right));
    }
    return left;
  }

  NodePtr parse_multiplicative() {
    NodePtr left = parse_unary();
    while (left && (at(TokenKind::star) || at(TokenKind::slash) || at(TokenKind::percent))) {
      const TokenKind kind = advance().kind;
      const Op op = kind == TokenKind::star    ? Op::multiply
                    : kind == TokenKind::slash ? Op::divide
                                               : Op::remainder;
      NodePtr right = parse_unary();
      if (!right) return nullptr;
      const std::size_t offset = left->offset;
      left = make(op, offset, std::move(left), std::move(right));
    }
    return left;
  }

  static bool starts_postfix(const Token& t) {
    return t.kind == TokenKind::dot || t.kind == TokenKind::lbracket;
  }

  NodePtr parse_unary() {
    if (!at(TokenKind::minus)) return parse_postfix();
    const std::size_t offset = advance().offset;
    // `-5` is a literal, so that -9223372036854775808 can be written.
    if ((at(TokenKind::integer) || at(TokenKind::number)) && !starts_postfix(peek(1))) {
      const Token& number = advance();
      auto node = std::make_unique<Node>();
      node->offset = offset;
      if (number.kind == TokenKind::number) {
        node->value = -number.number;
      } else if (number.integer_is_min_magnitude) {
        node->value = number.integer;
      } else {
        node->value = -number.integer;
      }
      return node;
    }
    if (++depth_ > kMaxNesting) return fail("expression nested too deeply", offset);
    NodePtr operand = parse_unary();
    --depth_;
    if (!operand) return nullptr;
    return make(Op::negate, offset, std::move(operand));
  }

  NodePtr parse_postfix() {
    const std::size_t start = peek().offset;
    const std::size_t root_reference = references_.size();
    NodePtr base = parse_primary();
    if (!base) return nullptr;
    // A root written bare continues its own path; anything else becomes the base of one.
    const bool own_path =
        base->op == Op::path && base->root && base->segments.empty() && base->offset == start;
    if (!starts_postfix(peek())) return base;
    NodePtr path;
    if (own_path) {
      path = std::move(base);
    } else {
      path = std::make_unique<Node>();
      path->op = Op::path;
      path->offset = start;
      path->children.push_back(std::move(base));
    }
    while (starts_postfix(peek())) {
      Segment segment;
      if (advance().kind == TokenKind::dot) {
        if (!at(TokenKind::name)) {
          return fail("expected a name after '.', found " + describe(peek()), peek().offset);
        }
        segment.kind = Segment::Kind::name;
        segment.key = advance().text;
      } else {
        NodePtr index = parse_expression();
        if (!index) return nullptr;
        if (!at(TokenKind::rbracket)) {
          return fail("expected ']', found " + describe(peek()), peek().offset);
        }
        if (index->op == Op::literal && index->value.is_string()) {
          segment.kind = Segment::Kind::key;
          segment.key = index->value.as_string();
        } else if (index->op == Op::literal && index->value.is_int()) {
          segment.kind = Segment::Kind::index;
          segment.index = index->value.as_int();
        } else {
          segment.kind = Segment::Kind::expression;
          segment.expression = std::move(index);
        }
        advance();
      }
      const Token& last = tokens_[pos_ - 1];
      segment.end = last.offset + last.length - start;
      path->segments.push_back(std::move(segment));
    }
    path->text = std::string(text_.substr(start, path->segments.back().end));
    if (own_path) {
      const Segment& first = path->segments.front();
      references_[root_reference].first_key =
          first.kind == Segment::Kind::name || first.kind == Segment::Kind::key ? first.key : "";
    }
    return finish(std::move(path));
  }

  NodePtr parse_primary() {
    const Token& token = peek();
    switch (token.kind) {
      case TokenKind::integer: {
        if (token.integer_is_min_magnitude) {
          return fail(
              "integer 9223372036854775808 is too large (the largest is "
              "9223372036854775807)",
              token.offset);
        }
        return literal(advance().integer);
      }
      case TokenKind::number:
        return literal(advance().number);
      case TokenKind::string:
        return literal(advance().text);
      case TokenKind::lparen: {
        advance();
        NodePtr inner = parse_expression();
        if (!inner || !expect(TokenKind::rparen, ")")) return nullptr;
        return inner;
      }
      case TokenKind::lbracket:
        return parse_list();
      case TokenKind::lbrace:
        return parse_object();
      case TokenKind::name:
        return parse_name();
      default:
        break;
    }
    return fail("expected an expression, found " + describe(token), token.offset);
  }

  NodePtr literal(Value v) {
    auto node = std::make_unique<Node>();
    node->offset = tokens_[pos_ - 1].offset;
    node->value = std::move(v);
    return node;
  }

  NodePtr parse_list() {
    auto node = std::make_unique<Node>();
    node->op = Op::list;
    node->offset = advance().offset;
    while (!at(TokenKind::rbracket)) {
      NodePtr item = parse_expression();
      if (!item) return nullptr;
      node->children.push_back(std::move(item));
      if (at(TokenKind::comma)) {
        advance();
      } else if (!at(TokenKind::rbracket)) {
        return fail("expected ',' or ']' in a list, found " + describe(peek()), peek().offset);
      }
    }
    advance();
    return finish(std::move(node));
  }

  NodePtr parse_object() {
    auto node = std::make_unique<Node>();
    node->op = Op::object;
    node->offset = advance().offset;
    while (!at(TokenKind::rbrace)) {
      if (!at(TokenKind::name) && !at(TokenKind::string)) {
        return fail(
            "expected a key (a name or a quoted string) in an object, found " + describe(peek()),
            peek().offset);
      }
      const Token& key = advance();
      if (std::find(node->keys.begin(), node->keys.end(), key.text) != node->keys.end()) {
        return fail("duplicate key \"" + key.text + "\" in an object", key.offset);
      }
      node->keys.push_back(key.text);
      if (!expect(TokenKind::colon, ":")) return nullptr;
      NodePtr value = parse_expression();
      if (!value) return nullptr;
      node->children.push_back(std::move(value));
      if (at(TokenKind::comma)) {
        advance();
      } else if (!at(TokenKind::rbrace)) {
        return fail("expected ',' or '}' in an object, found " + describe(peek()), peek().offset);
      }
    }
    advance();
    return finish(std::move(node));
  }

  NodePtr parse_name() {
    const Token& token = advance();
    const std::string& name = token.text;
    if (at(TokenKind::lparen)) return parse_call(token);
    if (name == "true") return literal(true);
    if (name == "false") return literal(false);
    if (name == "null") return literal(nullptr);
    if (is_keyword(name)) {
      return fail("expected an expression, found '" + name + "'", token.offset);
    }
    const auto root = root_named(name);
    if (!root) {
      return fail("unknown name \"" + name + "\": expected one of " + std::string(kRootList) +
                      ", or a function call",
                  token.offset);
    }
    if (*root == Root::prev) {
      // `prev` is the previous step; its only member is its result.
      if (!at(TokenKind::dot) || !at_word("result", 1)) {
        return fail("prev has only .result", token.offset);
      }
      advance();
      advance();
    }
    auto node = std::make_unique<Node>();
    node->op = Op::path;
    node->offset = token.offset;
    node->root = root;
    node->constant = false;
    node->text = std::string(text_.substr(
        token.offset, tokens_[pos_ - 1].offset + tokens_[pos_ - 1].length - token.offset));
    roots_ |= root_bit(*root);
    references_.push_back(Reference{*root, "", token.offset});
    return node;
  }

  NodePtr parse_call(const Token& name) {
    const Function* function = find_function(name.text);
    if (function == nullptr) {
      return fail("unknown function \"" + name.text + "\"", name.offset);
    }
    advance();  // (
    auto node = std::make_unique<Node>();
    node->op = Op::call;
    node->offset = name.offset;
    node->function = function;
    changes_ = changes_ || function->purity != Purity::pure;
    while (!at(TokenKind::rparen)) {
      NodePtr arg = parse_expression();
      if (!arg) return nullptr;
      node->children.push_back(std::move(arg));
      if (at(TokenKind::comma)) {
        advance();
      } else if (!at(TokenKind::rparen)) {
        return fail("expected ',' or ')' after an argument of " + name.text + "(), found " +
                        describe(peek()),
                    peek().offset);
      }
    }
    advance();
    const std::size_t given = node->children.size();
    if (given < function->min_args ||
        (function->max_args != kVariadic && given > function->max_args)) {
      return fail(arity_message(*function, given), name.offset);
    }
    return finish(std::move(node));
  }

  template <class... Children>
  NodePtr make(Op op, std::size_t offset, Children&&... children) {
    auto node = std::make_unique<Node>();
    node->op = op;
    node->offset = offset;
    (node->children.push_back(std::forward<Children>(children)), ...);
    return finish(std::move(node));
  }

  // Works out constness and height, and folds a constant node into a literal. A constant that
  // fails to evaluate (`1 / 0`) is kept, so that it fails at run time only if it is reached.
  NodePtr finish(NodePtr node) {
    bool constant = !node->root.has_value() &&
                    (node->function == nullptr || node->function->purity == Purity::pure);
    int height = 0;
    for (const auto& child : node->children) {
      constant = constant && child->constant;
      height = std::max<int>(height, child->height);
    }
    for (const auto& segment : node->segments) {
      if (segment.expression) {
        constant = constant && segment.expression->constant;
        height = std::max<int>(height, segment.expression->height);
      }
    }
    if (height + 1 > kMaxHeight) return fail("expression nested too deeply", node->offset);
    node->constant = constant;
    node->height = static_cast<std::uint16_t>(height + 1);
    if (!constant || node->op == Op::literal) return node;
    // A failing part makes the whole fail, unless the node may skip it (`false and 1 / 0`):
    // no need to evaluate it again, which could be costly (`json(json(…))` past the limit).
    const bool may_skip = node->op == Op::logical_and || node->op == Op::logical_or ||
                          node->op == Op::conditional || node->op == Op::coalesce;
    bool part_fails = std::any_of(node->children.begin(), node->children.end(),
                                  [](const auto& child) { return child->folding_failed; });
    for (const auto& segment : node->segments) {
      part_fails = part_fails || (segment.expression && segment.expression->folding_failed);
    }
    if (part_fails && !may_skip) {
      node->folding_failed = true;
      return node;
    }
    EvalResult folded = evaluate_node(*node, Scope{});
    if (!folded.has_value()) {
      node->folding_failed = true;
      return node;
    }
    auto literal_node = std::make_unique<Node>();
    literal_node->offset = node->offset;
    literal_node->value = std::move(*folded).take();
    return literal_node;
  }

  std::string_view text_;
  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
  int depth_ = 0;
  std::optional<CompileError> error_;
  RootSet roots_ = 0;
  bool changes_ = false;
  std::vector<Reference> references_;
};

}  // namespace

Result<Parsed, CompileError> parse(std::string_view text) {
  auto tokens = tokenize(text);
  if (!tokens) return tokens.error();
  return Parser(text, std::move(*tokens)).run();
}

}  // namespace stashql::expr::detail
