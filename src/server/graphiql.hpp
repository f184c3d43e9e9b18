// GraphiQL, served from the binary's memory: the page, a small start-up script, and the
// standalone bundles of graphiql and React read once at start-up from the npm folder
// src/server/graphiql (installed by `make deps`). Browsers never reach a CDN.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stashql {

struct StaticAsset {
  std::string path;  // the URL path, e.g. "/graphiql/graphiql.min.js"
  std::string content;
  std::string_view content_type;
  std::string etag;  // quoted, from the content's hash
};

class GraphiqlAssets {
 public:
  // Reads the bundles from the first folder that has them: $STASHQL_GRAPHIQL_DIR, then
  // src/server/graphiql next to the executable's build folder, share/stashql/graphiql, and the
  // source tree this file was compiled from. Without them the page says how to install them
  // and `warning` says why.
  static GraphiqlAssets load(std::string& warning);
  // From one folder (holding node_modules/graphiql, node_modules/react, …); for tests.
  static std::optional<GraphiqlAssets> load_from(const std::filesystem::path& folder);

  // The GraphiQL page; it talks to the URL it was served from.
  const StaticAsset& page() const { return page_; }
  // An asset by URL path, or nullptr.
  const StaticAsset* find(std::string_view path) const;
  bool complete() const { return complete_; }

 private:
  StaticAsset page_;
  std::vector<StaticAsset> assets_;
  bool complete_ = false;
};

}  // namespace stashql
