#include <doctest/doctest.h>

#include <cstdio>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

#include "chemin/chemin.hpp"

namespace {
std::string temp_path(const char* name) { return std::string("chemin_test_file_") + name; }
bool exists(const std::string& path) {
    struct stat st;
    return stat(path.c_str(), &st) == 0;
}
}  // namespace

TEST_CASE("write_file_atomic then read_file round-trips the bytes") {
    const std::string path = temp_path("roundtrip.bin");
    const std::string text("hello\0world", 11);
    REQUIRE(chemin::write_file_atomic(path, text).ok());
    CHECK_FALSE(exists(path + ".partial"));
    auto bytes = chemin::read_file(path);
    REQUIRE(bytes.ok());
    CHECK(std::string(bytes->begin(), bytes->end()) == text);
    std::remove(path.c_str());
}

TEST_CASE("read_file of a missing file says not found and names the path") {
    auto r = chemin::read_file("no/such/chemin_file.idx");
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == chemin::Errc::not_found);
    CHECK(std::string(r.status().message()) ==
          "no/such/chemin_file.idx: cannot open: No such file or directory");
}

TEST_CASE("read_file of a directory says it is a directory") {
    auto r = chemin::read_file(".");
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == chemin::Errc::io_error);
    CHECK(std::string(r.status().message()) == ".: cannot read: it is a directory, not a file");
}

TEST_CASE("writing into a folder that does not exist fails cleanly and leaves nothing") {
    const std::string path = "no_such_folder_chemin/out.json";
    chemin::Status s = chemin::write_file_atomic(path, std::string("{}"));
    CHECK(s.code() == chemin::Errc::not_found);
    CHECK(std::string(s.message()) == path + ": cannot create: No such file or directory");
    CHECK_FALSE(exists(path));
    CHECK_FALSE(exists(path + ".partial"));
}

TEST_CASE("an abandoned AtomicFile leaves the old file untouched and no partial file") {
    const std::string path = temp_path("keep.txt");
    REQUIRE(chemin::write_file_atomic(path, std::string("old")).ok());
    {
        chemin::AtomicFile out;
        REQUIRE(out.open(path).ok());
        REQUIRE(out.write(std::string("new but never committed")).ok());
        CHECK(exists(path + ".partial"));
    }  // destroyed without commit, as when a run fails half-way
    CHECK_FALSE(exists(path + ".partial"));
    auto bytes = chemin::read_file(path);
    REQUIRE(bytes.ok());
    CHECK(std::string(bytes->begin(), bytes->end()) == "old");
    std::remove(path.c_str());
}

TEST_CASE("creating a file where the system refuses is an I/O error naming the path") {
    chemin::AtomicFile out;
    chemin::Status s = out.open("/proc/chemin_cannot_write_here");
    CHECK(s.code() == chemin::Errc::not_found);
    CHECK(std::string(s.message()).rfind("/proc/chemin_cannot_write_here: cannot create: ", 0) == 0);
    CHECK(out.commit().code() == chemin::Errc::io_error);
}

TEST_CASE("make_folder creates a missing folder, accepts an existing one, and refuses a file") {
    const std::string folder = temp_path("folder");
    std::remove(folder.c_str());
    rmdir(folder.c_str());
    REQUIRE(chemin::make_folder(folder).ok());
    CHECK(exists(folder));
    CHECK(chemin::make_folder(folder).ok());
    const std::string file = temp_path("plain_file");
    REQUIRE(chemin::write_file_atomic(file, std::string("x")).ok());
    chemin::Status s = chemin::make_folder(file);
    CHECK(s.code() == chemin::Errc::io_error);
    CHECK(std::string(s.message()) == file + ": cannot use as a folder: it is a file");
    chemin::Status deep = chemin::make_folder("no_such_parent_chemin/child");
    CHECK(deep.code() == chemin::Errc::not_found);
    CHECK(std::string(deep.message()) == "no_such_parent_chemin/child: cannot create the folder: No such file or directory");
    std::remove(file.c_str());
    rmdir(folder.c_str());
}
