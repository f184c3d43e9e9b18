// Datasources as an app declares them in `stashql.yaml`: a name, a kind (redis, file, http)
// and the kind's settings, checked at load time. Steps name the datasource they use with
// `datasource:` (or use the app's only one of the kind their function needs).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <stashql/ast.hpp>
#include <stashql/value.hpp>

namespace stashql {

enum class DatasourceKind : std::uint8_t { redis, file, http };

std::string_view datasource_kind_name(DatasourceKind kind);

struct DatasourceConfig {
  std::string name;
  DatasourceKind kind = DatasourceKind::redis;
  // The kind's settings after `${VAR}` expansion and checks (url, root, base_url, pool,
  // timeouts, …), as an object.
  Value settings;
  std::string file;  // where it was declared
  Location location;
  std::size_t index = 0;  // its position among the app's datasources (Backends::find)
};

using Datasources = std::vector<DatasourceConfig>;

}  // namespace stashql
