#include <doctest/doctest.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "chemin/chemin.hpp"

namespace {

using Bytes = std::vector<std::uint8_t>;

// A .npy file as NumPy 1.24 writes it: version 1.0, dict padded with spaces to 128 bytes in all.
Bytes numpy_style(const std::string& dict, const Bytes& data, std::uint8_t major = 1) {
    const std::size_t preamble = major == 1 ? 10 : 12;
    std::string header = dict;
    while ((preamble + header.size() + 1) % 64 != 0) header += ' ';
    header += '\n';
    Bytes out = {0x93, 'N', 'U', 'M', 'P', 'Y', major, 0};
    const std::size_t n = header.size();
    out.push_back(static_cast<std::uint8_t>(n & 0xff));
    out.push_back(static_cast<std::uint8_t>(n >> 8));
    if (major != 1) {
        out.push_back(0);
        out.push_back(0);
    }
    out.insert(out.end(), header.begin(), header.end());
    out.insert(out.end(), data.begin(), data.end());
    return out;
}

// np.array([[1.5, -2], [3, 4.25], [0, 1e-3]], dtype='<f4'): the bytes numpy.save wrote.
const Bytes f4_data = {0x00, 0x00, 0xc0, 0x3f, 0x00, 0x00, 0x00, 0xc0, 0x00, 0x00, 0x40, 0x40,
                       0x00, 0x00, 0x88, 0x40, 0x00, 0x00, 0x00, 0x00, 0x6f, 0x12, 0x83, 0x3a};
const std::string f4_dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }";

std::string message_of(const chemin::Status& s) { return s.message(); }

chemin::Status matrix_error(const Bytes& bytes) {
    auto r = chemin::io::parse_npy_matrix(bytes.data(), bytes.size(), "x.npy");
    REQUIRE_FALSE(r.ok());
    return r.status();
}

}  // namespace

TEST_CASE("a float32 matrix written by numpy.save reads back exactly") {
    const Bytes file = numpy_style(f4_dict, f4_data);
    REQUIRE(file.size() == 152);  // numpy.save's size for this array
    auto m = chemin::io::parse_npy_matrix(file.data(), file.size(), "x.npy");
    REQUIRE(m.ok());
    CHECK(m->rows == 3);
    CHECK(m->cols == 2);
    CHECK(m->values == std::vector<float>{1.5f, -2.0f, 3.0f, 4.25f, 0.0f, 1e-3f});
}

TEST_CASE("encode_npy writes the same bytes numpy.save writes") {
    chemin::Matrix m(3, 2);
    m.values = {1.5f, -2.0f, 3.0f, 4.25f, 0.0f, 1e-3f};
    CHECK(chemin::io::encode_npy(m.view()) == numpy_style(f4_dict, f4_data));
    const std::int64_t labels[3] = {3, -1, 7};
    const Bytes i8 = chemin::io::encode_npy(labels, 3);
    Bytes expected_data;
    for (std::int64_t v : labels)
        for (int b = 0; b < 8; ++b) expected_data.push_back(static_cast<std::uint8_t>(static_cast<std::uint64_t>(v) >> (8 * b)));
    CHECK(i8 == numpy_style("{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }", expected_data));
}

TEST_CASE("float64 matrices are converted to float32, and too-large values are an error") {
    const Bytes d = {0, 0, 0, 0, 0, 0, 0xf8, 0x3f, 0, 0, 0, 0, 0, 0, 0, 0x40};  // 1.5, 2.0
    const Bytes file = numpy_style("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2), }", d);
    auto m = chemin::io::parse_npy_matrix(file.data(), file.size(), "x.npy");
    REQUIRE(m.ok());
    CHECK(m->values == std::vector<float>{1.5f, 2.0f});

    const Bytes big = {0, 0, 0, 0, 0, 0, 0xf8, 0x3f, 0x7d, 0xc3, 0x94, 0x25, 0xad, 0x49, 0xb2, 0x54};  // 1.5, 1e100
    const Bytes file2 = numpy_style("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2), }", big);
    CHECK(message_of(matrix_error(file2)) == "x.npy: byte 136: row 0, column 1: 1e+100 does not fit in float32");
}

TEST_CASE("labels: int32 and int64 vectors read; int64 outside int32 is an error") {
    const std::int32_t l32[4] = {0, 2, -5, 2147483647};
    const Bytes a = chemin::io::encode_npy(l32, 4);
    auto r = chemin::io::parse_npy_labels(a.data(), a.size(), "l.npy");
    REQUIRE(r.ok());
    CHECK(*r == std::vector<std::int32_t>{0, 2, -5, 2147483647});

    const std::int64_t l64[2] = {1, 4294967296LL};
    const Bytes b = chemin::io::encode_npy(l64, 2);
    auto r2 = chemin::io::parse_npy_labels(b.data(), b.size(), "l.npy");
    REQUIRE_FALSE(r2.ok());
    CHECK(message_of(r2.status()) == "l.npy: byte 136: label 1 is 4294967296, outside the int32 range");
}

TEST_CASE("format version 2.0 (4-byte header length) and double-quoted keys are read") {
    const Bytes file = numpy_style("{\"descr\": \"<f4\", \"shape\": (3, 2), \"fortran_order\": False}", f4_data, 2);
    auto m = chemin::io::parse_npy_matrix(file.data(), file.size(), "x.npy");
    REQUIRE(m.ok());
    CHECK(m->values[3] == 4.25f);
}

TEST_CASE("bad .npy input gets an error naming the file, the byte and the problem") {
    Bytes file = numpy_style(f4_dict, f4_data);

    Bytes bad_magic = file;
    bad_magic[1] = 'X';
    CHECK(message_of(matrix_error(bad_magic)) == "x.npy: byte 0: not a .npy file (expected the magic \"\\x93NUMPY\")");
    CHECK(matrix_error(bad_magic).code() == chemin::Errc::bad_magic);

    CHECK(message_of(matrix_error(Bytes{})) == "x.npy: byte 0: empty file");
    CHECK(message_of(matrix_error(Bytes(file.begin(), file.begin() + 4))) ==
          "x.npy: byte 4: file ends inside the magic string");
    CHECK(message_of(matrix_error(Bytes(file.begin(), file.begin() + 9))) ==
          "x.npy: byte 9: file ends before the header length");
    CHECK(message_of(matrix_error(Bytes(file.begin(), file.begin() + 50))) ==
          "x.npy: byte 50: file ends inside the header (40 of 118 header bytes)");

    Bytes version = file;
    version[6] = 4;
    CHECK(message_of(matrix_error(version)) == "x.npy: byte 6: unsupported .npy format version 4.0");

    CHECK(message_of(matrix_error(numpy_style("{'descr': '<i2', 'fortran_order': False, 'shape': (3, 2), }", f4_data))) ==
          "x.npy: byte 20: unsupported dtype '<i2' (expected '<f4', '<f8', '<i4' or '<i8')");
    const chemin::Status big_endian =
        matrix_error(numpy_style("{'descr': '>f4', 'fortran_order': False, 'shape': (3, 2), }", f4_data));
    CHECK(message_of(big_endian) == "x.npy: byte 20: dtype '>f4' is big-endian: only little-endian data is supported");
    CHECK(big_endian.code() == chemin::Errc::unsupported);
    CHECK(message_of(matrix_error(numpy_style("{'descr': '<f4', 'fortran_order': True, 'shape': (3, 2), }", f4_data))) ==
          "x.npy: byte 44: fortran_order True is not supported: save the array in C order (numpy.ascontiguousarray)");
    CHECK(message_of(matrix_error(numpy_style("{'descr': '<f4', 'fortran_order': False, 'shape': (6,), }", f4_data))) ==
          "x.npy: byte 10: expected a 2-D array (rows, columns), got 1 dimensions");
    CHECK(message_of(matrix_error(numpy_style("{'descr': '<i4', 'fortran_order': False, 'shape': (3, 2), }", f4_data))) ==
          "x.npy: byte 10: dtype '<i4' is not a float matrix (expected '<f4' or '<f8')");

    const Bytes truncated(file.begin(), file.end() - 3);
    CHECK(message_of(matrix_error(truncated)) == "x.npy: byte 149: truncated data: 21 of the 24 bytes the header announces");
    CHECK(matrix_error(truncated).code() == chemin::Errc::truncated);
    Bytes longer = file;
    longer.push_back(0);
    longer.push_back(0);
    CHECK(message_of(matrix_error(longer)) == "x.npy: byte 152: 2 bytes after the data the header announces");
    CHECK(matrix_error(longer).code() == chemin::Errc::size_mismatch);

    CHECK(message_of(matrix_error(numpy_style("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), 'x': 1}", f4_data))) ==
          "x.npy: byte 68: malformed header: unknown key 'x'");
    CHECK(message_of(matrix_error(numpy_style("{'descr': '<f4', 'fortran_order': False}", f4_data))) ==
          "x.npy: byte 10: malformed header: no 'shape' key");
    CHECK(message_of(matrix_error(numpy_style("{'descr': '<f4', 'fortran_order': False, 'shape': (3, -2), }", f4_data))) ==
          "x.npy: byte 64: malformed header: expected a dimension (a non-negative integer)");
    CHECK(message_of(matrix_error(numpy_style("['descr']", f4_data))) ==
          "x.npy: byte 10: malformed header: expected '{' to open the header dict");
    CHECK(message_of(matrix_error(numpy_style("{'descr: '<f4'", f4_data))) ==
          "x.npy: byte 20: malformed header: expected ':' after key 'descr: '");
}

TEST_CASE("write_npy then read_npy_matrix / read_npy_labels round-trip through files") {
    chemin::Matrix m(2, 3);
    m.values = {0.0f, -1.0f, 2.5f, 1e30f, -0.0f, 7.0f};
    const std::string path = "chemin_test_io_matrix.npy";
    REQUIRE(chemin::io::write_npy(path, m).ok());
    auto back = chemin::io::read_npy_matrix(path);
    REQUIRE(back.ok());
    CHECK(back->rows == 2);
    CHECK(back->cols == 3);
    CHECK(back->values == m.values);

    const std::int32_t labels[3] = {1, 0, 1};
    const std::string labels_path = "chemin_test_io_labels.npy";
    REQUIRE(chemin::io::write_npy(labels_path, labels, 3).ok());
    auto labels_back = chemin::io::read_npy_labels(labels_path);
    REQUIRE(labels_back.ok());
    CHECK(*labels_back == std::vector<std::int32_t>{1, 0, 1});
    auto wrong = chemin::io::read_npy_labels(path);
    REQUIRE_FALSE(wrong.ok());
    CHECK(message_of(wrong.status()) ==
          "chemin_test_io_matrix.npy: byte 10: dtype '<f4' is not an integer vector (expected '<i4' or '<i8')");
    std::remove(path.c_str());
    std::remove(labels_path.c_str());

    auto missing = chemin::io::read_npy_matrix("no_such_dir_chemin/x.npy");
    REQUIRE_FALSE(missing.ok());
    CHECK(message_of(missing.status()) == "no_such_dir_chemin/x.npy: cannot open: No such file or directory");
}

TEST_CASE("an empty (0 x D) matrix is a valid file and reads as zero rows") {
    chemin::Matrix empty(0, 5);
    const Bytes bytes = chemin::io::encode_npy(empty.view());
    auto back = chemin::io::parse_npy_matrix(bytes.data(), bytes.size(), "e.npy");
    REQUIRE(back.ok());
    CHECK(back->rows == 0);
    CHECK(back->cols == 5);
}
