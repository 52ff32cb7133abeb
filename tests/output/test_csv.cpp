#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "chemin/chemin.hpp"

TEST_CASE("CSV quotes only the fields that need it, doubling inner quotes") {
    chemin::output::CsvWriter csv({"id", "name", "score"});
    csv.field(1).field("plain").field(0.5).end_row();
    csv.field(2).field("a,b").field(1.0f / 3.0f).end_row();
    csv.field(3).field("say \"hi\"\nbye").field(std::nan("")).end_row();
    CHECK(csv.rows() == 3);
    CHECK(csv.str() ==
          "id,name,score\n"
          "1,plain,0.5\n"
          "2,\"a,b\",0.33333334\n"
          "3,\"say \"\"hi\"\"\nbye\",\n");
}

TEST_CASE("CSV booleans are 0 and 1, integers are exact") {
    chemin::output::CsvWriter csv({"flag", "big"});
    csv.field(true).field(9007199254740993LL).end_row();
    csv.field(false).field(-4).end_row();
    CHECK(csv.str() == "flag,big\n1,9007199254740993\n0,-4\n");
}
