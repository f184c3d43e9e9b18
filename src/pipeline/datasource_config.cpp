// Datasource declarations: `kind` picks which settings are allowed and required; values are
// expanded from the environment and typed, so a backend is built from checked settings only.
#include "pipeline/datasource_config.hpp"

#include <algorithm>

namespace stashql {

std::string_view datasource_kind_name(DatasourceKind kind) {
  switch (kind) {
    case DatasourceKind::redis:
      return "redis";
    case DatasourceKind::file:
      return "file";
    case DatasourceKind::http:
      return "http";
  }
  return "?";
}

namespace config {
namespace {

constexpr double kMaxSeconds = 3600.0;

bool starts_with_any(std::string_view s, std::initializer_list<std::string_view> prefixes) {
  return std::any_of(prefixes.begin(), prefixes.end(),
                     [&](std::string_view p) { return s.rfind(p, 0) == 0; });
}

// Reads one declared setting into `settings` by its type.
class Settings {
 public:
  Settings(Reader& reader, const YAML::Node& node, std::string name)
      : reader_(reader), node_(node), name_(std::move(name)) {}

  std::optional<std::string> string(std::string_view key, bool required) {
    const YAML::Node n = lookup(node_, key);
    if (!n) {
      if (required) reader_.error(node_, what(key) + " is required");
      return std::nullopt;
    }
    std::optional<std::string> s = reader_.string(n, what(key));
    if (s) out_[key] = *s;
    return s;
  }
  void integer(std::string_view key, std::int64_t min, std::int64_t max) {
    if (const YAML::Node n = lookup(node_, key)) {
      if (auto v = reader_.integer(n, what(key), min, max)) out_[key] = *v;
    }
  }
  void boolean(std::string_view key) {
    if (const YAML::Node n = lookup(node_, key)) {
      if (auto v = reader_.boolean(n, what(key))) out_[key] = *v;
    }
  }
  void seconds(std::string_view key) {
    if (const YAML::Node n = lookup(node_, key)) {
      if (auto v = reader_.number(n, what(key), 0.001, kMaxSeconds)) out_[key] = *v;
    }
  }
  void string_map(std::string_view key) {
    const YAML::Node n = lookup(node_, key);
    if (!n) return;
    if (!n.IsMap()) {
      reader_.error(n, what(key) + " must be a mapping of names to strings");
      return;
    }
    Object members;
    for (const auto& member : n) {
      const YAML::Node k = member.first;
      if (!k.IsScalar()) continue;
      if (auto v = reader_.string(member.second, what(key) + "." + k.Scalar())) {
        members.emplace_back(k.Scalar(), *v);
      }
    }
    out_[key] = Value(std::move(members));
  }
  void error(std::string_view key, std::string_view message) {
    const YAML::Node n = lookup(node_, key);
    std::string text = what(key);
    text += ": ";
    text += message;
    reader_.error(n ? n : node_, std::move(text));
  }
  std::string what(std::string_view key) const {
    return "datasources." + name_ + "." + std::string(key);
  }
  void set(std::string_view key, Value v) { out_[key] = std::move(v); }
  Value take() { return std::move(out_); }

 private:
  Reader& reader_;
  const YAML::Node& node_;
  std::string name_;
  Value out_ = Object{};
};

}  // namespace

void read_datasources(Reader& reader, const YAML::Node& node, const std::filesystem::path& base_dir,
                      Datasources& out) {
  if (!node.IsMap()) {
    reader.error(node, "datasources must be a mapping of names to settings");
    return;
  }
  for (const auto& member : node) {
    const YAML::Node key = member.first;
    const YAML::Node value = member.second;
    if (!key.IsScalar() || key.Scalar().empty()) {
      reader.error(key, "datasources: each key is a datasource's name");
      continue;
    }
    const std::string& name = key.Scalar();
    if (std::any_of(out.begin(), out.end(), [&](const auto& d) { return d.name == name; })) {
      reader.error(key, "datasource \"" + name + "\" is declared twice");
      continue;
    }
    if (!value.IsMap()) {
      reader.error(value.IsDefined() && !value.IsNull() ? value : key,
                   "datasources." + name + " must be a mapping with a kind: redis, file or http");
      continue;
    }
    DatasourceConfig ds;
    ds.name = name;
    ds.file = reader.file();
    ds.location = location_of(key);
    const YAML::Node kind = lookup(value, "kind");
    std::optional<std::string> kind_name =
        kind ? reader.string(kind, "datasources." + name + ".kind") : std::nullopt;
    if (!kind)
      reader.error(value, "datasources." + name + ".kind is required: redis, file or http");
    if (!kind_name) continue;
    Settings settings(reader, value, name);
    if (*kind_name == "redis") {
      ds.kind = DatasourceKind::redis;
      reader.check_keys(value, {"kind", "url", "pool", "connect_timeout", "command_timeout"},
                        "datasources." + name);
      // hiredis 0.14 (Debian 12) has no TLS: rediss:// would silently mean plain text.
      if (auto url = settings.string("url", true);
          url && !starts_with_any(*url, {"redis://", "unix://"})) {
        settings.error("url", starts_with_any(*url, {"rediss://"})
                                  ? "rediss:// (TLS) is not supported: use redis:// through a "
                                    "local TLS tunnel, or unix://"
                                  : "must start with redis:// or unix://");
      }
      settings.integer("pool", 1, 64);
      settings.seconds("connect_timeout");
      settings.seconds("command_timeout");
    } else if (*kind_name == "file") {
      ds.kind = DatasourceKind::file;
      reader.check_keys(value, {"kind", "root", "max_bytes"}, "datasources." + name);
      if (auto root = settings.string("root", true)) {
        std::filesystem::path p(*root);
        if (p.is_relative()) p = base_dir / p;
        settings.set("root", p.lexically_normal().string());
      }
      settings.integer("max_bytes", 1, std::int64_t{1} << 40);
    } else if (*kind_name == "http") {
      ds.kind = DatasourceKind::http;
      reader.check_keys(value,
                        {"kind", "base_url", "pool", "timeout", "connect_timeout", "retries",
                         "headers", "dedupe", "ca_file", "max_bytes"},
                        "datasources." + name);
      if (auto url = settings.string("base_url", true);
          url && !starts_with_any(*url, {"http://", "https://"})) {
        settings.error("base_url", "must start with http:// or https://");
      }
      settings.integer("pool", 1, 1024);
      settings.seconds("timeout");
      settings.seconds("connect_timeout");
      settings.integer("retries", 0, 10);
      settings.string_map("headers");
      settings.boolean("dedupe");
      if (auto ca_file = settings.string("ca_file", false)) {
        std::filesystem::path p(*ca_file);
        if (p.is_relative()) p = base_dir / p;
        settings.set("ca_file", p.lexically_normal().string());
      }
      settings.integer("max_bytes", 1, std::int64_t{1} << 40);
    } else {
      reader.error(kind, "datasources." + name + ".kind must be redis, file or http, not \"" +
                             *kind_name + "\"");
      continue;
    }
    ds.settings = settings.take();
    ds.index = out.size();
    out.push_back(std::move(ds));
  }
}

}  // namespace config
}  // namespace stashql
