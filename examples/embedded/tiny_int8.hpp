// The int8 networks of the embedded example, shared by the host program that trains and quantises them
// (emit_tiny_mlp.cpp --int8 / --lenet) and the Cortex-M4 program that runs them (cortex_m4_int8.cpp).
#ifndef CHEMIN_EXAMPLES_EMBEDDED_TINY_INT8_HPP
#define CHEMIN_EXAMPLES_EMBEDDED_TINY_INT8_HPP

// Only chemin's int8 inference: no float, no allocation, no file I/O in the image.
#include "chemin/nn/int8.hpp"

namespace tiny {
namespace nn = chemin::nn;  // the layers below are chemin::nn's
/// The float example's 784-32-16-10 MLP, quantised: 25,680 int8 weights and 58 channels (int32 bias and
/// requantizer each).
using Int8Mlp = nn::Int8Network<nn::Dense<784, 32>, nn::Relu<32>, nn::Dense<32, 16>, nn::Relu<16>, nn::Dense<16, 10>>;
/// The LeNet-style CNN of chemin::nn::make_lenet(28, 10), quantised: 44,190 int8 weights, 236 channels.
using Int8Lenet = nn::Int8Network<nn::Conv2D<1, 28, 28, 6, 5>, nn::Relu3D<6, 24, 24>, nn::MaxPool<6, 24, 24, 2>,
                              nn::Conv2D<6, 12, 12, 16, 5>, nn::Relu3D<16, 8, 8>, nn::MaxPool<16, 8, 8, 2>, nn::Flatten<16, 4, 4>,
                              nn::Dense<256, 120>, nn::Relu<120>, nn::Dense<120, 84>, nn::Relu<84>, nn::Dense<84, 10>>;
constexpr int int8_test_images = 20;  ///< the same 20 MNIST test images as the float image
}  // namespace tiny

#endif  // CHEMIN_EXAMPLES_EMBEDDED_TINY_INT8_HPP
