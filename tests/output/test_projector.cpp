#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "chemin/chemin.hpp"

namespace {
std::string slurp(const std::string& path) {
    auto bytes = chemin::read_file(path);
    REQUIRE(bytes.ok());
    return std::string(bytes->begin(), bytes->end());
}
}  // namespace

TEST_CASE("projector files: tensors, metadata with header, sprite grid and config") {
    chemin::Matrix vectors(3, 2);
    vectors(0, 0) = 0.5f; vectors(0, 1) = -1.0f;
    vectors(1, 0) = 2.0f; vectors(2, 1) = 0.25f;
    chemin::Matrix images(3, 4, 0.0f);  // 2 x 2 images
    images(0, 0) = 1.0f;
    images(2, 3) = 0.5f;
    chemin::output::ProjectorData data;
    data.vectors = vectors;
    data.metadata_columns = {"id", "class"};
    data.metadata = {{"0", "1"}, {"1", "seven\tteen"}, {"2", "3"}};
    data.images = images;
    data.image_rows = 2;
    data.image_cols = 2;
    REQUIRE(chemin::output::write_projector(".", "layer1", data).ok());
    CHECK(slurp("layer1_tensors.tsv") == "0.5\t-1\n2\t0\n0\t0.25\n");
    CHECK(slurp("layer1_metadata.tsv") == "id\tclass\n0\t1\n1\tseven teen\n2\t3\n");
    const std::string config = slurp("layer1_projector_config.pbtxt");
    CHECK(config.find("tensor_path: \"layer1_tensors.tsv\"") != std::string::npos);
    CHECK(config.find("image_path: \"layer1_sprite.png\"") != std::string::npos);
    CHECK(config.find("single_image_dim: 2") != std::string::npos);
    // 3 images -> a 2 x 2 grid of 2 x 2 pixels: 4 x 4 sprite; image 2 sits at grid (0, 1).
    CHECK(std::system("python3 -c \"import struct, zlib\n"
                      "d = open('layer1_sprite.png', 'rb').read()\n"
                      "w, h = struct.unpack('>II', d[16:24]); assert (w, h) == (4, 4)\n"
                      "i = d.index(b'IDAT'); n = struct.unpack('>I', d[i-4:i])[0]\n"
                      "rows = zlib.decompress(d[i+4:i+4+n])\n"
                      "px = [rows[r*5+1:(r+1)*5] for r in range(4)]\n"
                      "assert px[0][0] == 255 and px[3][1] == 128 and sum(map(sum, px)) == 383\"") == 0);
    for (const char* f : {"layer1_tensors.tsv", "layer1_metadata.tsv", "layer1_sprite.png", "layer1_projector_config.pbtxt"})
        std::remove(f);
}

TEST_CASE("projector files of several layers share one sprite") {
    chemin::Matrix vectors(4, 2, 1.0f), images(4, 9, 0.5f);  // 3 x 3 images
    REQUIRE(chemin::output::write_projector_sprite("shared_sprite.png", images, 3, 3).ok());
    chemin::output::ProjectorData data;
    data.vectors = vectors;
    data.metadata_columns = {"id"};
    data.metadata = {{"0"}, {"1"}, {"2"}, {"3"}};
    data.image_rows = 3;
    data.image_cols = 3;
    data.shared_sprite = "shared_sprite.png";
    REQUIRE(chemin::output::write_projector(".", "shared", data).ok());
    CHECK(slurp("shared_projector_config.pbtxt").find("image_path: \"shared_sprite.png\"\n    single_image_dim: 3") != std::string::npos);
    CHECK_FALSE(chemin::read_file("shared_sprite_sprite.png").ok());
    data.images = images;  // both: ambiguous
    CHECK(std::string(chemin::output::write_projector(".", "shared", data).message()) == "projector: give images or a shared sprite, not both");
    data.images = chemin::MatrixView();
    data.image_rows = 0;
    CHECK(std::string(chemin::output::write_projector(".", "shared", data).message()) == "projector: a shared sprite needs the image size");
    for (const char* f : {"shared_sprite.png", "shared_tensors.tsv", "shared_metadata.tsv", "shared_projector_config.pbtxt"}) std::remove(f);
}

TEST_CASE("projector rejects mismatched metadata and image shapes, and a missing folder") {
    chemin::Matrix vectors(2, 2, 1.0f);
    chemin::output::ProjectorData data;
    data.vectors = vectors;
    data.metadata_columns = {"id"};
    data.metadata = {{"0"}};
    CHECK(std::string(chemin::output::write_projector(".", "x", data).message()) == "projector: 2 vectors but 1 metadata rows");
    data.metadata = {{"0"}, {"1", "extra"}};
    CHECK(std::string(chemin::output::write_projector(".", "x", data).message()) == "projector: metadata row 1 has 2 fields, the header 1");
    data.metadata = {{"0"}, {"1"}};
    chemin::Matrix images(2, 5, 0.0f);
    data.images = images;
    data.image_rows = 2;
    data.image_cols = 2;
    CHECK(std::string(chemin::output::write_projector(".", "x", data).message()) == "projector: images have 5 values, not 2 x 2");
    data.images = {};
    chemin::Status s = chemin::output::write_projector("no_such_folder_for_projector", "x", data);
    CHECK(s.code() == chemin::Errc::not_found);
}
