// Trains the reference MLP 784-128-64-10 (ReLU, Adam lr 1e-3, batch 64) on MNIST and measures it.
//   mnist_mlp [--epochs 5] [--threads 1] [--hidden 128,64] [--digits 1,7]   (mnist_mlp --help; MNIST from data/mnist)
// Ends with: RESULT test_accuracy=<0..1> train_samples_per_s=<float> infer_batch1_us=<float>
//            test_accuracy_int8=<0..1> infer_int8_us=<float>   (post-training int8 quantisation)
#include "mnist_train.hpp"

int main(int argc, char** argv) { return mnist_example::run(argc, argv, false); }
