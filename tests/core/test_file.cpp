#include <doctest/doctest.h>

#include <csignal>
#include <cstdio>
#include <dirent.h>
#include <string>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#include "chemin/chemin.hpp"

namespace {
std::string temp_path(const char* name) { return std::string("chemin_test_file_") + name; }
bool exists(const std::string& path) {
    struct stat st;
    return stat(path.c_str(), &st) == 0;
}
/// AtomicFile temporaries of `path` (a name in the current folder) present now, from any process.
std::vector<std::string> temporaries_of(const std::string& path) {
    std::vector<std::string> found;
    DIR* dir = opendir(".");
    if (dir == nullptr) return found;
    for (const dirent* e = readdir(dir); e != nullptr; e = readdir(dir))
        if (chemin::is_atomic_temporary_of(e->d_name, path)) found.push_back(e->d_name);
    closedir(dir);
    return found;
}
void put(const std::string& path, const std::string& text) {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    REQUIRE(f != nullptr);
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
}
std::string text_of(const std::string& path) {
    auto bytes = chemin::read_file(path);
    REQUIRE(bytes.ok());
    return std::string(bytes->begin(), bytes->end());
}
/// The id of a process that has ended and been reaped, so no process runs under it (until reused).
pid_t dead_pid() {
    const pid_t child = fork();
    if (child == 0) _exit(0);
    int status = 0;
    waitpid(child, &status, 0);
    return child;
}
}  // namespace

TEST_CASE("write_file_atomic then read_file round-trips the bytes") {
    const std::string path = temp_path("roundtrip.bin");
    const std::string text("hello\0world", 11);
    REQUIRE(chemin::write_file_atomic(path, text).ok());
    CHECK(temporaries_of(path).empty());
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
    CHECK_FALSE(exists(chemin::atomic_temporary_path(path)));
}

TEST_CASE("an abandoned AtomicFile leaves the old file untouched and no partial file") {
    const std::string path = temp_path("keep.txt");
    REQUIRE(chemin::write_file_atomic(path, std::string("old")).ok());
    {
        chemin::AtomicFile out;
        REQUIRE(out.open(path).ok());
        REQUIRE(out.write(std::string("new but never committed")).ok());
        CHECK(exists(chemin::atomic_temporary_path(path)));
    }  // destroyed without commit, as when a run fails half-way
    CHECK(temporaries_of(path).empty());
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

TEST_CASE("the temporary is named <path>.chemin-partial-<pid>") {
    CHECK(chemin::atomic_temporary_path("out/a.json") == "out/a.json.chemin-partial-" + std::to_string(getpid()));
    CHECK(chemin::is_atomic_temporary_of("a.json.chemin-partial-12", "a.json"));
    CHECK_FALSE(chemin::is_atomic_temporary_of("a.json.chemin-partial-", "a.json"));
    CHECK_FALSE(chemin::is_atomic_temporary_of("a.json.chemin-partial-12x", "a.json"));
    CHECK_FALSE(chemin::is_atomic_temporary_of("b.a.json.chemin-partial-12", "a.json"));
    CHECK_FALSE(chemin::is_atomic_temporary_of("a.json.partial", "a.json"));
}

TEST_CASE("a user's <path>.partial and a live writer's temporary are left untouched") {
    const std::string path = temp_path("neighbours.txt");
    const std::string users = path + ".partial";
    const std::string live = path + ".chemin-partial-" + std::to_string(getppid());  // the test runner: alive
    put(users, "the user's notes");
    put(live, "another run, still writing");
    REQUIRE(chemin::write_file_atomic(path, std::string("new")).ok());
    CHECK(text_of(path) == "new");
    CHECK(text_of(users) == "the user's notes");
    CHECK(text_of(live) == "another run, still writing");
    CHECK(temporaries_of(path) == std::vector<std::string>{live});
    std::remove(users.c_str());
    std::remove(live.c_str());
    std::remove(path.c_str());
}

TEST_CASE("a leftover of a writer that is gone is removed at the next write of that path only") {
    const std::string path = temp_path("leftover.txt");
    const std::string other = temp_path("other.txt");
    const std::string pid = std::to_string(dead_pid());
    put(path + ".chemin-partial-" + pid, "half");
    put(other + ".chemin-partial-" + pid, "half of another file");
    put(path + ".chemin-partial-0" + pid, "not a pid chemin writes");
    REQUIRE(chemin::write_file_atomic(path, std::string("whole")).ok());
    CHECK(text_of(path) == "whole");
    CHECK(temporaries_of(path) == std::vector<std::string>{path + ".chemin-partial-0" + pid});
    CHECK(text_of(other + ".chemin-partial-" + pid) == "half of another file");  // not this path's: left
    std::remove((other + ".chemin-partial-" + pid).c_str());
    std::remove((path + ".chemin-partial-0" + pid).c_str());
    std::remove(path.c_str());
}

TEST_CASE("a file already under this process's temporary name is never overwritten: open fails naming it") {
    const std::string path = temp_path("clash.txt");
    const std::string temporary = chemin::atomic_temporary_path(path);
    put(path, "old");
    put(temporary, "not chemin's to overwrite");
    chemin::AtomicFile out;
    chemin::Status s = out.open(path);
    CHECK(s.code() == chemin::Errc::io_error);
    CHECK(std::string(s.message()).rfind(temporary + ": cannot create the temporary file for " + path + ": it already exists", 0) == 0);
    CHECK(out.commit().code() == chemin::Errc::io_error);
    CHECK(text_of(temporary) == "not chemin's to overwrite");
    CHECK(text_of(path) == "old");
    std::remove(temporary.c_str());
    std::remove(path.c_str());
}

TEST_CASE("a failed write leaves neither the temporary nor a changed file") {
    const std::string path = temp_path("full.txt");
    put(path, "old");
    chemin::AtomicFile out;
    REQUIRE(out.open(path).ok());
    out.abandon();  // the state a write error leaves: file closed and temporary removed
    CHECK(out.write(std::string("more")).code() == chemin::Errc::io_error);
    CHECK(out.commit().code() == chemin::Errc::io_error);
    CHECK(temporaries_of(path).empty());
    CHECK(text_of(path) == "old");
    // A real failure at commit: the target is a non-empty folder, so the rename is refused.
    const std::string folder = temp_path("folder_target");
    REQUIRE(chemin::make_folder(folder).ok());
    put(folder + "/inside", "kept");
    chemin::Status s = chemin::write_file_atomic(folder, std::string("x"));
    CHECK(s.code() == chemin::Errc::io_error);
    CHECK(temporaries_of(folder).empty());
    CHECK(text_of(folder + "/inside") == "kept");
    std::remove((folder + "/inside").c_str());
    rmdir(folder.c_str());
    std::remove(path.c_str());
}

TEST_CASE("a writer killed with SIGKILL mid-write leaves a temporary that the next write removes") {
    const std::string path = temp_path("killed.bin");
    put(path, "previous");
    int ready[2];
    REQUIRE(pipe(ready) == 0);
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        chemin::AtomicFile out;
        const std::string chunk(1 << 16, 'k');
        if (!out.open(path).ok() || !out.write(chunk).ok()) _exit(3);
        (void)write(ready[1], "w", 1);  // half of the file written: kill me now
        for (;;) {
            if (!out.write(chunk).ok()) _exit(4);
            usleep(1000);
        }
    }
    close(ready[1]);
    char byte = 0;
    REQUIRE(read(ready[0], &byte, 1) == 1);
    close(ready[0]);
    kill(child, SIGKILL);
    int status = 0;
    REQUIRE(waitpid(child, &status, 0) == child);
    CHECK(WIFSIGNALED(status));
    const std::string leftover = path + ".chemin-partial-" + std::to_string(child);
    CHECK(temporaries_of(path) == std::vector<std::string>{leftover});  // what the kill left
    CHECK(text_of(path) == "previous");                                  // never half-written
    REQUIRE(chemin::write_file_atomic(path, std::string("rerun")).ok());  // the rerun
    CHECK(temporaries_of(path).empty());
    CHECK(text_of(path) == "rerun");
    std::remove(path.c_str());
}
