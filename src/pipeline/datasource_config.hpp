// Reading `datasources:` of stashql.yaml: each entry's kind and settings, checked at load time.
#pragma once

#include <filesystem>

#include <yaml-cpp/yaml.h>

#include <stashql/datasource.hpp>

#include "pipeline/config.hpp"

namespace stashql::config {

// `node` is the `datasources:` mapping (name → settings); relative `root` folders are
// resolved against `base_dir`.
void read_datasources(Reader& reader, const YAML::Node& node, const std::filesystem::path& base_dir,
                      Datasources& out);

}  // namespace stashql::config
