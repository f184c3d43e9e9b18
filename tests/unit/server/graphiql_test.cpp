// GraphiQL's files: read from an npm folder into memory, found by URL path, with ETags that
// follow the content; a folder without them is refused rather than half-served.
#include "server/graphiql.hpp"

#include <filesystem>
#include <fstream>
#include <stdlib.h>

#include <gtest/gtest.h>

namespace stashql {
namespace {

namespace fs = std::filesystem;

class NpmFolder {
 public:
  NpmFolder() {
    std::string pattern = (fs::temp_directory_path() / "stashql-graphiql-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~NpmFolder() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  void write(const std::string& file, const std::string& text) const {
    const fs::path p = path_ / "node_modules" / file;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
  }
  void write_all(const std::string& script = "window.GraphiQL = {};") const {
    write("react/umd/react.production.min.js", "window.React = {};");
    write("react-dom/umd/react-dom.production.min.js", "window.ReactDOM = {};");
    write("graphiql/graphiql.min.js", script);
    write("graphiql/graphiql.min.css", ".graphiql-container {}");
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

TEST(GraphiqlAssets, ServesEveryBundleAndTheStartScriptFromMemory) {
  NpmFolder folder;
  folder.write_all();
  auto assets = GraphiqlAssets::load_from(folder.path());
  ASSERT_TRUE(assets.has_value());
  EXPECT_TRUE(assets->complete());
  for (const char* path :
       {"/graphiql/react.production.min.js", "/graphiql/react-dom.production.min.js",
        "/graphiql/graphiql.min.js", "/graphiql/graphiql.min.css", "/graphiql/init.js"}) {
    const StaticAsset* asset = assets->find(path);
    ASSERT_NE(asset, nullptr) << path;
    EXPECT_FALSE(asset->content.empty()) << path;
    EXPECT_TRUE(asset->etag.starts_with("\"") && asset->etag.ends_with("\"")) << asset->etag;
  }
  EXPECT_EQ(assets->find("/graphiql/graphiql.min.css")->content_type, "text/css; charset=utf-8");
  EXPECT_EQ(assets->find("/graphiql/nope.js"), nullptr);
  EXPECT_EQ(assets->find("/graphiql/../graphiql/init.js"), nullptr);
}

TEST(GraphiqlAssets, PageLoadsOnlyLocalFiles) {
  NpmFolder folder;
  folder.write_all();
  auto assets = GraphiqlAssets::load_from(folder.path());
  ASSERT_TRUE(assets.has_value());
  const std::string& page = assets->page().content;
  for (const char* file : {"/graphiql/react.production.min.js", "/graphiql/graphiql.min.js",
                           "/graphiql/graphiql.min.css", "/graphiql/init.js"}) {
    EXPECT_NE(page.find(file), std::string::npos) << file;
  }
  EXPECT_EQ(page.find("://"), std::string::npos) << "no absolute URL, so no CDN";
}

TEST(GraphiqlAssets, EtagFollowsTheContent) {
  NpmFolder a;
  a.write_all("window.GraphiQL = 1;");
  NpmFolder b;
  b.write_all("window.GraphiQL = 2;");
  auto first = GraphiqlAssets::load_from(a.path());
  auto second = GraphiqlAssets::load_from(b.path());
  ASSERT_TRUE(first && second);
  EXPECT_NE(first->find("/graphiql/graphiql.min.js")->etag,
            second->find("/graphiql/graphiql.min.js")->etag);
  EXPECT_EQ(first->find("/graphiql/graphiql.min.css")->etag,
            second->find("/graphiql/graphiql.min.css")->etag);
}

TEST(GraphiqlAssets, IncompleteFolderIsRefused) {
  NpmFolder folder;
  folder.write("graphiql/graphiql.min.js", "window.GraphiQL = {};");
  EXPECT_FALSE(GraphiqlAssets::load_from(folder.path()).has_value());
}

}  // namespace
}  // namespace stashql
