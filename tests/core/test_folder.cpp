#include <doctest/doctest.h>

#include <cstdio>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

#include "chemin/chemin.hpp"

namespace {
const std::string root = "chemin_test_folder";
void put(const std::string& path, const std::string& text) { REQUIRE(chemin::write_file_atomic(path, text).ok()); }
void fresh_root() {
    REQUIRE(chemin::remove_folder_tree(root).ok());
    REQUIRE(chemin::make_folder(root).ok());
}
}  // namespace

TEST_CASE("path_kind tells a missing path, a file, a folder and a symbolic link apart") {
    fresh_root();
    put(root + "/file", "x");
    CHECK(chemin::path_kind(root) == chemin::PathKind::folder);
    CHECK(chemin::path_kind(root + "/file") == chemin::PathKind::file);
    CHECK(chemin::path_kind(root + "/none") == chemin::PathKind::missing);
    REQUIRE(::symlink("file", (root + "/link").c_str()) == 0);
    CHECK(chemin::path_kind(root + "/link") == chemin::PathKind::other);  // not followed
    REQUIRE(chemin::remove_folder_tree(root).ok());
}

TEST_CASE("list_folder gives the names, sorted, without . and ..") {
    fresh_root();
    put(root + "/b", "");
    put(root + "/a", "");
    REQUIRE(chemin::make_folder(root + "/.c").ok());
    auto names = chemin::list_folder(root);
    REQUIRE(names.ok());
    CHECK(*names == std::vector<std::string>{".c", "a", "b"});
    auto missing = chemin::list_folder(root + "/none");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.status().code() == chemin::Errc::not_found);
    CHECK(std::string(missing.status().message()) == root + "/none: cannot list: No such file or directory");
    REQUIRE(chemin::remove_folder_tree(root).ok());
}

TEST_CASE("remove_folder_tree removes a nested tree but only the link, not what it points to") {
    fresh_root();
    REQUIRE(chemin::make_folder(root + "/keep").ok());
    put(root + "/keep/precious", "mine");
    REQUIRE(chemin::make_folder(root + "/tree").ok());
    REQUIRE(chemin::make_folder(root + "/tree/sub").ok());
    put(root + "/tree/sub/f", "x");
    REQUIRE(::symlink("../keep", (root + "/tree/link").c_str()) == 0);
    REQUIRE(chemin::remove_folder_tree(root + "/tree").ok());
    CHECK(chemin::path_kind(root + "/tree") == chemin::PathKind::missing);
    CHECK(chemin::path_kind(root + "/keep/precious") == chemin::PathKind::file);
    CHECK(chemin::remove_folder_tree(root + "/tree").ok());  // missing: nothing to do
    REQUIRE(chemin::remove_folder_tree(root).ok());
}

TEST_CASE("rename_path moves a folder, and names both paths when it cannot") {
    fresh_root();
    REQUIRE(chemin::make_folder(root + "/a").ok());
    put(root + "/a/f", "x");
    REQUIRE(chemin::rename_path(root + "/a", root + "/b").ok());
    CHECK(chemin::path_kind(root + "/b/f") == chemin::PathKind::file);
    chemin::Status s = chemin::rename_path(root + "/none", root + "/c");
    CHECK(s.code() == chemin::Errc::not_found);
    CHECK(std::string(s.message()) == root + "/none: cannot rename to " + root + "/c: No such file or directory");
    REQUIRE(chemin::make_folder(root + "/d").ok());
    put(root + "/d/g", "y");
    CHECK_FALSE(chemin::rename_path(root + "/b", root + "/d").ok());  // a folder never replaces a non-empty folder
    CHECK(chemin::path_kind(root + "/d/g") == chemin::PathKind::file);
    REQUIRE(chemin::remove_folder_tree(root).ok());
}

TEST_CASE("remove_empty_folder refuses a folder that holds something") {
    fresh_root();
    put(root + "/f", "x");
    CHECK_FALSE(chemin::remove_empty_folder(root).ok());
    CHECK(chemin::path_kind(root + "/f") == chemin::PathKind::file);
    REQUIRE(chemin::remove_file(root + "/f").ok());
    CHECK(chemin::remove_empty_folder(root).ok());
    CHECK(chemin::path_kind(root) == chemin::PathKind::missing);
}

TEST_CASE("exchange_paths swaps two non-empty folders, or says the system cannot") {
    fresh_root();
    REQUIRE(chemin::make_folder(root + "/a").ok());
    put(root + "/a/f", "in a");
    REQUIRE(chemin::make_folder(root + "/b").ok());
    put(root + "/b/g", "in b");
    chemin::Status s = chemin::exchange_paths(root + "/a", root + "/b");
    if (s.code() == chemin::Errc::unsupported) {
        MESSAGE("exchange_paths is not available here: " << s.message());
    } else {
        REQUIRE(s.ok());
        CHECK(chemin::path_kind(root + "/a/g") == chemin::PathKind::file);
        CHECK(chemin::path_kind(root + "/b/f") == chemin::PathKind::file);
    }
    CHECK_FALSE(chemin::exchange_paths(root + "/none", root + "/a").ok());
    REQUIRE(chemin::remove_folder_tree(root).ok());
}

TEST_CASE("absolute_path resolves a relative path and names a missing one") {
    REQUIRE(chemin::make_folder("folder_test_absolute").ok());
    auto here = chemin::absolute_path(".");
    auto made = chemin::absolute_path("folder_test_absolute/../folder_test_absolute");
    REQUIRE(here.ok());
    REQUIRE(made.ok());
    CHECK(here->front() == '/');
    CHECK(*made == *here + "/folder_test_absolute");
    auto missing = chemin::absolute_path("folder_test_absolute/no_such_entry");
    CHECK(missing.status().code() == chemin::Errc::io_error);
    CHECK(std::string(missing.status().message()).find("folder_test_absolute/no_such_entry: cannot resolve the path") == 0);
    CHECK(chemin::remove_empty_folder("folder_test_absolute").ok());
}
