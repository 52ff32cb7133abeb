// Where k-means spends its time, stage by stage, on the inputs of bench_cluster's BM_KMeans
// (K = 10, n_init = 10): the 10,000 MNIST test images (784 pixels) and the 10,000 x 64 activations
// stand-in (relu(x W), W 784 x 64 of N(0, 1) / 28 entries from Rng(64), as bench_cluster).
//
//     build/rel/benchmarks/cluster/profile_kmeans [--threads 1]
//
// It calls chemin's own stages (chemin/cluster/kmeans.hpp, namespace chemin::cluster::detail) in the order
// chemin::cluster::kmeans does, with a clock around each: the input checks, the centring, the k-means++
// seeding of all restarts, then for each restart the first round, the later rounds' step 1
// (bounds tests and scans) and step 2 (centre moves), the final relabelling and the inertia. It
// counts the rounds and the points scanned against every centre, and checks that its result is
// chemin::cluster::kmeans's (same labels, inertia, rounds). Times are processor time of the calling thread
// (CLOCK_THREAD_CPUTIME_ID where available), so other programs on the machine do not inflate
// them; with --threads 2 the centring and the seeding run on two threads (only the calling
// thread's share is counted) and the restarts stay on this one. Ends with a RESULT line.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

#include "chemin/chemin.hpp"
#include "../bench_mnist.hpp"

namespace {

double thread_seconds() {
#if defined(CLOCK_THREAD_CPUTIME_ID)
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
#else
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
#endif
}

struct Profile {
    double check = 0, centre = 0, seed = 0, first = 0, step1 = 0, step2 = 0, final_relabel = 0, inertia = 0;
    std::size_t rounds = 0, first_scans = 0, round_scans = 0, final_scans = 0;
    double best_inertia = 0;
    int best_rounds = 0;
    bool same = false;
};

/// chemin::cluster::kmeans (cluster/kmeans.hpp) with a clock around every stage.
Profile profile(const chemin::Matrix& x, std::size_t k, int threads) {
    namespace d = chemin::cluster::detail;
    chemin::cluster::KMeansOptions options;
    options.threads = threads;
    Profile p;
    double t = thread_seconds();
    if (!d::check_kmeans_input(x, static_cast<long long>(k)).ok()) std::exit(1);
    p.check = thread_seconds() - t;
    t = thread_seconds();
    const d::KMeansData data = d::centre_data(x, options.tol, threads, true);  // as chemin::cluster::kmeans
    p.centre = thread_seconds() - t;
    const std::size_t n = x.rows, restarts = static_cast<std::size_t>(options.n_init);
    std::vector<chemin::Rng> rngs;
    for (std::size_t r = 0; r < restarts; ++r) rngs.push_back(chemin::Rng(options.seed).split(r));
    std::vector<float> seed_distances(restarts * k * n);
    t = thread_seconds();
    std::vector<chemin::Matrix> seeds = d::kmeans_plus_plus_restarts(data, k, rngs, threads, seed_distances.data());
    p.seed = thread_seconds() - t;
    const double error_unit = d::distance_error_unit(data.centred.cols);
    std::vector<chemin::cluster::KMeansResult> runs(restarts);
    for (std::size_t r = 0; r < restarts; ++r) {  // kmeans_single, stage by stage
        d::LloydState s(data, std::move(seeds[r]), true);
        s.first_distances = seed_distances.data() + r * k * n;
        bool strict = false;
        int round = 0;
        for (; round < options.max_iter; ++round) {
            const std::size_t scans = s.full_scans;
            t = thread_seconds();
            const std::size_t changed = d::assign_labels(s, data, error_unit);
            (round == 0 ? p.first : p.step1) += thread_seconds() - t;
            (round == 0 ? p.first_scans : p.round_scans) += s.full_scans - scans;
            p.rounds += round == 0 ? 0 : 1;
            t = thread_seconds();
            const double total_shift = d::move_centres(s, data);
            p.step2 += thread_seconds() - t;
            if (changed == 0) {
                strict = true;
                break;
            }
            if (total_shift <= data.tol_abs) break;
        }
        runs[r].iterations = round < options.max_iter ? round + 1 : options.max_iter;
        t = thread_seconds();
        const std::size_t scans = s.full_scans;
        if (!strict) d::assign_labels(s, data, error_unit);
        p.final_scans += s.full_scans - scans;
        p.final_relabel += thread_seconds() - t;
        t = thread_seconds();
        double inertia = 0.0;
        for (std::size_t i = 0; i < n; ++i)
            inertia += chemin::squared_distance(data.centred.row(i), s.centres.row(static_cast<std::size_t>(s.labels[i])), data.centred.cols);
        p.inertia += thread_seconds() - t;
        runs[r].inertia = inertia;
        runs[r].labels = std::move(s.labels);
    }
    std::size_t best = 0;
    for (std::size_t r = 1; r < restarts; ++r)
        if (runs[r].inertia < runs[best].inertia) best = r;
    p.best_inertia = runs[best].inertia;
    p.best_rounds = runs[best].iterations;
    auto same = chemin::cluster::kmeans(x, static_cast<int>(k), options);
    p.same = same.ok() && same->labels == runs[best].labels && same->inertia == runs[best].inertia &&
             same->iterations == runs[best].iterations;
    return p;
}

}  // namespace

int main(int argc, char** argv) {
    int threads = 1;
    for (int a = 1; a + 1 < argc; ++a)
        if (std::strcmp(argv[a], "--threads") == 0) threads = std::atoi(argv[a + 1]);
    auto mnist = chemin::data::load_mnist("");  // CHEMIN_DATA, else the repository's data/mnist
    if (!mnist.ok()) {
        std::fprintf(stderr, "profile_kmeans: %s\n", mnist.status().message());
        return 1;
    }
    const chemin::Matrix& images = mnist->test.images;
    const chemin::Matrix act64 = bench::activations(images, 64);
    std::printf("kernels: %s; threads %d; seconds of this thread's processor time, all 10 restarts\n",
                chemin::kernel_isa(), threads);
    std::string result = "RESULT";
    for (const chemin::Matrix* x : {&images, &act64}) {
        const Profile p = profile(*x, 10, threads);
        const double total = p.check + p.centre + p.seed + p.first + p.step1 + p.step2 + p.final_relabel + p.inertia;
        std::printf("%zu x %zu: total %.3f | checks %.3f  centring+packing %.3f  seeding %.3f  first round %.3f "
                    "(%zu scans)  later rounds: step 1 %.3f (%zu rounds, %zu scans, %.0f per round)  step 2 %.3f  "
                    "final relabel %.3f (%zu scans)  inertia %.3f | winner: %d rounds, inertia %.2f, same as "
                    "chemin::cluster::kmeans: %s\n",
                    x->rows, x->cols, total, p.check, p.centre, p.seed, p.first, p.first_scans, p.step1, p.rounds,
                    p.round_scans, p.rounds ? static_cast<double>(p.round_scans) / static_cast<double>(p.rounds) : 0.0,
                    p.step2, p.final_relabel, p.final_scans, p.inertia, p.best_rounds, p.best_inertia,
                    p.same ? "yes" : "NO");
        char item[256];
        std::snprintf(item, sizeof item, " d%zu_total_s=%.4f d%zu_seed_s=%.4f d%zu_rounds_s=%.4f d%zu_rounds=%zu d%zu_scans=%zu d%zu_same=%d",
                      x->cols, total, x->cols, p.seed, x->cols, p.first + p.step1 + p.step2, x->cols, p.rounds, x->cols,
                      p.round_scans, x->cols, p.same ? 1 : 0);
        result += item;
    }
    std::printf("%s\n", result.c_str());
    return 0;
}
