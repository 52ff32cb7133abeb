// The board side shared by the Cortex-M4 examples (float MLP, int8 MLP, int8 LeNet): ARM semihosting
// output, a minimal start-up (data copy, .bss clear, FPU enable) and the vector table for the MPS2 AN386
// board as QEMU models it. The including file defines `int main()`; include this header once per image.
#ifndef CHEMIN_EXAMPLES_EMBEDDED_MPS2_STARTUP_HPP
#define CHEMIN_EXAMPLES_EMBEDDED_MPS2_STARTUP_HPP

int main();

namespace board {
/// ARM semihosting call (ARM DUI 0471, "Semihosting operations"): bkpt 0xAB with the operation in r0.
inline int semihost(int operation, const void* argument) {
    register int r0 __asm__("r0") = operation;
    register const void* r1 __asm__("r1") = argument;
    __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}
inline void print(const char* text) { semihost(0x04, text); }  // SYS_WRITE0
inline void print_number(unsigned value) {
    char digits[12];
    int n = 11;
    digits[n] = '\0';
    do {
        digits[--n] = static_cast<char>('0' + value % 10);
        value /= 10;
    } while (value != 0);
    print(digits + n);
}

// SysTick, the Cortex-M's 24-bit down-counter (ARMv7-M Architecture Reference Manual, B3.3), clocked by
// the core clock. Under `qemu-system-arm -icount shift=0` QEMU's virtual clock advances exactly 1 ns
// per guest instruction, so SysTick ticks count instructions (one tick per 40 on this 25 MHz board);
// InferenceCounter calibrates the ratio with a loop of known length instead of trusting it.
inline volatile unsigned& systick_register(unsigned address) { return *reinterpret_cast<volatile unsigned*>(address); }
inline void systick_start() {
    systick_register(0xE000E014) = 0xFFFFFFu;  // SYST_RVR: reload value, the full 24 bits
    systick_register(0xE000E018) = 0;          // SYST_CVR: any write clears the current value
    systick_register(0xE000E010) = 5;          // SYST_CSR: ENABLE | CLKSOURCE (core clock), no interrupt
}
inline unsigned systick_now() { return systick_register(0xE000E018) & 0xFFFFFFu; }
/// Ticks from `start` to now (the counter counts down and wraps at 2^24).
inline unsigned systick_since(unsigned start) { return (start - systick_now()) & 0xFFFFFFu; }
/// A loop of exactly 2 n instructions (n times subs and bne), to calibrate ticks against instructions.
inline void known_loop(unsigned n) {
    __asm__ volatile("1: subs %0, %0, #1\n bne 1b" : "+r"(n) : : "cc");
}

/// Built with -DCHEMIN_EXAMPLE_COUNT_INSTRUCTIONS (tools/build_cortex_m4.sh does it for a second image
/// run under -icount shift=0): measures the SysTick ticks of every inference and of a known loop, and
/// prints them; the script turns them into instructions per inference. Without the macro it is empty.
struct InferenceCounter {
#ifdef CHEMIN_EXAMPLE_COUNT_INSTRUCTIONS
    static constexpr unsigned loop_instructions = 400000;
    unsigned total = 0, started = 0, loop_ticks = 0;
    InferenceCounter() {
        systick_start();
        const unsigned start = systick_now();
        known_loop(loop_instructions / 2);
        loop_ticks = systick_since(start);
    }
    void begin() { started = systick_now(); }
    void end() { total += systick_since(started); }
    void report() const {
        print(" inference_ticks=");
        print_number(total);
        print(" loop_ticks=");
        print_number(loop_ticks);
        print(" loop_instructions=");
        print_number(loop_instructions);
    }
#else
    void begin() {}
    void end() {}
    void report() const {}
#endif
};

/// What both examples print about their predictions: each one as it comes (add), then
/// `RESULT device_matches_host=A/N device_correct=C` (report; the caller adds its own fields and the
/// newline). A counts the predictions equal to the host's, C those equal to the label.
struct PredictionTally {
    unsigned images = 0, agree = 0, correct = 0;
    void add(unsigned prediction, unsigned host_prediction, unsigned label) {
        print(" ");
        print_number(prediction);
        ++images;
        agree += prediction == host_prediction ? 1u : 0u;
        correct += prediction == label ? 1u : 0u;
    }
    void report() const {
        print("\nRESULT device_matches_host=");
        print_number(agree);
        print("/");
        print_number(images);
        print(" device_correct=");
        print_number(correct);
    }
    bool all_agree() const { return agree == images; }
};
}  // namespace board

// ---- Minimal start-up for the MPS2 AN386 board (Cortex-M4F) -----------------------------------
extern "C" {
extern unsigned __data_load__, __data_start__, __data_end__, __bss_start__, __bss_end__, __stack_top__;
void reset_handler() {
    // Copy initialised data from flash to RAM and clear .bss, as the C++ standard expects.
    unsigned* from = &__data_load__;
    for (unsigned* to = &__data_start__; to < &__data_end__;) *to++ = *from++;
    for (unsigned* to = &__bss_start__; to < &__bss_end__;) *to++ = 0;
    // Give the FPU full access (CPACR, coprocessors 10 and 11) before any float instruction.
    *reinterpret_cast<volatile unsigned*>(0xE000ED88) |= 0xFu << 20;
    __asm__ volatile("dsb\n isb");
    const int status = main();
    // SYS_EXIT: on 32-bit ARM, r1 holds the reason itself. ADP_Stopped_ApplicationExit (0x20026) makes
    // QEMU exit with status 0; ADP_Stopped_RunTimeErrorUnknown (0x20023) with status 1.
    board::semihost(0x18, reinterpret_cast<const void*>(status == 0 ? 0x20026u : 0x20023u));
    for (;;) {
    }
}
void fault_handler() {
    board::print("fault\n");
    for (;;) {
    }
}
__attribute__((section(".vectors"), used)) void (*const vector_table[16])() = {
    reinterpret_cast<void (*)()>(&__stack_top__), reset_handler, fault_handler, fault_handler, fault_handler,
    fault_handler, fault_handler, nullptr, nullptr, nullptr, nullptr, fault_handler, fault_handler, nullptr,
    fault_handler, fault_handler};
}

#endif  // CHEMIN_EXAMPLES_EMBEDDED_MPS2_STARTUP_HPP
