// The small MLP of the embedded example: its type, shared by the host program that trains it and
// writes its weights (emit_tiny_mlp.cpp) and the Cortex-M4 program that runs it (cortex_m4_mlp.cpp).
#ifndef CHEMIN_EXAMPLES_EMBEDDED_TINY_MLP_HPP
#define CHEMIN_EXAMPLES_EMBEDDED_TINY_MLP_HPP

// Only the neural-network part of chemin: the embedded image needs nothing else.
#include "chemin/nn.hpp"

namespace tiny {
using namespace chemin::nn;
/// 784-32-16-10 with ReLU: 25,818 parameters, about 101 KiB of const floats in flash.
using Mlp = Network<Dense<784, 32>, Relu<32>, Dense<32, 16>, Relu<16>, Dense<16, 10>>;
constexpr int test_images = 20;  ///< MNIST test images embedded with the weights
}  // namespace tiny

#endif  // CHEMIN_EXAMPLES_EMBEDDED_TINY_MLP_HPP
