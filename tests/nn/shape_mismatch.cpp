// Must NOT compile: layer 1 (ReLU on 32 values) feeds layer 2, a dense layer that expects 30 inputs.
// CTest compiles it and expects the static_assert naming the layer index and both sizes.
#include "chemin/chemin.hpp"

using Broken = chemin::nn::Network<chemin::nn::Dense<784, 32>, chemin::nn::Relu<32>, chemin::nn::Dense<30, 10>>;
Broken network;
