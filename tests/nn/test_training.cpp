// Training on tiny synthetic data: the optimisers learn, results are reproducible and independent of the
// thread count, and bad inputs get clear messages.
#include <doctest/doctest.h>

#include <cstring>
#include <string>
#include <vector>

#include "chemin/chemin.hpp"
#include "../capture_output.hpp"

namespace {
/// 240 points in 2-D, in 3 classes: three separated blobs.
struct Blobs {
    chemin::Matrix x{240, 2};
    std::vector<int> labels;
    Blobs() {
        chemin::Rng rng(1);
        const float centres[3][2] = {{-2, 0}, {2, 0}, {0, 2.5f}};
        for (std::size_t i = 0; i < 240; ++i) {
            const int c = static_cast<int>(i % 3);
            x(i, 0) = centres[c][0] + static_cast<float>(0.6 * rng.normal());
            x(i, 1) = centres[c][1] + static_cast<float>(0.6 * rng.normal());
            labels.push_back(c);
        }
    }
};

chemin::nn::TrainOptions quiet_options() {
    chemin::nn::TrainOptions o;
    o.epochs = 30;
    o.batch_size = 16;
    o.optimizer.learning_rate = 0.01;
    return o;
}
}  // namespace

TEST_CASE("Adam and SGD with momentum both learn three blobs, with either loss") {
    const Blobs data;
    for (auto kind : {chemin::nn::OptimizerKind::adam, chemin::nn::OptimizerKind::sgd_momentum})
        for (auto loss : {chemin::nn::Loss::softmax_cross_entropy, chemin::nn::Loss::mse_on_softmax}) {
            chemin::nn::DynamicNetwork<float> net;
            net = chemin::value_or_throw(chemin::nn::make_mlp(2, {16, 8}, 3, 42));
            auto before = chemin::nn::evaluate(net, data.x, data.labels, loss);
            REQUIRE(before.ok());
            chemin::nn::TrainOptions o = quiet_options();
            o.optimizer.kind = kind;
            o.loss = loss;
            if (kind == chemin::nn::OptimizerKind::sgd_momentum) o.optimizer.learning_rate = 0.05;
            std::vector<chemin::nn::EpochReport> reports;
            REQUIRE(chemin::nn::train(net, data.x, data.labels, o, &reports).ok());
            REQUIRE(reports.size() == 30);
            auto after = chemin::nn::evaluate(net, data.x, data.labels, loss);
            REQUIRE(after.ok());
            INFO(chemin::nn::to_string(loss) << (kind == chemin::nn::OptimizerKind::adam ? " adam" : " sgd"));
            CHECK(after->accuracy > 0.95);
            CHECK(after->mean_loss < before->mean_loss);
            CHECK(reports.back().mean_loss < reports.front().mean_loss);
            // The confusion matrix adds up to the set, its diagonal to the correct predictions.
            std::size_t total = 0, diagonal = 0;
            for (std::size_t t = 0; t < 3; ++t)
                for (std::size_t p = 0; p < 3; ++p) {
                    total += after->confusion_at(t, p);
                    if (t == p) diagonal += after->confusion_at(t, p);
                }
            CHECK(total == 240);
            CHECK(static_cast<double>(diagonal) / 240.0 == doctest::Approx(after->accuracy));
            CHECK(after->confidences[0] > 0.0f);
            CHECK(after->confidences[0] <= 1.0f);
        }
}

TEST_CASE("a small CNN learns, and training is reproducible bit for bit whatever the thread count") {
    // 6 x 6 images: a bright vertical bar (class 0) or horizontal bar (class 1) at a random place.
    chemin::Rng rng(2);
    chemin::Matrix x(64, 36);
    std::vector<int> labels;
    for (std::size_t i = 0; i < 64; ++i) {
        const int c = static_cast<int>(i % 2);
        const std::size_t at = static_cast<std::size_t>(rng.below(6));
        for (std::size_t k = 0; k < 6; ++k) x(i, c == 0 ? k * 6 + at : at * 6 + k) = 1.0f;
        labels.push_back(c);
    }
    chemin::nn::TrainOptions o = quiet_options();
    o.epochs = 15;
    std::vector<std::vector<float>> params;
    for (int threads : {1, 2, 3}) {
        chemin::nn::DynamicNetwork<float> net(1, 6, 6);
        net.add_conv2d(4, 3, 1, 1).add_relu().add_maxpool(2).add_flatten().add_dense(2);
        REQUIRE(net.finish(5).ok());
        o.threads = threads;
        REQUIRE(chemin::nn::train(net, x, labels, o).ok());
        params.emplace_back(net.params(), net.params() + net.param_count());
        auto result = chemin::nn::evaluate(net, x, labels);
        REQUIRE(result.ok());
        CHECK(result->accuracy > 0.95);
    }
    CHECK(std::memcmp(params[0].data(), params[1].data(), params[0].size() * sizeof(float)) == 0);
    CHECK(std::memcmp(params[0].data(), params[2].data(), params[0].size() * sizeof(float)) == 0);
}

TEST_CASE("a network without parameters trains (nothing to update) on one thread or several") {
    chemin::nn::DynamicNetwork<float> net(1, 2, 2);
    net.add_relu().add_flatten();  // 4 outputs, 0 parameters
    REQUIRE(net.finish(1).ok());
    REQUIRE(net.param_count() == 0);
    chemin::Matrix x(8, 4, 0.5f);
    const std::vector<int> labels{0, 1, 2, 3, 0, 1, 2, 3};
    chemin::nn::TrainOptions o = quiet_options();
    o.epochs = 2;
    o.batch_size = 4;
    for (int threads : {1, 2}) {
        o.threads = threads;
        CHECK(chemin::nn::train(net, x, labels, o).ok());
    }
}

TEST_CASE("the cosine schedule runs from the base rate down towards 0, and training with it is reproducible") {
    using chemin::nn::LearningRateSchedule;
    using chemin::nn::scheduled_learning_rate;
    // lr (1 + cos(pi t / T)) / 2 at t = 0, T/4, T/2, 3T/4, and the last step T - 1.
    CHECK(scheduled_learning_rate(LearningRateSchedule::cosine, 0.002, 0, 100) == 0.002);
    CHECK(scheduled_learning_rate(LearningRateSchedule::cosine, 0.002, 25, 100) == doctest::Approx(0.002 * 0.8535533906));
    CHECK(scheduled_learning_rate(LearningRateSchedule::cosine, 0.002, 50, 100) == doctest::Approx(0.001));
    CHECK(scheduled_learning_rate(LearningRateSchedule::cosine, 0.002, 75, 100) == doctest::Approx(0.002 * 0.1464466094));
    const double last = scheduled_learning_rate(LearningRateSchedule::cosine, 0.002, 99, 100);
    CHECK(last == doctest::Approx(0.002 * 0.0002467198).epsilon(1e-6));
    CHECK(last > 0.0);
    // Past the end the last rate is kept; constant, or an unknown length (0), is the base rate.
    CHECK(scheduled_learning_rate(LearningRateSchedule::cosine, 0.002, 100, 100) == last);
    CHECK(scheduled_learning_rate(LearningRateSchedule::cosine, 0.002, 5000, 100) == last);
    CHECK(scheduled_learning_rate(LearningRateSchedule::constant, 0.002, 50, 100) == 0.002);
    CHECK(scheduled_learning_rate(LearningRateSchedule::cosine, 0.002, 50, 0) == 0.002);

    // train() spans the schedule over epochs x batches: 3 epochs of 64 samples in batches of 16 = 12 steps.
    chemin::Rng rng(3);
    chemin::Matrix x(64, 4);
    std::vector<int> labels;
    for (std::size_t i = 0; i < 64; ++i) {
        labels.push_back(static_cast<int>(i % 2));
        for (std::size_t j = 0; j < 4; ++j) x(i, j) = static_cast<float>(rng.normal()) + (i % 2 == j % 2 ? 1.0f : 0.0f);
    }
    chemin::nn::TrainOptions o = quiet_options();
    o.epochs = 3;
    o.schedule = LearningRateSchedule::cosine;
    chemin::nn::DynamicNetwork<float> net = chemin::value_or_throw(chemin::nn::make_mlp(4, {8}, 2, 7));
    chemin::nn::Trainer<float> trainer;
    REQUIRE(trainer.prepare(net, o).ok());
    chemin::nn::EpochReport report;
    REQUIRE(trainer.run_epoch(net, x, labels, report).ok());
    CHECK(trainer.schedule_steps() == 12);
    // A span set by the caller (who drives the steps) is kept by run_epoch; prepare() starts afresh.
    REQUIRE(trainer.prepare(net, o).ok());
    trainer.set_schedule_steps(1000);
    REQUIRE(trainer.run_epoch(net, x, labels, report).ok());
    CHECK(trainer.schedule_steps() == 1000);
    REQUIRE(trainer.prepare(net, o).ok());
    CHECK(trainer.schedule_steps() == 0);

    // LeNet's recipe: Adam from 7e-3, cosine-annealed, batch 64, cross-entropy; the rest TrainOptions' defaults.
    const chemin::nn::TrainOptions lenet = chemin::nn::lenet_train_options();
    CHECK(lenet.optimizer.kind == chemin::nn::OptimizerKind::adam);
    CHECK(lenet.optimizer.learning_rate == 7e-3);
    CHECK(lenet.schedule == LearningRateSchedule::cosine);
    CHECK(lenet.batch_size == 64);
    CHECK(lenet.loss == chemin::nn::Loss::softmax_cross_entropy);
    CHECK(lenet.epochs == chemin::nn::TrainOptions().epochs);
    CHECK((lenet.on_epoch.function == nullptr));  // silent

    // The same bits for 1, 2 and 3 threads, and not those of the constant rate.
    std::vector<std::vector<float>> params;
    for (int threads : {1, 2, 3, 1}) {
        chemin::nn::DynamicNetwork<float> m = chemin::value_or_throw(chemin::nn::make_mlp(4, {8}, 2, 7));
        o.threads = threads;
        if (params.size() == 3) o.schedule = LearningRateSchedule::constant;
        REQUIRE(chemin::nn::train(m, x, labels, o).ok());
        params.emplace_back(m.params(), m.params() + m.param_count());
    }
    CHECK(std::memcmp(params[0].data(), params[1].data(), params[0].size() * sizeof(float)) == 0);
    CHECK(std::memcmp(params[0].data(), params[2].data(), params[0].size() * sizeof(float)) == 0);
    CHECK(std::memcmp(params[0].data(), params[3].data(), params[0].size() * sizeof(float)) != 0);
}

namespace {
/// What the epoch hook below was told: the reports in order, in a fixed array (as a microcontroller
/// program would keep them).
struct Told {
    chemin::nn::EpochReport reports[8];
    int count = 0;
};
void remember_epoch(void* user, const chemin::nn::EpochReport& report) {
    Told& told = *static_cast<Told*>(user);
    if (told.count < 8) told.reports[told.count] = report;
    ++told.count;
}
}  // namespace

TEST_CASE("training prints nothing unless asked; the epoch hook is told each epoch's figures") {
    const Blobs data;
    chemin::nn::TrainOptions o = quiet_options();
    o.epochs = 3;
    std::vector<chemin::nn::EpochReport> silent_reports;
    long printed = -1, complained = -1;
    bool ran = false;
    {  // no doctest assertion in here: its own messages would be captured too
        chemin_test::CaptureOutput out(1), err(2);
        auto net = chemin::nn::make_mlp(2, {8}, 3, 1);
        ran = net.ok() && chemin::nn::train(*net, data.x, data.labels, o, &silent_reports).ok() &&
              chemin::nn::evaluate(*net, data.x, data.labels).ok();
        printed = out.written();
        complained = err.written();
    }
    REQUIRE(ran);
    CHECK(printed == 0);
    CHECK(complained == 0);
    Told told;
    o.on_epoch.function = &remember_epoch;
    o.on_epoch.user = &told;
    auto net = chemin::nn::make_mlp(2, {8}, 3, 1);
    REQUIRE(net.ok());
    std::vector<chemin::nn::EpochReport> reports;
    REQUIRE(chemin::nn::train(*net, data.x, data.labels, o, &reports).ok());
    REQUIRE(told.count == 3);
    REQUIRE(reports.size() == 3);
    for (int e = 0; e < 3; ++e) {
        const chemin::nn::EpochReport& r = told.reports[e];
        CHECK(r.epoch == e + 1);
        CHECK(r.epochs == 3);
        CHECK(r.mean_loss == reports[static_cast<std::size_t>(e)].mean_loss);
        CHECK(r.accuracy == reports[static_cast<std::size_t>(e)].accuracy);
        CHECK(r.seconds == reports[static_cast<std::size_t>(e)].seconds);
        // The hook changes nothing: the same figures as the silent run (the same seeds).
        CHECK(r.mean_loss == silent_reports[static_cast<std::size_t>(e)].mean_loss);
        CHECK(r.accuracy == silent_reports[static_cast<std::size_t>(e)].accuracy);
        CHECK(r.mean_loss > 0);
        CHECK(r.samples_per_second >= 0);
    }
    CHECK(told.reports[2].mean_loss < told.reports[0].mean_loss);  // it learns
}

TEST_CASE("the same seed gives the same initial weights; another seed gives others") {
    chemin::nn::DynamicNetwork<float> a, b, c;
    a = chemin::value_or_throw(chemin::nn::make_mlp(10, {8}, 3, 1));
    b = chemin::value_or_throw(chemin::nn::make_mlp(10, {8}, 3, 1));
    c = chemin::value_or_throw(chemin::nn::make_mlp(10, {8}, 3, 2));
    CHECK(std::memcmp(a.params(), b.params(), a.param_count() * sizeof(float)) == 0);
    CHECK(std::memcmp(a.params(), c.params(), a.param_count() * sizeof(float)) != 0);
}

TEST_CASE("bad network descriptions and bad training data get clear messages") {
    chemin::nn::DynamicNetwork<float> net(1, 6, 6);
    net.add_conv2d(2, 3).add_dense(4);
    const chemin::Status s = net.finish(1);
    CHECK(std::string(s.message()) == "layer 1 (dense): its input is a 2 x 4 x 4 image: add a flatten layer first");

    chemin::nn::DynamicNetwork<float> big(1, 4, 4);
    big.add_conv2d(2, 7);
    CHECK(std::string(big.finish(1).message()) ==
          "layer 0 (conv2d): a 7 x 7 kernel does not fit the 4 x 4 input (padding 0)");
    chemin::nn::DynamicNetwork<float> pool(1, 4, 4);
    pool.add_maxpool(5);
    CHECK(std::string(pool.finish(1).message()) == "layer 0 (maxpool): a 5 x 5 window does not fit the 4 x 4 input");
    chemin::nn::DynamicNetwork<float> unfinished(4, 1, 1);
    unfinished.add_dense(3);
    chemin::Matrix four(2, 4);
    CHECK(std::string(chemin::nn::train(unfinished, four, {0, 1}, quiet_options()).message()) ==
          "trainer: the network is not finished (call finish())");
    CHECK(std::string(chemin::nn::evaluate(unfinished, four, {0, 1}).status().message()) ==
          "evaluate: the network is not finished (call finish())");
    CHECK(std::string(chemin::nn::record_signatures(unfinished, four).status().message()) ==
          "record_signatures: the network is not finished (call finish())");
    REQUIRE(unfinished.finish(1).ok());
    unfinished.add_relu();
    CHECK(std::string(unfinished.finish(1).message()) == "layer 1 (relu): layers cannot be added after finish()");
    chemin::nn::DynamicNetwork<float> empty(1, 4, 4);
    CHECK(std::string(empty.finish(1).message()) == "network has no layers");

    chemin::nn::DynamicNetwork<float> mlp;
    mlp = chemin::value_or_throw(chemin::nn::make_mlp(2, {4}, 3, 1));
    chemin::Matrix x(2, 2);
    chemin::nn::TrainOptions o = quiet_options();
    CHECK(std::string(chemin::nn::train(mlp, x, {0, 3}, o).message()) ==
          "label 3 of sample 1 is outside [0, 3) (the network has 3 outputs)");
    CHECK(std::string(chemin::nn::train(mlp, x, {0}, o).message()) == "training data: 2 images but 1 labels");
    chemin::Matrix wide(2, 5);
    CHECK(std::string(chemin::nn::train(mlp, wide, {0, 1}, o).message()) ==
          "training data: 5 values per sample, the network takes 2");
    o.optimizer.learning_rate = -1;
    CHECK(std::string(chemin::nn::train(mlp, x, {0, 1}, o).message()) == "learning rate must be a positive number, not -1");
    o = quiet_options();
    o.batch_size = 0;
    CHECK(std::string(chemin::nn::train(mlp, x, {0, 1}, o).message()) == "trainer: batch size must be positive");
}
