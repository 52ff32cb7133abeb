// Tests of the IDX reader and writer and of Dataset construction, with IDX files built in code.
#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>   // getenv, setenv, unsetenv (POSIX)
#include <sys/stat.h>  // mkdir (POSIX): the test builds a small MNIST folder
#include <unistd.h>    // rmdir
#include <string>
#include <vector>

#include "chemin/chemin.hpp"
#include "deflate_encoder.hpp"

namespace {
/// An IDX header: type code, then big-endian dimensions.
std::vector<std::uint8_t> idx_header(std::uint8_t type, const std::vector<std::uint32_t>& dims) {
    std::vector<std::uint8_t> out = {0, 0, type, static_cast<std::uint8_t>(dims.size())};
    for (auto d : dims)
        for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<std::uint8_t>(d >> s));
    return out;
}
std::string idx_error(const std::vector<std::uint8_t>& bytes) {
    auto r = chemin::data::read_idx(bytes.data(), bytes.size());
    return r.ok() ? std::string("(no error)") : std::string(r.status().message());
}
std::string temp_path(const char* name) { return std::string("chemin_test_idx_") + name; }
}  // namespace

TEST_CASE("parse_idx reads a big-endian file in place without copying") {
    auto bytes = idx_header(0x0B, {2, 3});
    const std::int16_t values[6] = {1, -2, 300, -32768, 32767, 0};
    for (auto v : values) {
        bytes.push_back(static_cast<std::uint8_t>(static_cast<std::uint16_t>(v) >> 8));
        bytes.push_back(static_cast<std::uint8_t>(v));
    }
    chemin::data::IdxView view;
    REQUIRE(chemin::data::parse_idx(bytes.data(), bytes.size(), view).ok());
    CHECK(view.type == chemin::data::IdxType::i16);
    CHECK(view.rank == 2);
    CHECK(view.dimension(0) == 2);
    CHECK(view.dimension(1) == 3);
    CHECK(view.count == 6);
    CHECK(view.data == bytes.data() + 12);
    std::int16_t out[6];
    REQUIRE(chemin::data::copy_idx_elements(view, out).ok());
    for (int i = 0; i < 6; ++i) CHECK(out[i] == values[i]);
    float wrong[6];
    CHECK(std::string(chemin::data::copy_idx_elements(view, wrong).message()) == "IDX elements are i16, not f32");
}

TEST_CASE("every IDX type and several ranks round-trip through the writer and the reader") {
    chemin::Rng rng(2);
    auto check_type = [&](auto sample, std::vector<std::uint32_t> dims) {
        using T = decltype(sample);
        std::size_t n = 1;
        for (auto d : dims) n *= d;
        std::vector<T> values(n);
        for (auto& v : values) v = static_cast<T>(static_cast<double>(rng.below(2000)) - 1000.0) / static_cast<T>(8);
        const auto array = chemin::data::make_idx_array<T>(dims, values.data());
        auto encoded = chemin::data::encode_idx(array);
        REQUIRE(encoded.ok());
        CHECK(encoded->size() == 4 + 4 * dims.size() + n * sizeof(T));
        CHECK((*encoded)[2] == static_cast<std::uint8_t>(chemin::data::IdxTypeOf<T>::value));
        auto back = chemin::data::read_idx(encoded->data(), encoded->size());
        REQUIRE(back.ok());
        CHECK(back->type == array.type);
        CHECK(back->dimensions == dims);
        for (std::size_t i = 0; i < n; ++i) CHECK(back->template element<T>(i) == values[i]);
        CHECK(back->element_as_double(n - 1) == static_cast<double>(values[n - 1]));
        // The same file gzip-compressed reads the same.
        const auto gz = test_deflate::gzip(*encoded, test_deflate::Mode::dynamic);
        auto from_gz = chemin::data::read_idx(gz.data(), gz.size());
        REQUIRE(from_gz.ok());
        CHECK(from_gz->bytes == back->bytes);
    };
    check_type(std::uint8_t{}, {5});
    check_type(std::int8_t{}, {2, 3});
    check_type(std::int16_t{}, {3, 2, 2});
    check_type(std::int32_t{}, {2, 2, 2, 2});
    check_type(float{}, {4, 3});
    check_type(double{}, {1, 1, 1, 1, 1, 7});
    // The byte order on disk is big-endian, whatever the host.
    const std::int32_t one = 0x01020304;
    auto encoded = chemin::data::encode_idx(chemin::data::make_idx_array<std::int32_t>({1}, &one));
    REQUIRE(encoded.ok());
    CHECK(std::vector<std::uint8_t>(encoded->begin() + 8, encoded->end()) == std::vector<std::uint8_t>{1, 2, 3, 4});
}

TEST_CASE("the IDX reader rejects bad headers with their exact errors") {
    CHECK(idx_error({}) == "byte 0: IDX header is truncated: need 4 bytes for the magic number, got 0");
    CHECK(idx_error({0, 0, 8}) == "byte 0: IDX header is truncated: need 4 bytes for the magic number, got 3");
    CHECK(idx_error({0, 1, 8, 1}) == "byte 0: not an IDX file: the magic number starts 0x00 0x01, expected 0x00 0x00");
    CHECK(idx_error({0, 0, 0x0A, 1, 0, 0, 0, 1, 0}) ==
          "byte 2: unknown IDX type code 0x0a (known: 0x08 u8, 0x09 i8, 0x0b i16, 0x0c i32, 0x0d f32, 0x0e f64)");
    CHECK(idx_error({0, 0, 8, 0}) == "byte 3: IDX rank is 0: at least one dimension is needed");
    CHECK(idx_error({0, 0, 8, 3, 0, 0, 0, 1, 0, 0}) == "byte 4: IDX header is truncated: 3 dimensions need 12 bytes, got 6");
    auto zero = idx_header(8, {4, 0, 2});
    CHECK(idx_error(zero) == "byte 8: IDX dimension 1 is 0");
    auto huge = idx_header(0x0E, {0xFFFFFFFFu, 0xFFFFFFFFu, 2});
    CHECK(idx_error(huge) ==
          "byte 8: IDX dimensions overflow: their product times the 8-byte element size exceeds the addressable size "
          "(at dimension 1 = 4294967295)");
    auto product = idx_header(0x08, {65536, 65536, 65536, 65536});  // 2^64 elements
    CHECK(idx_error(product) ==
          "byte 16: IDX dimensions overflow: their product times the 1-byte element size exceeds the addressable size "
          "(at dimension 3 = 65536)");
}

TEST_CASE("the IDX reader rejects data shorter or longer than the header says") {
    auto bytes = idx_header(0x0C, {2, 2});  // 4 x i32 = 16 bytes
    bytes.resize(bytes.size() + 15);
    CHECK(idx_error(bytes) == "byte 27: IDX data is truncated: the header announces 16 bytes of data, only 15 are present");
    bytes.resize(bytes.size() + 3);
    CHECK(idx_error(bytes) == "byte 28: IDX data is longer than its header says: 16 bytes of data announced, 2 extra bytes follow");
    // Truncated at every byte: always an error, never a crash.
    bytes.resize(bytes.size() - 2);
    for (std::size_t cut = 0; cut < bytes.size(); ++cut) CHECK_FALSE(chemin::data::read_idx(bytes.data(), cut).ok());
}

TEST_CASE("IDX errors inside a .gz say they are about the decompressed content") {
    const auto gz = test_deflate::gzip({0, 0, 8, 0}, test_deflate::Mode::fixed);
    CHECK(idx_error(gz) == "decompressed content: byte 3: IDX rank is 0: at least one dimension is needed");
}

TEST_CASE("read_idx and write_idx work on files and name the path in errors") {
    const std::uint8_t pixels[12] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 255};
    const auto array = chemin::data::make_idx_array<std::uint8_t>({3, 2, 2}, pixels);
    const std::string path = temp_path("round_trip.idx");
    REQUIRE(chemin::data::write_idx(path, array).ok());
    auto back = chemin::data::read_idx(path);
    REQUIRE(back.ok());
    CHECK(back->bytes == array.bytes);
    std::remove(path.c_str());
    auto missing = chemin::data::read_idx(temp_path("missing.idx"));
    CHECK(missing.status().code() == chemin::Errc::not_found);
    CHECK(std::string(missing.status().message()) == "chemin_test_idx_missing.idx: cannot open: No such file or directory");
    auto directory = chemin::data::read_idx(std::string("."));
    CHECK(std::string(directory.status().message()) == ".: cannot read: it is a directory, not a file");
    // A corrupt .gz on disk: the message names the file and the byte offset inside it.
    auto gz = test_deflate::gzip(*chemin::data::encode_idx(array), test_deflate::Mode::fixed);
    gz[gz.size() - 8] ^= 0xFF;  // the stored CRC-32
    const std::string gz_path = temp_path("corrupt.idx.gz");
    REQUIRE(chemin::write_file_atomic(gz_path, gz.data(), gz.size()).ok());
    const std::string gz_error = chemin::data::read_idx(gz_path).status().message();
    CHECK(gz_error.find("chemin_test_idx_corrupt.idx.gz: byte " + std::to_string(gz.size() - 8) + ": CRC-32 mismatch") == 0);
    std::remove(gz_path.c_str());
#ifdef __linux__
    // A file that opens but cannot be read (as root, permission bits do not stop reads; this does).
    auto unreadable = chemin::data::read_idx(std::string("/proc/self/mem"));
    CHECK(unreadable.status().code() == chemin::Errc::io_error);
    CHECK(std::string(unreadable.status().message()) == "/proc/self/mem: cannot read: Input/output error");
#endif
    chemin::data::IdxArray inconsistent = array;
    inconsistent.bytes.pop_back();
    CHECK(std::string(chemin::data::write_idx(path, inconsistent).message()) ==
          "chemin_test_idx_round_trip.idx: cannot write IDX: the dimensions give 12 bytes of data, the array holds 11");
    inconsistent.dimensions = {};
    CHECK(std::string(chemin::data::encode_idx(inconsistent).status().message()) == "cannot write IDX: rank 0 is outside 1..255");
    inconsistent.dimensions = {3, 0};
    CHECK(std::string(chemin::data::encode_idx(inconsistent).status().message()) == "cannot write IDX: dimension 1 is 0");
}

TEST_CASE("write_idx streams through a callback and reports a refusing one") {
    std::vector<std::uint8_t> pixels(10000);
    for (std::size_t i = 0; i < pixels.size(); ++i) pixels[i] = static_cast<std::uint8_t>(i);
    const auto array = chemin::data::make_idx_array<std::uint8_t>({100, 100}, pixels.data());
    struct Collected {
        std::vector<std::uint8_t> bytes;
        int calls = 0;
        int refuse_at = -1;
    } collected;
    auto sink = [](void* user, const void* data, std::size_t size) {
        auto& c = *static_cast<Collected*>(user);
        if (c.calls++ == c.refuse_at) return false;
        c.bytes.insert(c.bytes.end(), static_cast<const std::uint8_t*>(data), static_cast<const std::uint8_t*>(data) + size);
        return true;
    };
    REQUIRE(chemin::data::write_idx(array, sink, &collected).ok());
    CHECK(collected.calls == 3);  // 10012 bytes in 4 KiB pieces
    CHECK(collected.bytes == *chemin::data::encode_idx(array));
    collected = Collected();
    collected.refuse_at = 1;
    CHECK(std::string(chemin::data::write_idx(array, sink, &collected).message()) ==
          "cannot write IDX: the output refused 4096 bytes at byte 4096");
}

TEST_CASE("make_dataset scales pixels to [0,1], flattens row-major and checks counts") {
    std::vector<std::uint8_t> pixels(2 * 2 * 3);
    for (std::size_t i = 0; i < pixels.size(); ++i) pixels[i] = static_cast<std::uint8_t>(i * 20);
    pixels[11] = 255;
    const std::uint8_t labels[2] = {7, 3};
    auto images = chemin::data::make_idx_array<std::uint8_t>({2, 2, 3}, pixels.data());
    auto label_array = chemin::data::make_idx_array<std::uint8_t>({2}, labels);
    auto d = chemin::data::make_dataset(images, label_array);
    REQUIRE(d.ok());
    CHECK(d->size() == 2);
    CHECK(d->image_rows == 2);
    CHECK(d->image_cols == 3);
    CHECK(d->images.rows == 2);
    CHECK(d->images.cols == 6);
    CHECK(d->images(1, 0) == doctest::Approx(120.0 / 255.0));
    CHECK(d->images(1, 5) == 1.0f);
    CHECK(d->images(0, 0) == 0.0f);
    CHECK(d->labels == std::vector<int>{7, 3});
    CHECK(d->ids == std::vector<std::int64_t>{0, 1});
    CHECK(d->is_anomaly == std::vector<std::uint8_t>{0, 0});
    CHECK(chemin::data::check_dataset(*d, "d").ok());
    auto three_labels = chemin::data::make_idx_array<std::uint8_t>({3}, pixels.data());
    CHECK(std::string(chemin::data::make_dataset(images, three_labels).status().message()) ==
          "images/labels count mismatch: 2 images but 3 labels");
    auto raw = chemin::data::images_to_matrix(images, 1.0f);
    REQUIRE(raw.ok());
    CHECK((*raw)(1, 5) == 255.0f);
    chemin::data::scale_pixels(*raw, 0.5f);
    CHECK((*raw)(1, 5) == 127.5f);
    const float f = 1.0f;
    CHECK(std::string(chemin::data::images_to_matrix(chemin::data::make_idx_array<float>({1}, &f), 1.0f).status().message()) ==
          "images must be u8 IDX, not f32");
    CHECK(std::string(chemin::data::make_dataset(label_array, label_array).status().message()) ==
          "images must have 3 dimensions (N x rows x cols), not 1");
}

TEST_CASE("load_mnist says where it looked and how to get the files") {
    auto r = chemin::data::load_mnist("no_such_folder_for_chemin");
    CHECK(r.status().code() == chemin::Errc::not_found);
    CHECK(std::string(r.status().message()) ==
          "MNIST file train-images-idx3-ubyte[.gz] not found in no_such_folder_for_chemin: the folder must hold the "
          "four MNIST files (chemin's repository carries them in data/mnist)");
}

TEST_CASE("load_mnist reads the four files, plain or .gz, from a folder or CHEMIN_DATA") {
    // A tiny MNIST-shaped folder: 3 training and 2 test images of 2 x 2 pixels.
    const std::string folder = "chemin_test_mnist_folder";
    ::mkdir(folder.c_str(), 0755);  // may exist from an earlier run
    const std::uint8_t train_pixels[12] = {0, 255, 0, 255, 10, 20, 30, 40, 1, 2, 3, 4};
    const std::uint8_t train_labels[3] = {5, 0, 4};
    const std::uint8_t test_pixels[8] = {9, 9, 9, 9, 255, 255, 255, 255};
    const std::uint8_t test_labels[2] = {1, 7};
    auto save = [&](const char* name, const chemin::data::IdxArray& a, bool gz) {
        auto bytes = chemin::data::encode_idx(a);
        REQUIRE(bytes.ok());
        const auto out = gz ? test_deflate::gzip(*bytes) : *bytes;
        REQUIRE(chemin::write_file_atomic(folder + "/" + name + (gz ? ".gz" : ""), out.data(), out.size()).ok());
    };
    save("train-images-idx3-ubyte", chemin::data::make_idx_array<std::uint8_t>({3, 2, 2}, train_pixels), true);
    save("train-labels-idx1-ubyte", chemin::data::make_idx_array<std::uint8_t>({3}, train_labels), false);
    save("t10k-images-idx3-ubyte", chemin::data::make_idx_array<std::uint8_t>({2, 2, 2}, test_pixels), false);
    save("t10k-labels-idx1-ubyte", chemin::data::make_idx_array<std::uint8_t>({2}, test_labels), true);
    auto mnist = chemin::data::load_mnist(folder + "/");
    REQUIRE_MESSAGE(mnist.ok(), mnist.status().message());
    CHECK(mnist->train.size() == 3);
    CHECK(mnist->test.size() == 2);
    CHECK(mnist->train.labels == std::vector<int>{5, 0, 4});
    CHECK(mnist->test.labels == std::vector<int>{1, 7});
    CHECK(mnist->train.images(0, 1) == 1.0f);
    CHECK(mnist->test.images(1, 3) == 1.0f);
    CHECK(mnist->test.ids == std::vector<std::int64_t>{0, 1});
    // A label file with a different count: the error names both files.
    save("t10k-labels-idx1-ubyte", chemin::data::make_idx_array<std::uint8_t>({3}, train_labels), true);
    auto mismatch = chemin::data::load_mnist(folder);
    CHECK(std::string(mismatch.status().message()) ==
          "chemin_test_mnist_folder/t10k-images-idx3-ubyte holds 2 images but "
          "chemin_test_mnist_folder/t10k-labels-idx1-ubyte.gz holds 3 labels");
    for (const char* name : {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                             "t10k-labels-idx1-ubyte.gz"})
        CHECK(std::remove((folder + "/" + name).c_str()) == 0);
    CHECK(::rmdir(folder.c_str()) == 0);
}

TEST_CASE("mnist_folder: the argument, then CHEMIN_DATA, then the build's default folder (data/mnist)") {
    const char* saved = std::getenv("CHEMIN_DATA");
    const std::string keep = saved != nullptr ? saved : "";
    ::setenv("CHEMIN_DATA", "folder_from_environment", 1);
    CHECK(chemin::data::mnist_folder("folder_given") == "folder_given");
    CHECK(chemin::data::mnist_folder("") == "folder_from_environment");
    ::unsetenv("CHEMIN_DATA");
    // chemin's own build defines CHEMIN_DEFAULT_DATA_DIR as the repository's data/mnist.
    const std::string fallback = chemin::data::mnist_folder("");
    const std::string tail = "/data/mnist";
    REQUIRE(fallback.size() > tail.size());
    CHECK(fallback.compare(fallback.size() - tail.size(), tail.size(), tail) == 0);
    ::setenv("CHEMIN_DATA", "", 1);  // set but empty counts as unset
    CHECK(chemin::data::mnist_folder("") == fallback);
    if (saved != nullptr) ::setenv("CHEMIN_DATA", keep.c_str(), 1);
    else ::unsetenv("CHEMIN_DATA");
}
