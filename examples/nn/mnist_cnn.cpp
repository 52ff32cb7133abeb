// Trains the reference LeNet-style CNN (conv 5x5 1->6, ReLU, maxpool 2, conv 5x5 6->16, ReLU,
// maxpool 2, dense 256-120-84-10; Adam lr 1e-3, batch 64) on MNIST and measures it.
//   mnist_cnn [--epochs 5] [--threads 1]   (mnist_cnn --help lists every flag; MNIST from data/mnist)
// Ends with: RESULT test_accuracy=<0..1> train_samples_per_s=<float> infer_batch1_us=<float>
//            test_accuracy_int8=<0..1> infer_int8_us=<float>   (post-training int8 quantisation)
#include "mnist_train.hpp"

int main(int argc, char** argv) { return mnist_example::run(argc, argv, true); }
