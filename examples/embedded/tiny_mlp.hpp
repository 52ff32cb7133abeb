// The small MLP of the embedded example: its type, shared by the host program that trains it and
// writes its weights (emit_tiny_mlp.cpp) and the Cortex-M4 program that runs it (cortex_m4_mlp.cpp).
#ifndef CHEMIN_EXAMPLES_EMBEDDED_TINY_MLP_HPP
#define CHEMIN_EXAMPLES_EMBEDDED_TINY_MLP_HPP

// Only the neural-network part of chemin: the embedded image needs nothing else.
#include "chemin/nn.hpp"

namespace tiny {
namespace nn = chemin::nn;  // the layers below are chemin::nn's
/// 784-32-16-10 with ReLU: 25,818 parameters, about 101 KiB of const floats in flash.
using Mlp = nn::Network<nn::Dense<784, 32>, nn::Relu<32>, nn::Dense<32, 16>, nn::Relu<16>, nn::Dense<16, 10>>;
constexpr int test_images = 20;  ///< MNIST test images embedded with the weights
}  // namespace tiny

#endif  // CHEMIN_EXAMPLES_EMBEDDED_TINY_MLP_HPP
