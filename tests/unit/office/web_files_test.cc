// The web admin's embedded files: what a path finds, and how each file is typed and cached.
#include <doctest/doctest.h>

#include "office/web_files.h"

using namespace kopilka::office;

TEST_CASE("the root and the icon's usual address find their files") {
  REQUIRE(find_web_file("/") != nullptr);
  CHECK(find_web_file("/")->path == "/index.html");
  CHECK(find_web_file("/index.html") == find_web_file("/"));
  REQUIRE(find_web_file("/favicon.ico") != nullptr);
  CHECK(find_web_file("/favicon.ico")->path == "/favicon.svg");
  CHECK(find_web_file("/favicon.ico")->bytes.substr(0, 4) == "<svg");
  REQUIRE(find_web_file("/js/main.js") != nullptr);
  CHECK(find_web_file("/vendor/uplot/LICENSE") != nullptr);
}

TEST_CASE("files are embedded byte for byte, sorted, and only the served ones") {
  const auto& all = web_files();
  REQUIRE(all.size() > 10);
  for (std::size_t i = 1; i < all.size(); ++i) CHECK(all[i - 1].path < all[i].path);
  for (const auto& f : all) {
    CHECK(f.path.find("package") == std::string_view::npos);
    CHECK(f.path.find("node_modules") == std::string_view::npos);
    CHECK(!f.bytes.empty());
  }
  CHECK(find_web_file("/index.html")->bytes.substr(0, 15) == "<!doctype html>");
}

TEST_CASE("unknown paths and any path that is not plain are not found") {
  for (const char* path :
       {"/nope.js", "/js", "/js/", "/package.json", "/../index.html", "/js/../index.html",
        "/./index.html", "/js//main.js", "//index.html", "/js\\main.js", "index.html", "/.."}) {
    CAPTURE(path);
    CHECK(find_web_file(path) == nullptr);
  }
  CHECK(find_web_file(std::string_view("/index.html\0", 12)) == nullptr);
}

TEST_CASE("content type by extension, caching by place") {
  CHECK(web_content_type("/index.html") == "text/html; charset=utf-8");
  CHECK(web_content_type("/js/main.js") == "text/javascript; charset=utf-8");
  CHECK(web_content_type("/app.css") == "text/css; charset=utf-8");
  CHECK(web_content_type("/favicon.svg") == "image/svg+xml");
  CHECK(web_content_type("/favicon.ico") == "image/svg+xml");
  CHECK(web_content_type("/vendor/uplot/LICENSE") == "text/plain; charset=utf-8");
  CHECK(web_content_type("/x.bin") == "application/octet-stream");
  CHECK(web_cache_control("/index.html") == "no-cache");
  CHECK(web_cache_control("/js/main.js") == "no-cache");
  CHECK(web_cache_control("/vendor/uplot/uPlot.iife.min.js") == "public, max-age=86400");
  CHECK(web_cache_control("/favicon.ico") == "public, max-age=86400");
}
