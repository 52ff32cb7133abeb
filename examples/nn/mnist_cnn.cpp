// Trains the reference LeNet-style CNN (conv 5x5 1->6, ReLU, maxpool 2, conv 5x5 6->16, ReLU,
// maxpool 2, dense 256-120-84-10) on MNIST with the LeNet recipe of chemin::nn::lenet_train_options
// (batch 64, Adam from lr 7e-3 annealed towards 0 by a cosine over the run: Loshchilov & Hutter, SGDR,
// ICLR 2017; chosen on a validation split, benchmarks/README.md) and measures it.
//   mnist_cnn [--epochs 5] [--threads 1] [--validation 5000]   (mnist_cnn --help lists every flag)
// Ends with: RESULT test_accuracy=<0..1> train_samples_per_s=<float> infer_batch1_us=<float>
//            test_accuracy_int8=<0..1> infer_int8_us=<float>   (post-training int8 quantisation)
#include "mnist_train.hpp"

int main(int argc, char** argv) { return mnist_example::run(argc, argv, true); }
