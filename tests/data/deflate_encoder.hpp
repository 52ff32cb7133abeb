// Test-only DEFLATE (RFC 1951) and gzip (RFC 1952) encoder, written independently of the decoder so
// the tests can build streams of every block type in code: stored, fixed Huffman and dynamic Huffman,
// with greedy LZ77 matching. Simple rather than fast or optimal. Not part of the library.
#ifndef CHEMIN_TESTS_DATA_DEFLATE_ENCODER_HPP
#define CHEMIN_TESTS_DATA_DEFLATE_ENCODER_HPP

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "chemin/chemin.hpp"

namespace test_deflate {

/// Writes bits least-significant first, as DEFLATE packs them.
struct BitWriter {
    std::vector<std::uint8_t> bytes;
    std::uint64_t buffer = 0;
    unsigned count = 0;
    void put(std::uint32_t bits, unsigned n) {
        buffer |= static_cast<std::uint64_t>(bits) << count;
        count += n;
        while (count >= 8) {
            bytes.push_back(static_cast<std::uint8_t>(buffer));
            buffer >>= 8;
            count -= 8;
        }
    }
    /// A Huffman code goes most significant bit first.
    void put_code(std::uint32_t code, unsigned length) {
        for (unsigned i = 0; i < length; ++i) put((code >> (length - 1 - i)) & 1u, 1);
    }
    void align() {
        if (count % 8 != 0) put(0, 8 - count % 8);
    }
    std::vector<std::uint8_t> finish() {
        align();
        return bytes;
    }
};

/// Canonical codes from lengths (RFC 1951 section 3.2.2).
inline std::vector<std::uint32_t> canonical_codes(const std::vector<std::uint8_t>& lengths) {
    unsigned count[16] = {};
    for (auto l : lengths) ++count[l];
    count[0] = 0;
    std::uint32_t next[16] = {};
    std::uint32_t code = 0;
    for (int bits = 1; bits < 16; ++bits) {
        code = (code + count[bits - 1]) << 1;
        next[bits] = code;
    }
    std::vector<std::uint32_t> codes(lengths.size());
    for (std::size_t s = 0; s < lengths.size(); ++s)
        if (lengths[s] != 0) codes[s] = next[lengths[s]]++;
    return codes;
}

/// Huffman code lengths for the frequencies, at most max_length bits (frequencies are halved until
/// the tree is shallow enough). One used symbol gets length 1; none gives all zeros.
inline std::vector<std::uint8_t> huffman_lengths(std::vector<std::uint64_t> freq, unsigned max_length) {
    const std::size_t n = freq.size();
    std::vector<std::uint8_t> lengths(n, 0);
    std::size_t used = 0;
    for (auto f : freq) used += f != 0;
    if (used == 0) return lengths;
    if (used == 1) {
        for (std::size_t s = 0; s < n; ++s)
            if (freq[s] != 0) lengths[s] = 1;
        return lengths;
    }
    for (;;) {
        // Nodes: leaves 0..n-1, internal nodes after; merge the two lightest (ties by index).
        std::vector<std::uint64_t> weight;
        std::vector<int> parent;
        std::vector<int> alive;
        for (std::size_t s = 0; s < n; ++s) {
            weight.push_back(freq[s]);
            parent.push_back(-1);
            if (freq[s] != 0) alive.push_back(static_cast<int>(s));
        }
        while (alive.size() > 1) {
            std::sort(alive.begin(), alive.end(), [&](int a, int b) {
                return weight[a] != weight[b] ? weight[a] < weight[b] : a < b;
            });
            const int a = alive[0], b = alive[1];
            const int node = static_cast<int>(weight.size());
            weight.push_back(weight[a] + weight[b]);
            parent.push_back(-1);
            parent[a] = parent[b] = node;
            alive.erase(alive.begin(), alive.begin() + 2);
            alive.push_back(node);
        }
        unsigned deepest = 0;
        for (std::size_t s = 0; s < n; ++s) {
            if (freq[s] == 0) continue;
            unsigned depth = 0;
            for (int p = parent[s]; p != -1; p = parent[p]) ++depth;
            lengths[s] = static_cast<std::uint8_t>(depth);
            deepest = std::max(deepest, depth);
        }
        if (deepest <= max_length) return lengths;
        for (auto& f : freq)
            if (f != 0) f = (f + 1) / 2;
    }
}

struct Symbol {
    std::uint16_t litlen;     // 0..285
    std::uint16_t distance;   // valid when litlen > 256
    std::uint32_t extra_value;
    unsigned extra_bits;
    std::uint32_t dist_extra_value;
    unsigned dist_extra_bits;
};

inline void length_symbol(unsigned length, Symbol& s) {
    static const unsigned base[29] = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
                                      35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
    static const unsigned extra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
    int i = 28;
    while (base[i] > length) --i;
    s.litlen = static_cast<std::uint16_t>(257 + i);
    s.extra_value = length - base[i];
    s.extra_bits = extra[i];
}
inline void distance_symbol(unsigned distance, Symbol& s) {
    static const unsigned base[30] = {1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
                                      257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
    int i = 29;
    while (base[i] > distance) --i;
    s.distance = static_cast<std::uint16_t>(i);
    s.dist_extra_value = distance - base[i];
    s.dist_extra_bits = i < 4 ? 0u : static_cast<unsigned>(i / 2 - 1);
}

/// Greedy LZ77 over data[begin, end) with a 32 KiB window (matches may reach back before begin).
inline std::vector<Symbol> lz77(const std::vector<std::uint8_t>& data, std::size_t begin, std::size_t end) {
    std::vector<Symbol> out;
    std::vector<long> head(1 << 15, -1);
    std::vector<long> prev(data.size(), -1);
    auto hash = [&](std::size_t i) {
        return ((data[i] << 10) ^ (data[i + 1] << 5) ^ data[i + 2]) & 0x7FFF;
    };
    auto insert = [&](std::size_t i) {
        if (i + 2 < data.size()) {
            const int h = hash(i);
            prev[i] = head[h];
            head[h] = static_cast<long>(i);
        }
    };
    for (std::size_t i = (begin > 32768 ? begin - 32768 : 0); i < begin; ++i) insert(i);
    std::size_t i = begin;
    while (i < end) {
        unsigned best_length = 0, best_distance = 0;
        if (i + 2 < end) {
            int chain = 64;
            for (long j = head[hash(i)]; j >= 0 && chain-- > 0 && i - static_cast<std::size_t>(j) <= 32768; j = prev[j]) {
                unsigned l = 0;
                while (l < 258 && i + l < end && data[j + l] == data[i + l]) ++l;
                if (l > best_length) {
                    best_length = l;
                    best_distance = static_cast<unsigned>(i - static_cast<std::size_t>(j));
                }
            }
        }
        Symbol s{};
        if (best_length >= 3) {
            length_symbol(best_length, s);
            distance_symbol(best_distance, s);
            out.push_back(s);
            for (unsigned k = 0; k < best_length; ++k) insert(i + k);
            i += best_length;
        } else {
            s.litlen = data[i];
            out.push_back(s);
            insert(i);
            ++i;
        }
    }
    return out;
}

inline void put_symbols(BitWriter& w, const std::vector<Symbol>& symbols, const std::vector<std::uint8_t>& ll_len,
                        const std::vector<std::uint32_t>& ll_code, const std::vector<std::uint8_t>& d_len,
                        const std::vector<std::uint32_t>& d_code) {
    for (const auto& s : symbols) {
        w.put_code(ll_code[s.litlen], ll_len[s.litlen]);
        if (s.litlen > 256) {
            w.put(s.extra_value, s.extra_bits);
            w.put_code(d_code[s.distance], d_len[s.distance]);
            w.put(s.dist_extra_value, s.dist_extra_bits);
        }
    }
    w.put_code(ll_code[256], ll_len[256]);
}

enum class Mode { stored, fixed, dynamic };

/// Encodes data as DEFLATE blocks of at most block_size input bytes each, all of one mode.
inline std::vector<std::uint8_t> deflate(const std::vector<std::uint8_t>& data, Mode mode, std::size_t block_size = 1 << 16) {
    BitWriter w;
    if (mode == Mode::stored && block_size > 65535) block_size = 65535;
    std::size_t begin = 0;
    do {
        const std::size_t end = std::min(data.size(), begin + block_size);
        const bool final_block = end == data.size();
        w.put(final_block ? 1u : 0u, 1);
        if (mode == Mode::stored) {
            w.put(0, 2);
            w.align();
            const unsigned len = static_cast<unsigned>(end - begin);
            w.put(len, 16);
            w.put(len ^ 0xFFFFu, 16);
            for (std::size_t i = begin; i < end; ++i) w.put(data[i], 8);
        } else {
            const auto symbols = lz77(data, begin, end);
            std::vector<std::uint8_t> ll_len(288), d_len(32);
            if (mode == Mode::fixed) {
                w.put(1, 2);
                for (int s = 0; s < 288; ++s) ll_len[s] = s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8;
                std::fill(d_len.begin(), d_len.end(), 5);
            } else {
                w.put(2, 2);
                std::vector<std::uint64_t> ll_freq(286), d_freq(30);
                for (const auto& s : symbols) {
                    ++ll_freq[s.litlen];
                    if (s.litlen > 256) ++d_freq[s.distance];
                }
                ll_freq[256] = 1;
                ll_len = huffman_lengths(ll_freq, 15);
                d_len = huffman_lengths(d_freq, 15);
                unsigned hlit = 286, hdist = 30;
                while (hlit > 257 && ll_len[hlit - 1] == 0) --hlit;
                while (hdist > 1 && d_len[hdist - 1] == 0) --hdist;
                // Run-length code the lengths with 16 (repeat previous), 17 and 18 (zeros).
                std::vector<std::uint8_t> all(ll_len.begin(), ll_len.begin() + hlit);
                all.insert(all.end(), d_len.begin(), d_len.begin() + hdist);
                struct Rle { unsigned symbol, extra, bits; };
                std::vector<Rle> rle;
                for (std::size_t i = 0; i < all.size();) {
                    std::size_t run = 1;
                    while (i + run < all.size() && all[i + run] == all[i]) ++run;
                    if (all[i] == 0 && run >= 11) {
                        const unsigned r = static_cast<unsigned>(std::min<std::size_t>(run, 138));
                        rle.push_back({18, r - 11, 7});
                        i += r;
                    } else if (all[i] == 0 && run >= 3) {
                        const unsigned r = static_cast<unsigned>(std::min<std::size_t>(run, 10));
                        rle.push_back({17, r - 3, 3});
                        i += r;
                    } else if (all[i] != 0 && run >= 4) {
                        rle.push_back({all[i], 0, 0});
                        const unsigned r = static_cast<unsigned>(std::min<std::size_t>(run - 1, 6));
                        rle.push_back({16, r - 3, 2});
                        i += 1 + r;
                    } else {
                        rle.push_back({all[i], 0, 0});
                        ++i;
                    }
                }
                std::vector<std::uint64_t> cl_freq(19);
                for (const auto& r : rle) ++cl_freq[r.symbol];
                auto cl_len = huffman_lengths(cl_freq, 7);
                if (std::count_if(cl_len.begin(), cl_len.end(), [](std::uint8_t l) { return l != 0; }) == 1) {
                    // A lone code-length symbol: give it a partner so the code is complete.
                    for (auto& l : cl_len)
                        if (l == 0) { l = 1; break; }
                }
                const auto cl_code = canonical_codes(cl_len);
                static const unsigned order[19] = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
                unsigned hclen = 19;
                while (hclen > 4 && cl_len[order[hclen - 1]] == 0) --hclen;
                w.put(hlit - 257, 5);
                w.put(hdist - 1, 5);
                w.put(hclen - 4, 4);
                for (unsigned i = 0; i < hclen; ++i) w.put(cl_len[order[i]], 3);
                for (const auto& r : rle) {
                    w.put_code(cl_code[r.symbol], cl_len[r.symbol]);
                    w.put(r.extra, r.bits);
                }
                ll_len.resize(288);
                d_len.resize(32);
            }
            put_symbols(w, symbols, ll_len, canonical_codes(ll_len), d_len, canonical_codes(d_len));
        }
        begin = end;
    } while (begin < data.size());
    return w.finish();
}

struct GzipFields {
    std::string name, comment;
    std::vector<std::uint8_t> extra;
    bool extra_present = false;
    bool header_crc = false;
};

inline void put_le32(std::vector<std::uint8_t>& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

/// One gzip member around a DEFLATE stream of `data`.
inline std::vector<std::uint8_t> gzip(const std::vector<std::uint8_t>& data, Mode mode = Mode::dynamic,
                                      const GzipFields& fields = GzipFields()) {
    std::vector<std::uint8_t> out = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3};
    std::uint8_t flags = 0;
    if (fields.header_crc) flags |= 0x02;
    if (fields.extra_present) flags |= 0x04;
    if (!fields.name.empty()) flags |= 0x08;
    if (!fields.comment.empty()) flags |= 0x10;
    out[3] = flags;
    if (fields.extra_present) {
        out.push_back(static_cast<std::uint8_t>(fields.extra.size()));
        out.push_back(static_cast<std::uint8_t>(fields.extra.size() >> 8));
        out.insert(out.end(), fields.extra.begin(), fields.extra.end());
    }
    if (!fields.name.empty()) { out.insert(out.end(), fields.name.begin(), fields.name.end()); out.push_back(0); }
    if (!fields.comment.empty()) { out.insert(out.end(), fields.comment.begin(), fields.comment.end()); out.push_back(0); }
    if (fields.header_crc) {
        const std::uint32_t crc = chemin::crc32(out.data(), out.size());
        out.push_back(static_cast<std::uint8_t>(crc));
        out.push_back(static_cast<std::uint8_t>(crc >> 8));
    }
    const auto body = deflate(data, mode);
    out.insert(out.end(), body.begin(), body.end());
    put_le32(out, chemin::crc32(data.data(), data.size()));
    put_le32(out, static_cast<std::uint32_t>(data.size()));
    return out;
}

/// A gzip member whose content is `prefix` followed by `zeros` zero bytes, built without holding the
/// content: one fixed-Huffman block of literals for the prefix, a literal 0, then (length 258,
/// distance 1) matches, 13 bits per 258 bytes (1 GiB of zeros in 6.8 MB). The trailer's CRC-32 is
/// computed over the content in 1 MiB pieces when `with_crc`, else left 0 (for streams the reader
/// must stop before their end); ISIZE is the size mod 2^32 as usual.
inline std::vector<std::uint8_t> gzip_zeros(const std::vector<std::uint8_t>& prefix, std::uint64_t zeros, bool with_crc) {
    std::vector<std::uint8_t> out = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3};
    BitWriter w;
    w.bytes.reserve(static_cast<std::size_t>(zeros / 158 + prefix.size() + 64));
    w.put(1, 1);  // final block
    w.put(1, 2);  // fixed Huffman
    std::vector<std::uint8_t> ll_len(288);
    for (int s = 0; s < 288; ++s) ll_len[s] = s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8;
    const auto ll_code = canonical_codes(ll_len);
    for (std::uint8_t b : prefix) w.put_code(ll_code[b], ll_len[b]);
    std::uint64_t left = zeros;
    if (left > 0) {
        w.put_code(ll_code[0], ll_len[0]);
        --left;
    }
    while (left >= 3) {
        const unsigned length = left >= 258 + 3 || left == 258 ? 258u : static_cast<unsigned>(left < 258 ? left : left - 3);
        Symbol s{};
        length_symbol(length, s);
        w.put_code(ll_code[s.litlen], ll_len[s.litlen]);
        w.put(s.extra_value, s.extra_bits);
        w.put_code(0, 5);  // distance code 0: distance 1, no extra bits
        left -= length;
    }
    for (; left > 0; --left) w.put_code(ll_code[0], ll_len[0]);
    w.put_code(ll_code[256], ll_len[256]);
    const auto body = w.finish();
    out.insert(out.end(), body.begin(), body.end());
    std::uint32_t crc = 0;
    if (with_crc) {
        crc = chemin::Crc32::update(0, prefix.data(), prefix.size());
        const std::vector<std::uint8_t> piece(1 << 20, 0);
        for (std::uint64_t done = 0; done < zeros; done += piece.size())
            crc = chemin::Crc32::update(crc, piece.data(), static_cast<std::size_t>(std::min<std::uint64_t>(piece.size(), zeros - done)));
    }
    put_le32(out, crc);
    put_le32(out, static_cast<std::uint32_t>(prefix.size() + zeros));
    return out;
}

/// Bytes that compress a little (runs and repeats) and a little not (noise), from a seed.
inline std::vector<std::uint8_t> sample_bytes(std::size_t n, std::uint64_t seed) {
    chemin::Rng rng(seed);
    std::vector<std::uint8_t> out;
    while (out.size() < n) {
        const auto kind = rng.below(4);
        const std::size_t len = 1 + rng.below(300);
        if (kind == 0) out.insert(out.end(), len, static_cast<std::uint8_t>(rng.below(256)));
        else if (kind == 1 && out.size() > 10) {
            const std::size_t back = 1 + rng.below(std::min<std::size_t>(out.size(), 40000));
            for (std::size_t i = 0; i < len; ++i) out.push_back(out[out.size() - back]);
        } else
            for (std::size_t i = 0; i < len; ++i) out.push_back(static_cast<std::uint8_t>(rng.below(kind == 2 ? 4 : 256)));
    }
    out.resize(n);
    return out;
}

}  // namespace test_deflate

#endif
