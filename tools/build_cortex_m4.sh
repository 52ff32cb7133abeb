#!/usr/bin/env bash
# Cross-compiles an embedded example for a Cortex-M4F and prints its flash and RAM size; runs it under
# QEMU (MPS2 AN386 board) when qemu-system-arm is there and checks that the device predicts what the
# host predicted.
#
#   tools/build_cortex_m4.sh [--int8 | --int8-lenet] [BUILD_DIR]   (MNIST: data/mnist, or CHEMIN_DATA when set)
#
#   (no flag)      the float 784-32-16-10 MLP (examples/embedded/cortex_m4_mlp.cpp), default build/cortex-m4
#   --int8         the same MLP, trained the same way, quantised to int8 (cortex_m4_int8.cpp), default
#                  build/cortex-m4-int8; the image must contain no floating-point instruction
#   --int8-lenet   the LeNet-style CNN quantised to int8, default build/cortex-m4-int8-lenet
#
# Needs Debian's gcc-arm-none-eabi and libstdc++-arm-none-eabi-newlib (and qemu-system-arm to run).
# Steps: (1) build and run the host program emit_tiny_mlp, which trains the network on MNIST and writes
# its const weights, 20 test images and the host's predictions for them into BUILD_DIR (never committed);
# (2) arm-none-eabi-g++ -Os -fno-exceptions -fno-rtti; (3) check that no malloc is linked (and, for int8,
# that no FPU instruction is); (4) arm-none-eabi-size; (5) QEMU, and the instructions per inference
# counted with SysTick under -icount shift=0 (see step 5 below).
# Ends with: RESULT elf=<path> flash_bytes=<n> ram_bytes=<n> qemu_match=<n>/20 instructions_per_inference=<n>
#            (int8 also: reference_match=<n>/20, the device's kernels against chemin::reference, every layer)
#            (qemu_match=none and instructions_per_inference=none without QEMU)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
variant=float
case "${1:-}" in
  --int8) variant=int8; shift ;;
  --int8-lenet) variant=int8-lenet; shift ;;
  --*) echo "error: unknown option '$1' (expected --int8 or --int8-lenet)" >&2; exit 2 ;;
esac
case "$variant" in
  float) default_build="$root/build/cortex-m4"; emit_flags=(); source_file=cortex_m4_mlp.cpp; header=tiny_mlp_weights.h; defines=() ;;
  int8) default_build="$root/build/cortex-m4-int8"; emit_flags=(--int8); source_file=cortex_m4_int8.cpp; header=tiny_int8_weights.h; defines=() ;;
  int8-lenet) default_build="$root/build/cortex-m4-int8-lenet"; emit_flags=(--lenet); source_file=cortex_m4_int8.cpp; header=tiny_int8_weights.h; defines=(-DCHEMIN_EXAMPLE_LENET) ;;
esac
build="${1:-$default_build}"
mkdir -p "$build"
build="$(cd "$build" && pwd)"

for tool in arm-none-eabi-g++ arm-none-eabi-size arm-none-eabi-nm arm-none-eabi-objdump; do
  command -v "$tool" >/dev/null || { echo "error: $tool not found (apt-get install -y gcc-arm-none-eabi libstdc++-arm-none-eabi-newlib)" >&2; exit 1; }
done

# (1) Host: train (and quantise) and emit the weights header.
cmake -S "$root" -B "$build/host" -DCMAKE_BUILD_TYPE=Release -DCHEMIN_BUILD_TESTS=OFF -DCHEMIN_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build "$build/host" -j2 --target emit_tiny_mlp >/dev/null
"$build/host/examples/embedded/emit_tiny_mlp" "$build/$header" ${emit_flags[@]+"${emit_flags[@]}"}

# (2) Cross-compile: Cortex-M4 with single-precision FPU, size-optimised, no exceptions, no RTTI,
# no start files (the example has its own vector table and reset handler), newlib-nano for memcpy.
# The int8 images use the same flags, so the sizes compare like with like.
cross_compile() {  # cross_compile OUTPUT.elf [extra flags...]
  local out="$1"
  shift
  arm-none-eabi-g++ -std=c++17 -mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16 \
    -Os -fno-exceptions -fno-rtti -fno-threadsafe-statics -ffunction-sections -fdata-sections \
    -Wall -Wextra -Werror ${defines[@]+"${defines[@]}"} "$@" -I"$root/include" -I"$build" -I"$root/examples/embedded" \
    "$root/examples/embedded/$source_file" -o "$out" \
    -nostartfiles --specs=nano.specs --specs=nosys.specs -Wl,--gc-sections -Wl,-T,"$root/examples/embedded/mps2_an386.ld"
}
run_qemu() {  # run_qemu ELF OUTPUT_FILE [extra QEMU flags...]: semihosting output goes to the file
  local image="$1" out="$2"
  shift 2
  rm -f "$out"
  timeout 300 qemu-system-arm -M mps2-an386 -nographic -monitor none -serial none "$@" \
    -chardev file,id=semihost,path="$out" -semihosting-config enable=on,chardev=semihost \
    -kernel "$image" || echo "QEMU exited with status $? (the device disagreed with the host, or faulted)"
}
elf="$build/${source_file%.cpp}.elf"
cross_compile "$elf"

# (3) No heap: neither malloc nor operator new may be in the linked image.
if arm-none-eabi-nm "$elf" | grep -E ' (T|t|W) (_?malloc|_malloc_r|_Znwj|_Znaj)$'; then
  echo "error: the image links an allocator" >&2
  exit 1
fi
echo "no malloc or operator new in $elf"
# The int8 images compute with integers only: no VFP instruction (vadd.f32, vmul.f32, vcvt, ...) at all.
if [ "$variant" != float ]; then
  fpu_lines="$(arm-none-eabi-objdump -d "$elf" | grep -cE $'\tv[a-z]+(\\.[a-z0-9]+)*\t' || true)"
  if [ "$fpu_lines" != 0 ]; then
    echo "error: the int8 image contains $fpu_lines floating-point instructions" >&2
    exit 1
  fi
  echo "no floating-point instruction in $elf"
fi

# (4) Sizes: flash = .text + .data (initial values), RAM = .data + .bss (the stack is not counted).
read -r text data bss _ < <(arm-none-eabi-size "$elf" | tail -1)
arm-none-eabi-size "$elf"

match=none
instructions=none
if command -v qemu-system-arm >/dev/null; then
  echo "running under qemu-system-arm -M mps2-an386:"
  # Semihosting output goes to a file (QEMU writes it to the terminal otherwise, where it cannot be read back).
  run_qemu "$elf" "$build/qemu_output.txt"
  cat "$build/qemu_output.txt"
  match="$(sed -n 's/.*device_matches_host=\([0-9]*\/[0-9]*\).*/\1/p' "$build/qemu_output.txt" | tail -1)"
  [ -n "$match" ] || match=failed

  # (5) Instructions per inference. Debian's QEMU ships no TCG plugin (no libinsn.so), so: a second image
  # built with -DCHEMIN_EXAMPLE_COUNT_INSTRUCTIONS reads SysTick around each forward pass, and QEMU runs it
  # with -icount shift=0 (virtual time = 1 ns per guest instruction); a loop of known length converts
  # ticks to instructions. Counted: the forward pass only (not the input conversion), mean of the 20 images.
  counting="$build/${source_file%.cpp}_counting.elf"
  # The int8 counting image also checks every layer against chemin::reference on the device.
  check_flags=()
  [ "$variant" = float ] || check_flags=(-DCHEMIN_EXAMPLE_CHECK_REFERENCE)
  cross_compile "$counting" -DCHEMIN_EXAMPLE_COUNT_INSTRUCTIONS ${check_flags[@]+"${check_flags[@]}"}
  run_qemu "$counting" "$build/qemu_counting.txt" -icount shift=0
  ticks="$(sed -n 's/.* inference_ticks=\([0-9]*\).*/\1/p' "$build/qemu_counting.txt")"
  loop_ticks="$(sed -n 's/.* loop_ticks=\([0-9]*\).*/\1/p' "$build/qemu_counting.txt")"
  loop_instructions="$(sed -n 's/.* loop_instructions=\([0-9]*\).*/\1/p' "$build/qemu_counting.txt")"
  reference="$(sed -n 's/.* reference_match=\([0-9]*\/[0-9]*\).*/\1/p' "$build/qemu_counting.txt")"
  [ -z "$reference" ] || echo "on the device, the int8 kernels equal chemin::reference (every layer, bit for bit) for $reference images"
  if [ -n "$ticks" ] && [ -n "$loop_ticks" ] && [ "$loop_ticks" -gt 0 ]; then
    instructions=$(( (ticks * loop_instructions + loop_ticks * 10) / (loop_ticks * 20) ))
    echo "instruction count: $ticks SysTick ticks for 20 inferences; $loop_ticks ticks for a $loop_instructions-instruction loop"
  else
    instructions=failed
  fi
fi
extra=""
[ "$variant" = float ] || extra=" reference_match=${reference:-none}"
echo "RESULT elf=$elf flash_bytes=$((text + data)) ram_bytes=$((data + bss)) qemu_match=$match instructions_per_inference=$instructions$extra"
