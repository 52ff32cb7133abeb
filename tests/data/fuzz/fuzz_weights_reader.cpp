// libFuzzer target: the weight-file reader (nn/weights_io.hpp) on arbitrary bytes, for a small MLP
// and a small CNN.
//   - decode_weights on the input as it is (checksums rarely match: the header checks run);
//   - decode_weights on a copy whose CRC-32 is recomputed, so the parameter checks run too;
//   - a file that loads must re-encode to the same bytes, and a refused file must leave the
//     network's parameters unchanged.
// Every call must return (ok or an error): crashes, sanitizer reports, leaks and hangs are bugs.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "chemin/chemin.hpp"

namespace {
chemin::nn::DynamicNetwork<float>& network(int which) {
    static chemin::nn::DynamicNetwork<float> nets[2];
    static bool ready = false;
    if (!ready) {
        nets[0] = chemin::nn::DynamicNetwork<float>(6, 1, 1);
        nets[0].add_dense(4).add_relu().add_dense(3);
        nets[1] = chemin::nn::DynamicNetwork<float>(1, 6, 6);
        nets[1].add_conv2d(2, 3).add_relu().add_maxpool(2).add_flatten().add_dense(2);
        if (!nets[0].finish(1).ok() || !nets[1].finish(2).ok()) __builtin_trap();
        ready = true;
    }
    return nets[which];
}

void check(const std::uint8_t* bytes, std::size_t size, chemin::nn::DynamicNetwork<float>& net) {
    const std::vector<float> before(net.params(), net.params() + net.param_count());
    const chemin::Status s = chemin::nn::decode_weights(bytes, size, net);
    if (s.ok()) {
        const auto again = chemin::nn::encode_weights(net);
        if (again.size() != size || std::memcmp(again.data(), bytes, size) != 0) __builtin_trap();
    } else if (std::memcmp(before.data(), net.params(), before.size() * sizeof(float)) != 0) {
        __builtin_trap();
    }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::vector<std::uint8_t> fixed(data, data + size);
    if (size >= 4) {
        const std::uint32_t crc = chemin::crc32(fixed.data(), size - 4);
        for (int i = 0; i < 4; ++i) fixed[size - 4 + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(crc >> (8 * i));
    }
    for (int which = 0; which < 2; ++which) {
        check(data, size, network(which));
        check(fixed.data(), fixed.size(), network(which));
    }
    return 0;
}
