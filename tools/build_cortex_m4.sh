#!/usr/bin/env bash
# Cross-compiles the embedded example (examples/embedded/cortex_m4_mlp.cpp) for a Cortex-M4F and
# prints its flash and RAM size; runs it under QEMU (MPS2 AN386 board) when qemu-system-arm is there
# and checks that the device predicts what the host predicted.
#
#   CHEMIN_DATA=/path/to/mnist tools/build_cortex_m4.sh [BUILD_DIR]     (default build/cortex-m4)
#
# Needs Debian's gcc-arm-none-eabi and libstdc++-arm-none-eabi-newlib (and qemu-system-arm to run).
# Steps: (1) build and run the host program emit_tiny_mlp, which trains a 784-32-16-10 MLP on MNIST
# and writes tiny_mlp_weights.h (const weights + 20 test images) into BUILD_DIR (never committed);
# (2) arm-none-eabi-g++ -Os -fno-exceptions -fno-rtti; (3) check that no malloc is linked;
# (4) arm-none-eabi-size. Ends with: RESULT elf=<path> flash_bytes=<n> ram_bytes=<n>
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build/cortex-m4}"
mkdir -p "$build"
build="$(cd "$build" && pwd)"

for tool in arm-none-eabi-g++ arm-none-eabi-size arm-none-eabi-nm; do
  command -v "$tool" >/dev/null || { echo "error: $tool not found (apt-get install -y gcc-arm-none-eabi libstdc++-arm-none-eabi-newlib)" >&2; exit 1; }
done
[ -n "${CHEMIN_DATA:-}" ] || { echo "error: set CHEMIN_DATA to the MNIST folder (the tiny MLP is trained on it)" >&2; exit 1; }

# (1) Host: train and emit the weights header.
cmake -S "$root" -B "$build/host" -DCMAKE_BUILD_TYPE=Release -DCHEMIN_BUILD_TESTS=OFF -DCHEMIN_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build "$build/host" -j2 --target emit_tiny_mlp >/dev/null
"$build/host/examples/embedded/emit_tiny_mlp" "$build/tiny_mlp_weights.h"

# (2) Cross-compile: Cortex-M4 with single-precision FPU, size-optimised, no exceptions, no RTTI,
# no start files (the example has its own vector table and reset handler), newlib-nano for memcpy.
elf="$build/cortex_m4_mlp.elf"
arm-none-eabi-g++ -std=c++17 -mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16 \
  -Os -fno-exceptions -fno-rtti -fno-threadsafe-statics -ffunction-sections -fdata-sections \
  -Wall -Wextra -Werror -I"$root/include" -I"$build" -I"$root/examples/embedded" \
  "$root/examples/embedded/cortex_m4_mlp.cpp" -o "$elf" \
  -nostartfiles --specs=nano.specs --specs=nosys.specs -Wl,--gc-sections -Wl,-T,"$root/examples/embedded/mps2_an386.ld"

# (3) No heap: neither malloc nor operator new may be in the linked image.
if arm-none-eabi-nm "$elf" | grep -E ' (T|t|W) (_?malloc|_malloc_r|_Znwj|_Znaj)$'; then
  echo "error: the image links an allocator" >&2
  exit 1
fi
echo "no malloc or operator new in $elf"

# (4) Sizes: flash = .text + .data (initial values), RAM = .data + .bss (the stack is not counted).
read -r text data bss _ < <(arm-none-eabi-size "$elf" | tail -1)
arm-none-eabi-size "$elf"

if command -v qemu-system-arm >/dev/null; then
  echo "running under qemu-system-arm -M mps2-an386:"
  timeout 60 qemu-system-arm -M mps2-an386 -nographic -monitor none -serial none -semihosting -kernel "$elf"
fi
echo "RESULT elf=$elf flash_bytes=$((text + data)) ram_bytes=$((data + bss))"
