#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "chemin/chemin.hpp"

using chemin::Errc;
using chemin::Result;
using chemin::Status;

TEST_CASE("a default Status is ok and says so") {
    Status s;
    CHECK(s.ok());
    CHECK(s.code() == Errc::ok);
    CHECK(std::string(s.message()) == "ok");
    CHECK_FALSE(s.has_offset());
}

TEST_CASE("an error at an offset names the byte and the problem") {
    Status s = Status::error_at(Errc::bad_magic, 4, "wrong magic 0x%08x", 0x1234u);
    CHECK_FALSE(s.ok());
    CHECK(s.code() == Errc::bad_magic);
    CHECK(s.offset() == 4);
    CHECK(std::string(s.message()) == "byte 4: wrong magic 0x00001234");
    s.prefix("train.idx");
    CHECK(std::string(s.message()) == "train.idx: byte 4: wrong magic 0x00001234");
}

TEST_CASE("a long message is cut, never overflowed") {
    std::string long_name(1000, 'x');
    Status s = Status::error(Errc::io_error, "%s", long_name.c_str());
    CHECK(std::string(s.message()).size() == Status::message_capacity - 1);
    s.prefix(long_name.c_str());
    CHECK(std::string(s.message()).size() == Status::message_capacity - 1);
}

TEST_CASE("prefix leaves an ok status ok") {
    Status s;
    s.prefix("file");
    CHECK(s.ok());
}

TEST_CASE("every error code has a name") {
    for (int c = 0; c <= static_cast<int>(Errc::out_of_memory); ++c)
        CHECK(std::string(chemin::to_string(static_cast<Errc>(c))) != "unknown error");
}

namespace {
struct NoDefault {
    explicit NoDefault(int v) : value(v) {}
    int value;
};
Result<std::vector<int>> make_vector(bool ok) {
    if (!ok) return Status::error(Errc::bad_argument, "asked to fail");
    return std::vector<int>{1, 2, 3};
}
Status chain(bool ok) {
    CHEMIN_TRY(ok ? Status() : Status::error(Errc::truncated, "inner"));
    return Status::error(Errc::corrupt, "reached the end");
}
}  // namespace

TEST_CASE("Result holds a value or an error, and copies and moves either") {
    auto good = make_vector(true);
    REQUIRE(good.ok());
    CHECK(good->size() == 3);
    auto copy = good;
    CHECK((*copy)[2] == 3);
    auto moved = std::move(copy);
    CHECK(moved.value().size() == 3);

    auto bad = make_vector(false);
    CHECK_FALSE(bad.ok());
    CHECK(bad.status().code() == Errc::bad_argument);
    CHECK(std::string(bad.status().message()) == "asked to fail");
    bad = good;
    CHECK(bad.ok());

    Result<NoDefault> no_default(NoDefault(7));
    CHECK(no_default->value == 7);
}

TEST_CASE("CHEMIN_TRY returns the first error") {
    CHECK(chain(false).code() == Errc::truncated);
    CHECK(chain(true).code() == Errc::corrupt);
}

namespace {
// Two unwraps in one function (distinct hidden names per line), into a new and an existing variable,
// returning a Result and a Status.
Result<int> sum_of_two(bool first_ok, bool second_ok) {
    CHEMIN_TRY_ASSIGN(const std::vector<int> first, make_vector(first_ok));
    std::vector<int> second{100};
    CHEMIN_TRY_ASSIGN(second, make_vector(second_ok));
    return first[0] + second[2];
}
Status count_into(bool ok, std::size_t& count) {
    CHEMIN_TRY_ASSIGN(const std::vector<int> values, make_vector(ok));
    count = values.size();
    return Status();
}
}  // namespace

TEST_CASE("CHEMIN_TRY_ASSIGN unwraps a value or returns the error") {
    auto both = sum_of_two(true, true);
    REQUIRE(both.ok());
    CHECK(*both == 1 + 3);
    auto second_fails = sum_of_two(true, false);
    REQUIRE_FALSE(second_fails.ok());
    CHECK(std::string(second_fails.status().message()) == "asked to fail");
    CHECK(sum_of_two(false, true).status().code() == Errc::bad_argument);
    std::size_t count = 0;
    CHECK(count_into(true, count).ok());
    CHECK(count == 3);
    count = 0;
    CHECK(count_into(false, count).code() == Errc::bad_argument);
    CHECK(count == 0);
}

TEST_CASE("value_or_throw throws chemin::Error carrying the message") {
    CHECK(chemin::value_or_throw(make_vector(true)).size() == 3);
    try {
        (void)chemin::value_or_throw(make_vector(false));
        FAIL("expected a throw");
    } catch (const chemin::Error& e) {
        CHECK(e.code() == Errc::bad_argument);
        CHECK(std::string(e.what()) == "asked to fail");
    }
}
