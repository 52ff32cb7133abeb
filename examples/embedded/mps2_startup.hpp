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
