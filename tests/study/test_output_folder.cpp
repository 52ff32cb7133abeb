// The output folder's rules (chemin/study/output_folder.hpp): a user's files are never replaced or
// deleted, each experiment lands whole, and what a killed run leaves is cleaned up at the next start.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "chemin/chemin.hpp"
#include "synthetic_experiment.hpp"

namespace {
const std::string out = "output_folder_test";
using chemin::PathKind;

void put(const std::string& path, const std::string& text) { REQUIRE(chemin::write_file_atomic(path, text).ok()); }
std::string text_of(const std::string& path) {
    auto bytes = chemin::read_file(path);
    REQUIRE(bytes.ok());
    return std::string(bytes->begin(), bytes->end());
}
PathKind kind(const std::string& path) { return chemin::path_kind(path); }
std::vector<std::string> names_in(const std::string& folder) {
    auto names = chemin::list_folder(folder);
    REQUIRE(names.ok());
    return *names;
}
void start_clean() { REQUIRE(chemin::remove_folder_tree(out).ok()); }

/// One run that writes experiment `name` holding `files` (name -> content), commits it, and finishes.
void run(const std::string& name, const std::vector<std::pair<std::string, std::string>>& files, bool force = false,
         bool exchange = true) {
    chemin::study::OutputFolder folder;
    chemin::study::OutputFolderOptions options;
    options.force = force;
    options.exchange = exchange;
    REQUIRE(folder.open(out, {name}, options).ok());
    auto temporary = folder.begin(name);
    REQUIRE(temporary.ok());
    for (const auto& f : files) put(*temporary + "/" + f.first, f.second);
    REQUIRE(folder.commit(name).ok());
    folder.finish();
}
}  // namespace

TEST_CASE("a missing folder is created and marked; the marker lists what chemin wrote") {
    start_clean();
    run("exp", {{"a.txt", "1"}});
    CHECK(names_in(out) == std::vector<std::string>{".chemin-output", "exp"});
    CHECK(names_in(out + "/exp") == std::vector<std::string>{"a.txt"});
    const std::string marker = text_of(out + "/.chemin-output");
    CHECK(marker.rfind("chemin output folder\n", 0) == 0);
    CHECK(marker.find("\nexp\n") != std::string::npos);
    start_clean();
}

TEST_CASE("a run that fails leaves no folder it created, and no marker in an empty folder it adopted") {
    start_clean();
    {
        chemin::study::OutputFolder folder;
        REQUIRE(folder.open(out, {"exp"}).ok());
        auto temporary = folder.begin("exp");
        REQUIRE(temporary.ok());
        put(*temporary + "/half", "x");
    }  // no commit, no finish: a failed run
    CHECK(kind(out) == PathKind::missing);

    REQUIRE(chemin::make_folder(out).ok());
    {
        chemin::study::OutputFolder folder;
        REQUIRE(folder.open(out, {"exp"}).ok());
        CHECK(kind(out + "/.chemin-output") == PathKind::file);
        folder.abandon();
    }
    CHECK(kind(out) == PathKind::folder);
    CHECK(names_in(out).empty());
    start_clean();
}

TEST_CASE("a non-empty folder chemin did not mark is refused, naming it and --force, and left untouched") {
    start_clean();
    REQUIRE(chemin::make_folder(out).ok());
    put(out + "/index.html", "my own page");
    chemin::study::OutputFolder folder;
    chemin::Status s = folder.open(out, {"exp"});
    CHECK(s.code() == chemin::Errc::bad_argument);
    const std::string message = s.message();
    CHECK(message.find(out + ": the folder is not empty and chemin did not create it") == 0);
    CHECK(message.find("--force") != std::string::npos);
    CHECK(names_in(out) == std::vector<std::string>{"index.html"});
    CHECK(text_of(out + "/index.html") == "my own page");
    start_clean();
}

TEST_CASE("--force writes beside the user's files but never replaces one of them") {
    start_clean();
    REQUIRE(chemin::make_folder(out).ok());
    put(out + "/notes.txt", "mine");
    REQUIRE(chemin::make_folder(out + "/exp").ok());
    put(out + "/exp/data.csv", "mine too");
    chemin::study::OutputFolderOptions force;
    force.force = true;
    {
        chemin::study::OutputFolder folder;
        chemin::Status s = folder.open(out, {"exp"}, force);  // exp is the user's folder
        CHECK(s.code() == chemin::Errc::bad_argument);
        CHECK(std::string(s.message()) == out + "/exp: already exists and chemin did not write it; chemin never replaces a file "
                                                "or folder it did not write: move it away or choose another output folder");
    }
    CHECK(kind(out + "/.chemin-output") == PathKind::missing);  // the refused run adopted nothing
    {
        chemin::study::OutputFolder folder;
        REQUIRE(folder.open(out, {"other"}, force).ok());
        CHECK(folder.write_file("exp", "x").code() == chemin::Errc::bad_argument);  // not even later in the run
        REQUIRE(chemin::write_file_atomic(out + "/index.html", "user's home page").ok());
        CHECK(folder.write_file("index.html", "chemin's").code() == chemin::Errc::bad_argument);
        folder.finish();
    }
    {
        chemin::study::OutputFolder folder;  // a run needs index.html: the user's one stops it before any work
        CHECK(std::string(folder.open(out, {"other"}, force).message()).find(out + "/index.html: already exists") == 0);
    }
    CHECK(text_of(out + "/index.html") == "user's home page");
    REQUIRE(chemin::rename_path(out + "/index.html", out + "/home.html").ok());
    run("other", {{"b", "2"}}, true);
    CHECK(text_of(out + "/notes.txt") == "mine");
    CHECK(text_of(out + "/exp/data.csv") == "mine too");
    CHECK(text_of(out + "/home.html") == "user's home page");
    CHECK(kind(out + "/other/b") == PathKind::file);
    run("other", {{"c", "3"}});  // now marked: no --force needed, and chemin's own folder is replaced
    CHECK(names_in(out + "/other") == std::vector<std::string>{"c"});
    CHECK(text_of(out + "/notes.txt") == "mine");
    start_clean();
}

TEST_CASE("an experiment is replaced as a whole: no file of the earlier run stays beside the new ones") {
    for (const bool exchange : {true, false}) {  // swapped in one step, or by two renames
        CAPTURE(exchange);
        start_clean();
        run("exp", {{"summary.json", "old"}, {"embedding_layer1.npy", "stale"}});
        run("exp", {{"summary.json", "new"}}, false, exchange);
        CHECK(names_in(out + "/exp") == std::vector<std::string>{"summary.json"});
        CHECK(text_of(out + "/exp/summary.json") == "new");
        CHECK(names_in(out) == std::vector<std::string>{".chemin-output", "exp"});
    }
    start_clean();
}

TEST_CASE("opening cleans what a killed run left and puts back a result that was moved aside") {
    start_clean();
    run("a", {{"f", "a1"}});
    run("b", {{"f", "b1"}});
    chemin::study::OutputFolder writer;
    REQUIRE(writer.open(out, {"c"}).ok());
    REQUIRE(writer.write_file("index.html", "home").ok());
    writer.finish();
    // What SIGKILL can leave: an unfinished experiment, the previous result moved aside just before
    // the new one was renamed in (a is missing), an old copy whose replacement landed (b is there),
    // and half-written files; beside them, user files whose names only look like chemin's.
    REQUIRE(chemin::make_folder(out + "/.a.tmp-41").ok());
    put(out + "/.a.tmp-41/f", "half");
    REQUIRE(chemin::rename_path(out + "/a", out + "/.a.old-41").ok());
    REQUIRE(chemin::make_folder(out + "/.b.old-40").ok());
    put(out + "/.b.old-40/f", "b0");
    put(out + "/index.html.partial", "<html");
    put(out + "/.chemin-output.partial", "chemin");
    put(out + "/.mine.tmp-1", "user");
    put(out + "/notes.txt.partial", "user");
    put(out + "/index.html.chemin-partial-43", "<html");
    put(out + "/.chemin-output.chemin-partial-44", "chemin");
    put(out + "/notes.txt.chemin-partial-45", "user");
    put(out + "/index.html.chemin-partial-x", "user");
    chemin::study::OutputFolder folder;
    REQUIRE(folder.open(out, {"c"}).ok());
    CHECK(names_in(out) == std::vector<std::string>{".chemin-output", ".mine.tmp-1", "a", "b", "index.html",
                                                    "index.html.chemin-partial-x", "notes.txt.chemin-partial-45",
                                                    "notes.txt.partial"});
    CHECK(text_of(out + "/a/f") == "a1");
    CHECK(text_of(out + "/b/f") == "b1");
    folder.finish();
    start_clean();
}

TEST_CASE("entries the user deleted are forgotten, so a later file of that name is the user's") {
    start_clean();
    run("exp", {{"f", "1"}});
    REQUIRE(chemin::remove_folder_tree(out + "/exp").ok());
    {
        chemin::study::OutputFolder folder;
        REQUIRE(folder.open(out, {}).ok());
        CHECK(folder.entries().empty());
        folder.finish();
    }
    put(out + "/exp", "user file");
    chemin::study::OutputFolder folder;
    CHECK(folder.open(out, {"exp"}).code() == chemin::Errc::bad_argument);
    CHECK(text_of(out + "/exp") == "user file");
    start_clean();
}

TEST_CASE("a marker that is not chemin's, unsafe or repeated names, a file as the folder, and a second run are refused") {
    start_clean();
    REQUIRE(chemin::make_folder(out).ok());
    put(out + "/.chemin-output", "hello\n");
    chemin::study::OutputFolder folder;
    chemin::Status s = folder.open(out, {"exp"});
    CHECK(s.code() == chemin::Errc::bad_magic);
    CHECK(std::string(s.message()) == out + "/.chemin-output: not a chemin marker (its first line is not \"chemin output folder\")");
    put(out + "/.chemin-output", "chemin output folder\n../etc\n");
    CHECK(folder.open(out, {"exp"}).code() == chemin::Errc::corrupt);
    start_clean();
    CHECK(std::string(folder.open(out, {"a", "a"}).message()) == out + ": two experiments are named \"a\"");
    CHECK(folder.open(out, {"../up"}).code() == chemin::Errc::bad_argument);
    CHECK(folder.open(out, {".hidden"}).code() == chemin::Errc::bad_argument);
    CHECK(folder.open(out, {"index.html"}).code() == chemin::Errc::bad_argument);
    CHECK(kind(out) == PathKind::missing);
    put(out, "a file");
    CHECK(std::string(folder.open(out, {"a"}).message()) == out + ": cannot use as the output folder: it is not a folder");
    REQUIRE(chemin::remove_file(out).ok());

    REQUIRE(folder.open(out, {"a"}).ok());
    chemin::study::OutputFolder second;
    chemin::Status busy = second.open(out, {"b"});
    CHECK(std::string(busy.message()) == out + ": another chemin run is writing into this folder");
    folder.finish();
    REQUIRE(second.open(out, {"b"}).ok());
    second.finish();
    start_clean();
}

TEST_CASE("write_experiment_folder puts the files, the page and the home-page line in one folder; the home page lists every run's") {
    start_clean();
    chemin::nn::DynamicNetwork<float> net;
    chemin::paths::ExperimentResult first = synthetic::make_experiment();
    chemin::paths::ExperimentResult second = synthetic::make_experiment(40, 20, 0);
    REQUIRE(first.name != second.name);
    for (chemin::paths::ExperimentResult* e : {&first, &second})
        for (auto& layer : e->layers) layer.signatures = layer.embedding;  // the exports need each layer's signatures
    chemin::study::OutputFolder folder;
    REQUIRE(folder.open(out, {first.name}).ok());
    chemin::Status written = chemin::study::write_experiment_folder(folder, first, net, "{}\n");
    REQUIRE_MESSAGE(written.ok(), std::string(written.message()));
    folder.finish();
    const auto files = names_in(out + "/" + first.name);
    for (const char* name : {"summary.json", "run_manifest.json", "report.html", "index_row.html", "sankey.svg"})
        CHECK_MESSAGE(std::find(files.begin(), files.end(), name) != files.end(), name);
    CHECK(text_of(out + "/" + first.name + "/report.html").find("<a href=\"../index.html\">") != std::string::npos);

    REQUIRE(folder.open(out, {second.name}).ok());  // a second run with other experiments
    REQUIRE(chemin::study::write_experiment_folder(folder, second, net, "{}\n").ok());
    folder.finish();
    const std::string index = text_of(out + "/index.html");
    const std::size_t a = index.find("<a href=\"" + first.name + "/report.html\">");
    const std::size_t b = index.find("<a href=\"" + second.name + "/report.html\">");
    CHECK(a != std::string::npos);
    CHECK(b != std::string::npos);
    CHECK(a < b);
    CHECK(names_in(out) == std::vector<std::string>{".chemin-output", "index.html", second.name, first.name});  // sorted
    start_clean();
}
