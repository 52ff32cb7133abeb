// Hostile input for the data layer: gzip bombs, allocation failures inside the decoder, and MNIST
// folders whose files disagree or hold impossible labels. Each must end in a clear error, within
// bounded memory, without aborting.
#include <doctest/doctest.h>

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "chemin/chemin.hpp"
#include "deflate_encoder.hpp"

#if defined(__SANITIZE_ADDRESS__)
#define CHEMIN_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CHEMIN_TEST_ASAN 1
#endif
#endif

namespace {
/// The IDX header of n images of 28 x 28 u8 pixels (16 bytes).
std::vector<std::uint8_t> image_header(std::uint32_t n) {
    std::vector<std::uint8_t> h = {0, 0, 0x08, 3};
    for (std::uint32_t d : {n, 28u, 28u})
        for (int shift = 24; shift >= 0; shift -= 8) h.push_back(static_cast<std::uint8_t>(d >> shift));
    return h;
}
/// The process's peak resident memory so far, in bytes (Linux reports KiB).
long long peak_resident_bytes() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<long long>(usage.ru_maxrss) * 1024;
}
}  // namespace

TEST_CASE("a gzip IDX bomb stops as soon as the output passes the size its header announces") {
    // 10 images (7,856 bytes of IDX) followed by 1 GiB of zeros: a 6.8 MB file.
    const std::uint64_t zeros = std::uint64_t{1} << 30;
    const auto bomb = test_deflate::gzip_zeros(image_header(10), zeros, false);
    CHECK(bomb.size() < 8u * 1000 * 1000);
    const long long before = peak_resident_bytes();
    auto array = chemin::data::read_idx(bomb.data(), bomb.size());
    const long long grown = peak_resident_bytes() - before;
    REQUIRE_FALSE(array.ok());
    CHECK(array.status().code() == chemin::Errc::size_mismatch);
    const std::string message = array.status().message();
    CHECK_MESSAGE(message.find("IDX data is longer than its header says: the header announces a 7856-byte file") !=
                      std::string::npos,
                  message);
    // Before the fix this peaked at 1.6 GB; the decoder now holds at most its first 1 MiB buffer.
    CHECK_MESSAGE(grown < 64ll * 1024 * 1024, "peak resident memory grew by ", grown, " bytes");
}

TEST_CASE("a plain IDX file far longer than its header says is refused before it is read") {
    // A sparse file: the 16-byte header of 10 images, then 1 GiB that takes no disk space.
    const std::string path = "chemin_test_hostile_long.idx";
    const auto header = image_header(10);
    REQUIRE(chemin::write_file_atomic(path, header.data(), header.size()).ok());
    REQUIRE(::truncate(path.c_str(), static_cast<off_t>(header.size() + (std::uint64_t{1} << 30))) == 0);
    const long long before = peak_resident_bytes();
    auto array = chemin::data::read_idx(path);
    const long long grown = peak_resident_bytes() - before;
    std::remove(path.c_str());
    REQUIRE_FALSE(array.ok());
    CHECK(std::string(array.status().message()) ==
          "chemin_test_hostile_long.idx: byte 7856: IDX data is longer than its header says: 7840 bytes of data "
          "announced, 1073733984 extra bytes follow");
    CHECK_MESSAGE(grown < 64ll * 1024 * 1024, "peak resident memory grew by ", grown, " bytes");
}

TEST_CASE("a gzip IDX file that matches its header still decodes, in one right-sized buffer") {
    // 3 MiB of content, past the first 1 MiB buffer: the growth jumps to the announced size.
    std::vector<std::uint8_t> content = image_header(4096);
    const std::uint64_t pixels = 4096ull * 28 * 28;
    const auto file = test_deflate::gzip_zeros(content, pixels, true);
    auto array = chemin::data::read_idx(file.data(), file.size());
    REQUIRE_MESSAGE(array.ok(), array.status().message());
    CHECK(array->count() == pixels);
    CHECK(array->bytes.size() == pixels);
}

TEST_CASE("a gzip stream that is not IDX stops at the first growth with the header's error") {
    std::vector<std::uint8_t> not_idx = {'P', 'K', 3, 4};
    const auto file = test_deflate::gzip_zeros(not_idx, 10u << 20, false);
    auto array = chemin::data::read_idx(file.data(), file.size());
    REQUIRE_FALSE(array.ok());
    CHECK(array.status().code() == chemin::Errc::bad_magic);
    CHECK(std::string(array.status().message()).find("decompressed content: byte 0: not an IDX file") == 0);
}

TEST_CASE("a failed allocation inside gunzip is an out-of-memory error, not an abort") {
#ifdef CHEMIN_TEST_ASAN
    // AddressSanitizer reserves terabytes of address space: an address-space limit cannot apply.
    // The sizes beyond max_size() are still checked below.
#else
    // In a child process limited to 256 MiB of address space more than it has, the growable gunzip
    // inflates 1 GiB of zeros: the doubling buffer must fail to grow, inside the noexcept decoder.
    const auto bomb = test_deflate::gzip_zeros({1, 2, 3}, std::uint64_t{1} << 30, false);
    std::fflush(nullptr);
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        std::FILE* status = std::fopen("/proc/self/statm", "r");
        unsigned long pages = 0;
        if (status == nullptr || std::fscanf(status, "%lu", &pages) != 1) _exit(3);
        std::fclose(status);
        const rlim_t limit = static_cast<rlim_t>(pages) * static_cast<rlim_t>(sysconf(_SC_PAGESIZE)) + (256u << 20);
        rlimit cap{limit, limit};
        if (setrlimit(RLIMIT_AS, &cap) != 0) _exit(4);
        auto out = chemin::data::gunzip(bomb.data(), bomb.size());
        if (out.ok()) _exit(5);
        if (out.status().code() != chemin::Errc::out_of_memory) _exit(6);
        // Either the first buffer (sized from the trailer) or a later doubling fails: both name gunzip.
        if (std::string(out.status().message()).find("gunzip: ") != 0) _exit(7);
        _exit(0);
    }
    int status = 0;
    REQUIRE(waitpid(child, &status, 0) == child);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
#endif
    std::vector<std::uint8_t> bytes;
    CHECK_FALSE(chemin::data::detail::resize_bytes(bytes, ~std::size_t{0}));  // past max_size(): refused, not thrown
    CHECK(bytes.empty());
}

namespace {
struct MnistFolder {
    std::string folder;
    explicit MnistFolder(const char* name) : folder(name) { ::mkdir(folder.c_str(), 0755); }
    ~MnistFolder() {
        for (const char* f : {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                              "t10k-labels-idx1-ubyte"})
            std::remove((folder + "/" + f).c_str());
        ::rmdir(folder.c_str());
    }
    void save(const char* name, const chemin::data::IdxArray& a) const {
        auto bytes = chemin::data::encode_idx(a);
        REQUIRE(bytes.ok());
        REQUIRE(chemin::write_file_atomic(folder + "/" + name, bytes->data(), bytes->size()).ok());
    }
    /// Three training and two test images of side x side (test_side for the test set).
    void fill(std::size_t side, std::size_t test_side, std::uint8_t bad_label = 0) const {
        const std::vector<std::uint8_t> train(3 * side * side, 7), test(2 * test_side * test_side, 9);
        const std::uint8_t train_labels[3] = {5, 0, bad_label == 0 ? std::uint8_t{4} : bad_label};
        const std::uint8_t test_labels[2] = {1, 7};
        const auto s = static_cast<std::uint32_t>(side), t = static_cast<std::uint32_t>(test_side);
        save("train-images-idx3-ubyte", chemin::data::make_idx_array<std::uint8_t>({3, s, s}, train.data()));
        save("train-labels-idx1-ubyte", chemin::data::make_idx_array<std::uint8_t>({3}, train_labels));
        save("t10k-images-idx3-ubyte", chemin::data::make_idx_array<std::uint8_t>({2, t, t}, test.data()));
        save("t10k-labels-idx1-ubyte", chemin::data::make_idx_array<std::uint8_t>({2}, test_labels));
    }
};
}  // namespace

TEST_CASE("load_mnist rejects label bytes that are not digits, naming the labels file") {
    for (std::uint8_t bad : {std::uint8_t{10}, std::uint8_t{200}, std::uint8_t{255}}) {
        MnistFolder m("chemin_test_hostile_labels");
        m.fill(28, 28, bad);
        auto mnist = chemin::data::load_mnist(m.folder);
        REQUIRE_FALSE(mnist.ok());
        CHECK(mnist.status().code() == chemin::Errc::corrupt);
        CHECK(std::string(mnist.status().message()) ==
              "chemin_test_hostile_labels/train-labels-idx1-ubyte: label 2 is " + std::to_string(bad) +
                  ", not an MNIST digit (0-9)");
    }
}

TEST_CASE("load_mnist rejects a test set whose images differ in size from the training set's") {
    MnistFolder m("chemin_test_hostile_sizes");
    m.fill(28, 30);
    auto mnist = chemin::data::load_mnist(m.folder);
    REQUIRE_FALSE(mnist.ok());
    CHECK(mnist.status().code() == chemin::Errc::size_mismatch);
    CHECK(std::string(mnist.status().message()) ==
          "chemin_test_hostile_sizes/t10k-images-idx3-ubyte: the test images are 30 x 30, but the training images "
          "(chemin_test_hostile_sizes/train-images-idx3-ubyte) are 28 x 28");
}

TEST_CASE("a problem in a labels file is reported under the labels file's name") {
    MnistFolder m("chemin_test_hostile_label_file");
    m.fill(4, 4);
    const std::uint8_t matrix_labels[4] = {1, 2, 3, 4};
    m.save("t10k-labels-idx1-ubyte", chemin::data::make_idx_array<std::uint8_t>({2, 2}, matrix_labels));
    auto mnist = chemin::data::load_mnist(m.folder);
    REQUIRE_FALSE(mnist.ok());
    CHECK(std::string(mnist.status().message()) ==
          "chemin_test_hostile_label_file/t10k-labels-idx1-ubyte: labels must have 1 dimension, not 2");
    const float wide[2] = {1.0f, 2.0f};
    m.save("t10k-labels-idx1-ubyte", chemin::data::make_idx_array<float>({2}, wide));
    auto typed = chemin::data::load_mnist(m.folder);
    CHECK(std::string(typed.status().message()) ==
          "chemin_test_hostile_label_file/t10k-labels-idx1-ubyte: labels must be u8 IDX, not f32");
}
