// What `--dry` makes of a Redis write command (see redis_dry.hpp).
#include "datasources/redis/redis_dry.hpp"

#include <algorithm>
#include <charconv>
#include <cstddef>
#include <limits>
#include <optional>
#include <string_view>
#include <unordered_set>

#include <stashql/json.hpp>

#include "graphql/utf8.hpp"

namespace stashql::redis {
namespace {

using Command = std::vector<std::string>;

// The write commands the redis.* functions send.
enum class Write : std::uint8_t {
  set,
  hset,
  expire,
  del,
  incrby,
  sadd,
  zadd,
  xadd,
  publish,
  other
};

Write write_of(const Command& command) {
  if (command.empty()) return Write::other;
  const std::string_view name = command.front();
  if (name == "SET") return Write::set;
  if (name == "HSET") return Write::hset;
  if (name == "EXPIRE") return Write::expire;
  if (name == "DEL") return Write::del;
  if (name == "INCRBY") return Write::incrby;
  if (name == "SADD") return Write::sadd;
  if (name == "ZADD") return Write::zadd;
  if (name == "XADD") return Write::xadd;
  if (name == "PUBLISH") return Write::publish;
  return Write::other;
}

bool needs_quotes(std::string_view text) {
  if (text.empty()) return true;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c <= 0x20 || c == 0x7f || c == '"' || c == '\\') return true;
    if (c < 0x80) {
      ++i;
      continue;
    }
    const Utf8Char ch = decode_utf8(text, i);
    if (!ch.valid) return true;
    i += ch.length;
  }
  return false;
}

// SET's NX or XX, if any: its options come after the key and the value.
std::string_view set_condition(const Command& command) {
  for (std::size_t i = 3; i < command.size(); ++i) {
    if (command[i] == "NX" || command[i] == "XX") return command[i];
  }
  return {};
}

// `prefix`, then the arguments of `command` from `first` on, each once (a key or a member
// named twice is written once, and EXISTS would count it twice).
Command with_unique(Command prefix, const Command& command, std::size_t first) {
  std::unordered_set<std::string_view> seen;
  for (std::size_t i = first; i < command.size(); ++i) {
    if (seen.insert(command[i]).second) prefix.push_back(command[i]);
  }
  return prefix;
}

// A stored value as INCRBY reads it: Redis accepts only the canonical decimal spelling of a
// 64-bit integer (no sign but '-', no leading zeros, no spaces).
std::optional<std::int64_t> stored_integer(std::string_view text) {
  const std::string_view digits = text.starts_with('-') ? text.substr(1) : text;
  if (digits.empty() || digits.size() > 19) return std::nullopt;
  if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  if (digits.front() == '0' && text != "0") return std::nullopt;  // "007", "-0"
  std::int64_t n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return n;
}

Reply incremented(const Command& command, const Reply& stored) {
  std::int64_t by = 0;
  if (command.size() < 3) return Reply::error("ERR wrong number of arguments for 'incrby'");
  std::from_chars(command[2].data(), command[2].data() + command[2].size(), by);
  if (stored.kind == Reply::Kind::nil) return Reply::of_integer(by);
  if (stored.kind != Reply::Kind::string) return stored;
  const auto old = stored_integer(stored.text);
  if (!old) return Reply::error("ERR value is not an integer or out of range");
  constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  if ((*old < 0 && by < 0 && by < kMin - *old) || (*old > 0 && by > 0 && by > kMax - *old))
    return Reply::error("ERR increment or decrement would overflow");
  return Reply::of_integer(*old + by);
}

// SMISMEMBER's [0|1…] → how many of the (distinct) members are new.
Reply added_members(const Reply& membership) {
  if (membership.kind != Reply::Kind::array) return membership;
  std::int64_t added = 0;
  for (const Reply& member : membership.elements) {
    if (member.kind != Reply::Kind::integer) return membership;
    if (member.integer == 0) ++added;
  }
  return Reply::of_integer(added);
}

// PUBSUB NUMSUB's [channel, count] → the count.
Reply receivers(const Reply& numsub) {
  if (numsub.kind != Reply::Kind::array || numsub.elements.size() != 2 ||
      numsub.elements[1].kind != Reply::Kind::integer) {
    return numsub;
  }
  return Reply::of_integer(numsub.elements[1].integer);
}

}  // namespace

std::string command_line(const Command& command) {
  std::string out;
  for (std::size_t i = 0; i < command.size(); ++i) {
    std::string upper;
    if (i == 0) {
      upper = command[0];
      std::transform(upper.begin(), upper.end(), upper.begin(),
                     [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c; });
    } else {
      out += ' ';
    }
    const std::string& text = i == 0 ? upper : command[i];
    if (needs_quotes(text)) {
      write_json_string(out, text);
    } else {
      out += text;
    }
  }
  return out;
}

Command stand_in_read(const Command& command) {
  if (command.size() < 2) return {};  // every write names its key or channel
  switch (write_of(command)) {
    case Write::set:
      if (set_condition(command).empty()) return {};
      return {"EXISTS", command[1]};
    case Write::del:
      return with_unique({"EXISTS"}, command, 1);
    case Write::incrby:
      return {"GET", command[1]};
    case Write::sadd:
      return with_unique({"SMISMEMBER", command[1]}, command, 2);
    case Write::zadd:
      if (command.size() < 4) return {};
      return {"ZSCORE", command[1], command[3]};
    case Write::publish:
      return {"PUBSUB", "NUMSUB", command[1]};
    case Write::hset:
    case Write::expire:
    case Write::xadd:
    case Write::other:
      break;
  }
  return {};
}

Reply simulated_reply(const Command& command, const Reply& read, std::int64_t now_ms) {
  switch (write_of(command)) {
    case Write::set: {
      const std::string_view condition = set_condition(command);
      if (condition.empty()) return Reply::status("OK");
      if (read.kind != Reply::Kind::integer) return read;
      const bool exists = read.integer > 0;
      return exists == (condition == "XX") ? Reply::status("OK") : Reply::nil();
    }
    case Write::hset:
      // As if every field were new: the functions only check that it is a count.
      return Reply::of_integer(static_cast<std::int64_t>((command.size() - 2) / 2));
    case Write::expire:
      return Reply::of_integer(1);
    case Write::del:  // EXISTS of the distinct keys: those DEL would remove
      return read;
    case Write::incrby:
      return incremented(command, read);
    case Write::sadd:
      return added_members(read);
    case Write::zadd:  // 1 for a new member; a new score for one already there counts 0
      if (read.kind == Reply::Kind::nil) return Reply::of_integer(1);
      if (read.kind == Reply::Kind::string) return Reply::of_integer(0);
      return read;
    case Write::xadd:
      return Reply::of_string(std::to_string(now_ms) + "-0");
    case Write::publish:
      return receivers(read);
    case Write::other:
      break;
  }
  return Reply::error("ERR no simulation of this command in a dry run");
}

}  // namespace stashql::redis
