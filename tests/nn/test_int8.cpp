// int8 inference: the kernels against their textbook references, the fixed-point requantisation
// against exact arithmetic, and quantised networks against the float networks they came from.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "chemin/chemin.hpp"

namespace {
using chemin::nn::Requantizer;

std::vector<std::int8_t> random_codes(std::size_t n, chemin::Rng& rng, int low = -128, int high = 127) {
    std::vector<std::int8_t> v(n);
    for (auto& q : v) q = static_cast<std::int8_t>(low + static_cast<int>(rng.below(static_cast<std::uint64_t>(high - low + 1))));
    return v;
}
std::vector<std::int32_t> random_biases(std::size_t n, chemin::Rng& rng) {
    std::vector<std::int32_t> v(n);
    for (auto& b : v) b = static_cast<std::int32_t>(rng.below(40001)) - 20000;
    return v;
}
/// Multipliers like a real layer's: s_x s_w / s_y between about 1e-4 and 1e-2.
std::vector<Requantizer> random_requantizers(std::size_t n, chemin::Rng& rng) {
    std::vector<Requantizer> v(n);
    for (auto& r : v) r = chemin::nn::quantize_multiplier(std::pow(10.0, -4.0 + 2.0 * rng.uniform(0, 1)));
    return v;
}
void split(const std::vector<Requantizer>& rq, std::vector<std::int32_t>& m, std::vector<std::int32_t>& s) {
    for (const auto& r : rq) {
        m.push_back(r.multiplier);
        s.push_back(r.shift);
    }
}

/// round(acc * M), halves up, with M = m 2^-(31 + shift) exactly (long double holds acc * m exactly).
long double exact_rounding(std::int32_t acc, Requantizer r) {
    const long double product = static_cast<long double>(acc) * static_cast<long double>(r.multiplier);
    return std::floor(std::ldexp(product, -(31 + r.shift)) + 0.5L);
}

/// A small labelled set: `classes` Gaussian blobs in `width` dimensions (values in about [0, 1]).
void blobs(std::size_t n, std::size_t width, int classes, std::uint64_t seed, chemin::Matrix& x, std::vector<int>& y) {
    chemin::Rng rng(seed);
    std::vector<float> centres(static_cast<std::size_t>(classes) * width);
    chemin::Rng centre_rng(99);
    for (float& c : centres) c = static_cast<float>(centre_rng.uniform(0.2, 0.8));
    x = chemin::Matrix(n, width);
    y.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        const int k = static_cast<int>(rng.below(static_cast<std::uint64_t>(classes)));
        y[i] = k;
        for (std::size_t j = 0; j < width; ++j)
            x(i, j) = centres[static_cast<std::size_t>(k) * width + j] + static_cast<float>(0.15 * rng.normal());
    }
}
chemin::nn::TrainOptions quiet_training(int epochs) {
    chemin::nn::TrainOptions options;
    options.epochs = epochs;
    options.batch_size = 32;
    return options;
}
}  // namespace

TEST_CASE("quantize_multiplier keeps 30 bits of M and requantize rounds M * acc to the nearest integer") {
    chemin::Rng rng(1);
    for (int t = 0; t < 2000; ++t) {
        const double real = std::pow(2.0, rng.uniform(-30, 8));
        const Requantizer r = chemin::nn::quantize_multiplier(real);
        REQUIRE(r.multiplier >= (1 << 30));
        const double back = std::ldexp(static_cast<double>(r.multiplier), -(31 + r.shift));
        CHECK(std::fabs(back - real) <= real * std::ldexp(1.0, -30));
        for (int k = 0; k < 20; ++k) {
            std::int32_t acc = static_cast<std::int32_t>(rng.next_u32());
            if (k == 0) acc = INT32_MIN;
            if (k == 1) acc = INT32_MAX;
            if (k == 2) acc = 0;
            const long double expected = exact_rounding(acc, r);
            const long double saturated = expected > INT32_MAX ? INT32_MAX : expected < INT32_MIN ? INT32_MIN : expected;
            const std::int32_t got = chemin::nn::requantize(acc, r);
            CHECK(static_cast<long double>(got) == saturated);
            CHECK(got == chemin::reference::requantize(acc, r.multiplier, r.shift));
        }
    }
    CHECK(chemin::nn::quantize_multiplier(0.0).multiplier == 0);
    CHECK(chemin::nn::quantize_multiplier(-1.0).multiplier == 0);
    CHECK(chemin::nn::quantize_multiplier(std::nan("")).multiplier == 0);
    CHECK(chemin::nn::requantize(1000, chemin::nn::quantize_multiplier(1e-12)) == 0);
    // Halves round up: 3 * 0.5 = 1.5 -> 2 and -3 * 0.5 = -1.5 -> -1.
    CHECK(chemin::nn::requantize(3, chemin::nn::quantize_multiplier(0.5)) == 2);
    CHECK(chemin::nn::requantize(-3, chemin::nn::quantize_multiplier(0.5)) == -1);
}

TEST_CASE("dense_int8 equals the textbook dense layer bit for bit, int8 and int32 outputs") {
    chemin::Rng rng(2);
    // Sizes across the kernel's chunks of 256 inputs and blocks of 32 outputs; inputs dense, or 80% zeros
    // like an MNIST image (the kernel lists the non-zero codes).
    const std::size_t sizes[][2] = {{1, 1}, {7, 3}, {16, 4}, {33, 9}, {784, 32}, {600, 70}, {256, 33}, {257, 64}};
    for (const auto& size : sizes)
        for (int sparse = 0; sparse < 2; ++sparse) {
            const std::size_t in = size[0], out = size[1];
            auto x = random_codes(in, rng);
            if (sparse == 1)
                for (auto& q : x) q = rng.below(5) == 0 ? q : std::int8_t(0);
            const auto w = random_codes(in * out, rng, -127, 127);
            const auto b = random_biases(out, rng);
            const auto rq = random_requantizers(out, rng);
            std::vector<std::int32_t> m, s;
            split(rq, m, s);
            std::vector<std::int8_t> y(out), y_ref(out);
            chemin::nn::dense_int8(x.data(), w.data(), b.data(), rq.data(), y.data(), nullptr, in, out);
            chemin::reference::dense_int8(x.data(), w.data(), b.data(), m.data(), s.data(), y_ref.data(), nullptr, in, out);
            CHECK(y == y_ref);
            std::vector<std::int32_t> z(out), z_ref(out);
            chemin::nn::dense_int8(x.data(), w.data(), b.data(), rq.data(), nullptr, z.data(), in, out);
            chemin::reference::dense_int8(x.data(), w.data(), b.data(), m.data(), s.data(), nullptr, z_ref.data(), in, out);
            CHECK(z == z_ref);
        }
}

TEST_CASE("conv2d_int8 equals the textbook convolution bit for bit, with padding and strides") {
    chemin::Rng rng(3);
    struct Case { std::size_t C, H, W, OC, K, S, P; };
    const Case cases[] = {{1, 28, 28, 6, 5, 1, 0}, {6, 12, 12, 16, 5, 1, 0}, {2, 7, 9, 3, 3, 1, 1},
                          {3, 8, 8, 5, 3, 2, 1}, {1, 5, 5, 2, 5, 1, 2}, {2, 6, 5, 4, 2, 3, 0},
                          {1, 3, 70, 2, 3, 1, 1}, {2, 4, 150, 2, 4, 2, 1},
                          {1, 3, 300, 2, 3, 1, 1}, {1, 4, 9, 1, 3, 1, 4}, {1, 2, 2, 1, 5, 1, 2},  // rows wider than 256 sums; much padding
                          {24, 6, 6, 3, 5, 1, 2}, {21, 9, 7, 2, 5, 2, 1}, {60, 3, 300, 2, 3, 1, 1}};  // > 512 taps: by rows
    for (const Case& c : cases) {
        const std::size_t OH = chemin::nn::detail::conv_output_size(c.H, c.K, c.S, c.P);
        const std::size_t OW = chemin::nn::detail::conv_output_size(c.W, c.K, c.S, c.P);
        const auto x = random_codes(c.C * c.H * c.W, rng), w = random_codes(c.OC * c.C * c.K * c.K, rng, -127, 127);
        const auto b = random_biases(c.OC, rng);
        const auto rq = random_requantizers(c.OC, rng);
        std::vector<std::int32_t> m, s;
        split(rq, m, s);
        std::vector<std::int8_t> y(c.OC * OH * OW), y_ref(y.size());
        chemin::nn::conv2d_int8(x.data(), w.data(), b.data(), rq.data(), y.data(), nullptr, c.C, c.H, c.W, c.OC, c.K, c.S, c.P);
        chemin::reference::conv2d_int8(x.data(), w.data(), b.data(), m.data(), s.data(), y_ref.data(), nullptr, c.C, c.H, c.W,
                                       c.OC, c.K, c.S, c.P);
        CHECK(y == y_ref);
        std::vector<std::int32_t> z(y.size()), z_ref(y.size());
        chemin::nn::conv2d_int8(x.data(), w.data(), b.data(), rq.data(), nullptr, z.data(), c.C, c.H, c.W, c.OC, c.K, c.S, c.P);
        chemin::reference::conv2d_int8(x.data(), w.data(), b.data(), m.data(), s.data(), nullptr, z_ref.data(), c.C, c.H, c.W,
                                       c.OC, c.K, c.S, c.P);
        CHECK(z == z_ref);
    }
}

TEST_CASE("maxpool_int8 and relu_int8 equal their textbook versions") {
    chemin::Rng rng(4);
    const auto x = random_codes(3 * 9 * 8, rng);
    std::vector<std::int8_t> y(3 * 3 * 2), y_ref(y.size());
    chemin::nn::maxpool_int8(x.data(), y.data(), 3, 9, 8, 3);
    chemin::reference::maxpool_int8(x.data(), y_ref.data(), 3, 9, 8, 3);
    CHECK(y == y_ref);
    std::vector<std::int8_t> r(x.size()), r_ref(x.size());
    chemin::nn::relu_int8(x.data(), r.data(), x.size());
    chemin::reference::relu_int8(x.data(), r_ref.data(), x.size());
    CHECK(r == r_ref);
}

TEST_CASE("an int8 MLP decides like the float MLP it was quantised from") {
    chemin::Matrix train_x, test_x;
    std::vector<int> train_y, test_y;
    blobs(1200, 24, 4, 5, train_x, train_y);
    blobs(600, 24, 4, 6, test_x, test_y);
    chemin::nn::DynamicNetwork<float> net;
    net = chemin::value_or_throw(chemin::nn::make_mlp(24, {16, 8}, 4, 7));
    REQUIRE(chemin::nn::train(net, train_x, train_y, quiet_training(8)).ok());
    auto float_result = chemin::nn::evaluate(net, test_x, test_y);
    REQUIRE(float_result.ok());
    REQUIRE(float_result->accuracy > 0.8);

    auto q = chemin::nn::quantize(net, train_x);
    REQUIRE(q.ok());
    CHECK(q->weights.size() == 24 * 16 + 16 * 8 + 8 * 4);
    CHECK(q->biases.size() == 16 + 8 + 4);
    CHECK(q->output_scales.size() == net.layer_count());
    auto predictions = chemin::nn::predict_int8(*q, test_x);
    REQUIRE(predictions.ok());
    std::size_t agree = 0;
    for (std::size_t i = 0; i < test_x.rows; ++i) agree += (*predictions)[i] == float_result->predictions[i] ? 1 : 0;
    CHECK(agree >= test_x.rows * 98 / 100);
    auto accuracy = chemin::nn::int8_accuracy(*q, test_x, test_y);
    REQUIRE(accuracy.ok());
    CHECK(std::fabs(*accuracy - float_result->accuracy) < 0.02);

    // The fixed-size network over the same arrays gives the same logits, and its hook sees the codes.
    using Int8Mlp = chemin::nn::Int8Network<chemin::nn::Dense<24, 16>, chemin::nn::Relu<16>, chemin::nn::Dense<16, 8>,
                                            chemin::nn::Relu<8>, chemin::nn::Dense<8, 4>>;
    REQUIRE(chemin::nn::check_int8_shapes(*q, Int8Mlp::shapes.data(), Int8Mlp::layer_count).ok());
    const Int8Mlp fixed{q->weights.data(), q->biases.data(), q->requantizers.data()};
    Int8Mlp::Workspace work;
    std::vector<std::int8_t> x(24), hidden(q->hidden_count());
    std::vector<std::int32_t> logits(4);
    for (std::size_t i = 0; i < 50; ++i) {
        for (std::size_t j = 0; j < 24; ++j) x[j] = chemin::nn::quantize_value(test_x(i, j), q->input_scale);
        q->forward(x.data(), hidden.data(), logits.data());
        std::size_t hooked = 0;
        const std::int32_t* z = fixed.forward(x.data(), work, [&](std::size_t layer, const std::int8_t* codes, std::size_t width) {
            hooked += width;
            for (std::size_t j = 0; j < width; ++j) CHECK(codes[j] == hidden[q->output_offset(layer) + j]);
        });
        CHECK(hooked == Int8Mlp::hidden_count);
        CHECK(std::vector<std::int32_t>(z, z + 4) == logits);
    }
}

TEST_CASE("an int8 CNN decides like the float CNN it was quantised from") {
    // 1 x 8 x 8 images of a bright horizontal or vertical bar (or a cross, or nothing) on noise.
    chemin::Rng rng(8);
    auto make = [&](std::size_t n, chemin::Matrix& x, std::vector<int>& y) {
        x = chemin::Matrix(n, 64);
        y.resize(n);
        for (std::size_t i = 0; i < n; ++i) {
            const int k = static_cast<int>(rng.below(4));
            y[i] = k;
            const std::size_t at = 1 + rng.below(6);
            for (std::size_t p = 0; p < 64; ++p) {
                const std::size_t r = p / 8, c = p % 8;
                const bool on = ((k == 1 || k == 3) && r == at) || ((k == 2 || k == 3) && c == at);
                x(i, p) = (on ? 0.8f : 0.0f) + static_cast<float>(0.2 * rng.uniform(0, 1));
            }
        }
    };
    chemin::Matrix train_x, test_x;
    std::vector<int> train_y, test_y;
    make(800, train_x, train_y);
    make(400, test_x, test_y);
    chemin::nn::DynamicNetwork<float> net(1, 8, 8);
    net.add_conv2d(4, 3, 1, 1).add_relu().add_maxpool(2).add_flatten().add_dense(4);
    REQUIRE(net.finish(3).ok());
    chemin::nn::TrainOptions options = quiet_training(10);
    options.optimizer.learning_rate = 0.01;
    REQUIRE(chemin::nn::train(net, train_x, train_y, options).ok());
    auto float_result = chemin::nn::evaluate(net, test_x, test_y);
    REQUIRE(float_result.ok());
    REQUIRE(float_result->accuracy > 0.9);
    auto q = chemin::nn::quantize(net, train_x);
    REQUIRE(q.ok());
    auto predictions = chemin::nn::predict_int8(*q, test_x);
    REQUIRE(predictions.ok());
    std::size_t agree = 0;
    for (std::size_t i = 0; i < test_x.rows; ++i) agree += (*predictions)[i] == float_result->predictions[i] ? 1 : 0;
    CHECK(agree >= test_x.rows * 98 / 100);

    using Int8Cnn = chemin::nn::Int8Network<chemin::nn::Conv2D<1, 8, 8, 4, 3, 1, 1>, chemin::nn::Relu3D<4, 8, 8>,
                                            chemin::nn::MaxPool<4, 8, 8, 2>, chemin::nn::Flatten<4, 4, 4>,
                                            chemin::nn::Dense<64, 4>>;
    REQUIRE(chemin::nn::check_int8_shapes(*q, Int8Cnn::shapes.data(), Int8Cnn::layer_count).ok());
    const Int8Cnn fixed{q->weights.data(), q->biases.data(), q->requantizers.data()};
    Int8Cnn::Workspace work;
    std::vector<std::int8_t> x(64), hidden(q->hidden_count());
    std::vector<std::int32_t> logits(4);
    for (std::size_t i = 0; i < 40; ++i) {
        for (std::size_t j = 0; j < 64; ++j) x[j] = chemin::nn::quantize_value(test_x(i, j), q->input_scale);
        q->forward(x.data(), hidden.data(), logits.data());
        const std::int32_t* z = fixed.forward(x.data(), work);
        CHECK(std::vector<std::int32_t>(z, z + 4) == logits);
    }
}

TEST_CASE("the int8 signatures are the dequantised codes, shaped like the float recorder's") {
    chemin::Matrix x;
    std::vector<int> y;
    blobs(300, 10, 3, 9, x, y);
    chemin::nn::DynamicNetwork<float> net;
    net = chemin::value_or_throw(chemin::nn::make_mlp(10, {6, 5}, 3, 2));
    REQUIRE(chemin::nn::train(net, x, y, quiet_training(4)).ok());
    auto q = chemin::nn::quantize(net, x);
    REQUIRE(q.ok());
    auto s = chemin::nn::record_int8_signatures(*q, x);
    auto f = chemin::nn::record_signatures(net, x);
    REQUIRE(s.ok());
    REQUIRE(f.ok());
    CHECK(s->layers == f->layers);
    REQUIRE(s->outputs.size() == 2);
    CHECK(s->outputs[0].cols == 6);
    CHECK(s->outputs[1].rows == 300);
    // Each value is within one step (plus saturation, which calibration on the same images excludes)
    // of the float network's.
    double worst = 0;
    for (std::size_t k = 0; k < 2; ++k)
        for (std::size_t j = 0; j < s->outputs[k].values.size(); ++j) {
            const double step = q->output_scales[s->layers[k]];
            worst = std::fmax(worst, std::fabs(s->outputs[k].values[j] - f->outputs[k].values[j]) / step);
        }
    CHECK(worst < 8.0);  // errors add up over two layers, each a few steps at most
    auto predictions = chemin::nn::predict_int8(*q, x);
    REQUIRE(predictions.ok());
    CHECK(s->predictions == *predictions);
}

TEST_CASE("quantize refuses what int8 cannot run and says why") {
    chemin::Matrix x(4, 6, 0.5f);
    chemin::nn::DynamicNetwork<float> sigmoid_net;
    sigmoid_net = chemin::value_or_throw(chemin::nn::make_mlp(6, {4}, 2, 1, chemin::nn::LayerKind::sigmoid));
    auto r = chemin::nn::quantize(sigmoid_net, x);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == chemin::Errc::unsupported);
    CHECK(std::string(r.status().message()).find("layer 1 is sigmoid") != std::string::npos);

    chemin::nn::DynamicNetwork<float> relu_last(6, 1, 1);
    relu_last.add_dense(3).add_relu();
    REQUIRE(relu_last.finish(1).ok());
    CHECK(chemin::nn::quantize(relu_last, x).status().code() == chemin::Errc::unsupported);

    chemin::nn::DynamicNetwork<float> net;
    net = chemin::value_or_throw(chemin::nn::make_mlp(6, {4}, 2, 1));
    chemin::Matrix wrong(4, 5, 0.5f);
    CHECK(chemin::nn::quantize(net, wrong).status().code() == chemin::Errc::size_mismatch);
    CHECK(chemin::nn::quantize(net, chemin::Matrix(0, 6)).status().code() == chemin::Errc::bad_shape);
    chemin::Matrix with_nan = x;
    with_nan(2, 3) = std::nanf("");
    auto nan_result = chemin::nn::quantize(net, with_nan);
    CHECK(nan_result.status().code() == chemin::Errc::non_finite);
    CHECK(std::string(nan_result.status().message()).find("image 2, value 3") != std::string::npos);
    chemin::nn::QuantizeOptions bad_bits;
    bad_bits.logit_bits = 40;
    CHECK(chemin::nn::quantize(net, x, bad_bits).status().code() == chemin::Errc::bad_argument);

    auto q = chemin::nn::quantize(net, x);
    REQUIRE(q.ok());
    CHECK(chemin::nn::predict_int8(*q, wrong).status().code() == chemin::Errc::size_mismatch);
    const chemin::nn::LayerShape other[] = {chemin::nn::dense_shape(6, 5), chemin::nn::activation_shape(chemin::nn::LayerKind::relu, 5, 1, 1),
                                            chemin::nn::dense_shape(5, 2)};
    CHECK(chemin::nn::check_int8_shapes(*q, other, 3).code() == chemin::Errc::size_mismatch);
}

TEST_CASE("bytes become the same input codes as their float values, and the header holds every array") {
    // MNIST-like inputs: the scale is 1 / 127 when the largest pixel is 1.
    chemin::Matrix x(2, 4, 0.0f);
    x(0, 0) = 1.0f;
    chemin::nn::DynamicNetwork<float> net;
    net = chemin::value_or_throw(chemin::nn::make_mlp(4, {3}, 2, 1));
    auto q = chemin::nn::quantize(net, x);
    REQUIRE(q.ok());
    CHECK(q->input_scale == doctest::Approx(1.0 / 127));
    for (int b = 0; b < 256; ++b) {
        const std::uint8_t byte = static_cast<std::uint8_t>(b);
        std::int8_t from_byte = 0;
        chemin::nn::quantize_bytes(&byte, 1, q->input_from_bytes, &from_byte);
        const std::int8_t from_float = chemin::nn::quantize_value(static_cast<float>(b) / 255.0f, q->input_scale);
        CHECK(std::abs(from_byte - from_float) <= 1);
        CHECK(from_byte == static_cast<std::int8_t>(std::floor(b * 127.0 / 255.0 + 0.5)));
    }
    chemin::nn::Int8HeaderOptions options;
    options.name = "net";
    options.network_type = "Net";
    const std::string text = chemin::nn::int8_header(*q, options);
    CHECK(text.find("static const std::int8_t net_weights[18] = {") != std::string::npos);
    CHECK(text.find("static const std::int32_t net_biases[5] = {") != std::string::npos);
    CHECK(text.find("static const chemin::nn::Requantizer net_requantizers[5] = {") != std::string::npos);
    CHECK(text.find("static const Net net = {net_weights, net_biases, net_requantizers};") != std::string::npos);
    CHECK(text.find("// layer 1: relu") != std::string::npos);

    // The arrays read back are the network's numbers, in order.
    auto read_block = [&](const std::string& opening) {
        std::vector<long> numbers;
        const std::size_t start = text.find(opening);
        REQUIRE(start != std::string::npos);
        const std::size_t end = text.find("};", start);
        std::string body = text.substr(start + opening.size(), end - start - opening.size());
        for (char& c : body)
            if (c == '{' || c == '}' || c == ',') c = ' ';
        const char* p = body.c_str();
        char* next = nullptr;
        for (long v = std::strtol(p, &next, 10); next != p; v = std::strtol(p, &next, 10)) {
            numbers.push_back(v);
            p = next;
        }
        return numbers;
    };
    const std::vector<long> weights = read_block("net_weights[18] = {");
    REQUIRE(weights.size() == q->weights.size());
    for (std::size_t j = 0; j < weights.size(); ++j) CHECK(weights[j] == q->weights[j]);
    const std::vector<long> biases = read_block("net_biases[5] = {");
    REQUIRE(biases.size() == 5);
    for (std::size_t j = 0; j < 5; ++j) CHECK(biases[j] == q->biases[j]);
    const std::vector<long> requantizers = read_block("net_requantizers[5] = {");
    REQUIRE(requantizers.size() == 10);
    for (std::size_t j = 0; j < 5; ++j) {
        CHECK(requantizers[2 * j] == q->requantizers[j].multiplier);
        CHECK(requantizers[2 * j + 1] == q->requantizers[j].shift);
    }
}
