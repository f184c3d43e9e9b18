// GraphiQL's page and bundles, loaded once and served from memory with strong ETags.
#include "server/graphiql.hpp"

#include <array>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace stashql {
namespace {

namespace fs = std::filesystem;

struct BundleFile {
  std::string_view url;
  std::string_view file;  // under the folder's node_modules/
  std::string_view content_type;
};

constexpr std::string_view kJavaScript = "text/javascript; charset=utf-8";
constexpr std::array<BundleFile, 4> kBundles = {{
    {"/graphiql/react.production.min.js", "react/umd/react.production.min.js", kJavaScript},
    {"/graphiql/react-dom.production.min.js", "react-dom/umd/react-dom.production.min.js",
     kJavaScript},
    {"/graphiql/graphiql.min.js", "graphiql/graphiql.min.js", kJavaScript},
    {"/graphiql/graphiql.min.css", "graphiql/graphiql.min.css", "text/css; charset=utf-8"},
}};

// Kept out of the page so a Content-Security-Policy without 'unsafe-inline' scripts works.
constexpr std::string_view kStartScript =
    R"js(// Starts GraphiQL against the URL this page came from.
(function () {
  var fetcher = GraphiQL.createFetcher({ url: window.location.pathname });
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, { fetcher: fetcher, defaultEditorToolsVisibility: true }));
})();
)js";

constexpr std::string_view kPage = R"html(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>stashql · GraphiQL</title>
<link rel="stylesheet" href="/graphiql/graphiql.min.css">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<script src="/graphiql/react.production.min.js"></script>
<script src="/graphiql/react-dom.production.min.js"></script>
<script src="/graphiql/graphiql.min.js"></script>
<script src="/graphiql/init.js"></script>
</body>
</html>
)html";

constexpr std::string_view kMissingPage = R"html(<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>stashql · GraphiQL</title></head>
<body>
<h1>GraphiQL is not installed</h1>
<p>This server found no GraphiQL files. Run <code>make deps</code> (or <code>npm ci</code> in
<code>src/server/graphiql</code>) and restart it. GraphQL requests to this URL work without it.</p>
</body>
</html>
)html";

std::string etag_of(std::string_view content) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;  // FNV-1a
  for (unsigned char c : content) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  std::array<char, 24> quoted{};
  std::snprintf(quoted.data(), quoted.size(), "\"%016llx\"", static_cast<unsigned long long>(hash));
  return std::string(quoted.data());
}

StaticAsset make_asset(std::string path, std::string content, std::string_view content_type) {
  StaticAsset asset{std::move(path), std::move(content), content_type, {}};
  asset.etag = etag_of(asset.content);
  return asset;
}

std::optional<std::string> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return std::move(text).str();
}

std::optional<fs::path> executable_dir() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return std::nullopt;
  return exe.parent_path();
}

}  // namespace

std::optional<GraphiqlAssets> GraphiqlAssets::load_from(const fs::path& folder) {
  GraphiqlAssets assets;
  for (const BundleFile& bundle : kBundles) {
    std::optional<std::string> content = read_file(folder / "node_modules" / bundle.file);
    if (!content) return std::nullopt;
    assets.assets_.push_back(
        make_asset(std::string(bundle.url), std::move(*content), bundle.content_type));
  }
  assets.assets_.push_back(make_asset("/graphiql/init.js", std::string(kStartScript), kJavaScript));
  assets.page_ = make_asset("/graphql", std::string(kPage), "text/html; charset=utf-8");
  assets.complete_ = true;
  return assets;
}

GraphiqlAssets GraphiqlAssets::load(std::string& warning) {
  std::vector<fs::path> candidates;
  if (const char* dir = std::getenv("STASHQL_GRAPHIQL_DIR"); dir != nullptr && *dir != '\0') {
    candidates.emplace_back(dir);
  }
  if (std::optional<fs::path> exe = executable_dir()) {
    candidates.push_back(*exe / ".." / "src" / "server" / "graphiql");     // build/stashql
    candidates.push_back(*exe / ".." / "share" / "stashql" / "graphiql");  // installed
  }
  candidates.push_back(fs::path(__FILE__).parent_path() / "graphiql");  // the source tree
  for (const fs::path& folder : candidates) {
    if (std::optional<GraphiqlAssets> assets = load_from(folder)) return std::move(*assets);
  }
  warning =
      "GraphiQL's files were not found (run `make deps`, or set STASHQL_GRAPHIQL_DIR to "
      "the folder holding its node_modules); /graphql serves a page that says so";
  GraphiqlAssets missing;
  missing.page_ = make_asset("/graphql", std::string(kMissingPage), "text/html; charset=utf-8");
  return missing;
}

const StaticAsset* GraphiqlAssets::find(std::string_view path) const {
  for (const StaticAsset& asset : assets_) {
    if (asset.path == path) return &asset;
  }
  return nullptr;
}

}  // namespace stashql
