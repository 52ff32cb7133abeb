#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>
#include <vector>

#include "chemin/chemin.hpp"

namespace {
std::string number(double x) {
    std::string s;
    chemin::output::detail::append_json_number(s, x);
    return s;
}
std::string quoted(const std::string& x) {
    std::string s;
    chemin::output::detail::append_json_string(s, x);
    return s;
}
}  // namespace

TEST_CASE("numbers are written in the shortest form that reads back exactly") {
    CHECK(number(0.1) == "0.1");
    CHECK(number(1.0) == "1");
    CHECK(number(-2.5e-8) == "-2.5e-08");
    CHECK(number(1.0 / 3.0) == "0.3333333333333333");
    for (double x : {0.1, 1.0 / 3.0, 123456.789, 6.02214076e23, -1e-300, 0.9953})
        CHECK(std::strtod(number(x).c_str(), nullptr) == x);
    CHECK(number(static_cast<double>(0.1f)) == "0.10000000149011612");
    std::string f;
    chemin::output::detail::append_json_number(f, 0.1f);  // a float is written with float's digits
    CHECK(f == "0.1");
}

TEST_CASE("NaN and infinities become null, since JSON has no such numbers") {
    CHECK(number(std::nan("")) == "null");
    CHECK(number(std::numeric_limits<double>::infinity()) == "null");
}

TEST_CASE("strings escape quotes, backslashes, control characters and HTML-sensitive characters") {
    CHECK(quoted("plain") == "\"plain\"");
    CHECK(quoted("a\"b\\c") == "\"a\\\"b\\\\c\"");
    CHECK(quoted("line\nnext\ttab") == "\"line\\nnext\\ttab\"");
    CHECK(quoted(std::string("\x01", 1)) == "\"\\u0001\"");
    CHECK(quoted("</script>&") == "\"\\u003c/script\\u003e\\u0026\"");
    CHECK(quoted("caf\xc3\xa9") == "\"caf\xc3\xa9\"");
}

TEST_CASE("the writer nests objects and arrays with commas in the right places") {
    chemin::output::JsonWriter json(0);
    json.begin_object();
    json.key("classes").array(std::vector<int>{1, 7});
    json.key("accuracy").value(0.995);
    json.key("xy").array(std::vector<float>{0.25f, -1.5f});
    json.key("layers").begin_array();
    json.begin_object().key("k").value(2).key("ok").value(true).end_object();
    json.begin_object().key("k").value(3).key("name").value("a<b").end_object();
    json.end_array();
    json.key("empty").begin_object().end_object();
    json.key("none").null();
    json.end_object();
    CHECK(json.str() ==
          "{\"classes\":[1,7],\"accuracy\":0.995,\"xy\":[0.25,-1.5],\"layers\":[{\"k\":2,\"ok\":true},"
          "{\"k\":3,\"name\":\"a\\u003cb\"}],\"empty\":{},\"none\":null}");
}

TEST_CASE("indented output puts each member on its own line") {
    chemin::output::JsonWriter json(2);
    json.begin_object().key("a").value(1).key("b").begin_array().value(2).end_array().end_object();
    CHECK(json.str() == "{\n  \"a\": 1,\n  \"b\": [\n    2\n  ]\n}");
}
